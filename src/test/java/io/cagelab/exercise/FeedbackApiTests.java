package io.cagelab.exercise;

import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.course.Language;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the results of an attempt disclose, decided by the server from the learner's own count of attempts: an
 * attacker reading the JSON gets no more than the page shows.
 */
class FeedbackApiTests extends IntegrationTest {

	/** Words that send a learner to a sandbox terminal, which a hand-in page does not have. */
	static final java.util.regex.Pattern TERMINAL_CLAIM = java.util.regex.Pattern.compile("(?i)(your (own )?sandbox"
			+ "|any sandbox|sandbox terminal|votre (propre )?bac à sable|n'importe quel bac à sable|terminal de votre)");

	static final String RUN_LINE = "/api/exercises/limit-a-run-line/submissions";

	static final String WRONG_RUN_LINE = "docker run -d --memory 128m reports:3.2.0";

	@Autowired
	ExerciseCatalog catalog;

	@Test
	void hintsGrowAttemptByAttemptAndTheFixAndTheSolutionComeWhenTheExerciseSays() {
		Exercise exercise = this.catalog.exercise("limit-a-run-line").block();
		Check processLimit = exercise.check("process-limit").orElseThrow();
		BrowserSession ann = learner("fb-ann");

		ann.postJson(RUN_LINE + "?lang=en", Map.of("content", WRONG_RUN_LINE)).expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(1)
			.jsonPath("$.solution").doesNotExist()
			.jsonPath("$.coming").isEqualTo("Attempt 1. Failed checks get a stronger hint from attempt 2. The exact fix"
					+ " of each rule is shown from attempt 2. The reference solution is shown from attempt 3.")
			.jsonPath("$.checks[?(@.id == 'process-limit')].message").value((message) -> assertThat(message.toString())
				.contains("No valid process limit").contains("The exact fix is shown from attempt 2")
				.doesNotContain("Add --pids-limit"))
			.jsonPath("$.checks[?(@.id == 'process-limit')].title").isEqualTo("HR-09 · CIS 5.29")
			.jsonPath("$.checks[?(@.id == 'process-limit')].hint").isEqualTo(processLimit.hint(Language.EN))
			.jsonPath("$.checks[?(@.id == 'process-limit')].strongerHint").value(FeedbackApiTests::none)
			// A runtime check's own words say what it looked at, and it has a title of its own.
			.jsonPath("$.checks[?(@.id == 'pids-max')].title").isEqualTo("The process limit read inside the container")
			.jsonPath("$.checks[?(@.id == 'pids-max')].passed").isEqualTo(false)
			// Held back means held back everywhere: no hint of the first attempt names a flag of the solution.
			.jsonPath("$.checks[*].hint").value((hints) -> assertThat(hints.toString())
				.doesNotContain("--user").doesNotContain("--pids-limit").doesNotContain("--memory")
				.doesNotContain("--cpus"));

		ann.postJson(RUN_LINE + "?lang=fr", Map.of("content", WRONG_RUN_LINE)).expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(2)
			.jsonPath("$.solution").doesNotExist()
			.jsonPath("$.coming").isEqualTo("Tentative 2. La solution de référence est montrée à partir de la"
					+ " tentative 3.")
			.jsonPath("$.checks[?(@.id == 'process-limit')].message").value((message) -> assertThat(message.toString())
				.contains("Ajoutez --pids-limit"))
			.jsonPath("$.checks[?(@.id == 'process-limit')].strongerHint")
			.isEqualTo(processLimit.strongerHint(Language.FR))
			.jsonPath("$.checks[?(@.id == 'pids-max')].title").isEqualTo("La limite de processus lue dans le conteneur");

		ann.postJson(RUN_LINE + "?lang=en", Map.of("content", WRONG_RUN_LINE)).expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(3)
			.jsonPath("$.solution").isEqualTo(exercise.solution())
			.jsonPath("$.coming").doesNotExist();

		// Read back, each attempt discloses what it did when it was made, no more.
		ann.get(RUN_LINE + "?lang=en").expectStatus().isOk().expectBody()
			.jsonPath("$.length()").isEqualTo(3)
			.jsonPath("$[0].attempt").isEqualTo(3)
			.jsonPath("$[0].solution").isEqualTo(exercise.solution())
			.jsonPath("$[2].attempt").isEqualTo(1)
			.jsonPath("$[2].solution").doesNotExist()
			.jsonPath("$[2].checks[?(@.id == 'process-limit')].message").value((message) -> assertThat(message.toString())
				.doesNotContain("Add --pids-limit"))
			.jsonPath("$[2].checks[?(@.id == 'process-limit')].strongerHint").value(FeedbackApiTests::none);

		// Attempts are counted per learner: another one starts again from the first hint.
		learner("fb-ben").postJson(RUN_LINE + "?lang=en", Map.of("content", WRONG_RUN_LINE)).expectStatus().isCreated()
			.expectBody().jsonPath("$.attempt").isEqualTo(1).jsonPath("$.solution").doesNotExist();
	}

	@Test
	void fullMarksShowTheReferenceSolutionAtOnce() {
		Exercise exercise = this.catalog.exercise("non-root-dockerfile").block();
		learner("fb-cleo").postJson("/api/exercises/non-root-dockerfile/submissions",
				Map.of("content", exercise.solution()))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.attempt").isEqualTo(1)
			.jsonPath("$.solution").isEqualTo(exercise.solution())
			.jsonPath("$.coming").doesNotExist();
	}

	@Test
	void aQuizKeepsItsAnswersUntilAQuestionIsPassedOrTheAttemptsAreUsedUp() {
		Exercise quiz = this.catalog.exercise("hardening-quiz").block();
		String path = "/api/exercises/hardening-quiz/submissions?lang=en";
		Check first = quiz.checks().get(0);
		Check second = quiz.checks().get(1);
		BrowserSession dan = learner("fb-dan");

		// Everything wrong or left blank: no answer, no explanation, in any check.
		dan.postJson(path, Map.of("answers", Map.of(first.id(), List.of(wrong(first)))))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(1)
			.jsonPath("$.coming").value((coming) -> assertThat(coming.toString())
				.contains("The right answers are shown from attempt 3."))
			.jsonPath("$.checks[*].answer").value((answers) -> assertThat((List<?>) answers).allMatch((a) -> a == null))
			.jsonPath("$.checks[*].explanation").value((texts) -> assertThat((List<?>) texts).allMatch((t) -> t == null))
			.jsonPath("$.checks[?(@.id == '" + first.id() + "')].hint").isEqualTo(first.hint(Language.EN));

		// The first question right: its answer is shown, the others' still not.
		dan.postJson(path, Map.of("answers", Map.of(first.id(), List.copyOf(((Check.Quiz) first).answer()),
				second.id(), List.of(wrong(second)))))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(2)
			.jsonPath("$.checks[?(@.id == '" + first.id() + "')].passed").isEqualTo(true)
			.jsonPath("$.checks[?(@.id == '" + first.id() + "')].answer[*]").value((answer) -> assertThat(
					answer.toString().replace(" ", "")).isEqualTo(((Check.Quiz) first).answer().stream().sorted().toList().toString()
						.replace(" ", "")))
			.jsonPath("$.checks[?(@.id == '" + second.id() + "')].answer").value((answer) -> assertThat(
					(List<?>) answer).allMatch((a) -> a == null));

		// Used up: every answer shown, with why for the ones missed.
		dan.postJson(path, Map.of("answers", Map.of(second.id(), List.of(wrong(second)))))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.attempt").isEqualTo(3)
			.jsonPath("$.coming").doesNotExist()
			.jsonPath("$.solution").doesNotExist()
			.jsonPath("$.checks[?(@.id == '" + second.id() + "')].answer[*]").value((answer) -> assertThat(
					answer.toString().replace(" ", "")).isEqualTo(((Check.Quiz) second).answer().stream().sorted().toList().toString()
						.replace(" ", "")))
			.jsonPath("$.checks[?(@.id == '" + second.id() + "')].explanation")
			.isEqualTo(((Check.Quiz) second).explanation(Language.EN));

		// Read back, the first attempt still discloses nothing.
		dan.get(path).expectStatus().isOk().expectBody()
			.jsonPath("$[2].checks[*].answer").value((answers) -> assertThat((List<?>) answers).allMatch((a) -> a == null));

		// The answers in sight, handing them in is practice: graded, said so, never recorded, so the mark stays.
		Map<String, List<Integer>> rightAnswers = new java.util.LinkedHashMap<>();
		quiz.checks().stream().filter((check) -> check instanceof Check.Quiz)
			.forEach((check) -> rightAnswers.put(check.id(), List.copyOf(((Check.Quiz) check).answer())));
		dan.postJson(path, Map.of("answers", rightAnswers)).expectStatus().isOk().expectBody()
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.recorded").isEqualTo(false)
			.jsonPath("$.id").doesNotExist()
			.jsonPath("$.coming").value((note) -> assertThat(note.toString()).startsWith("Practice only")
				.contains("attempt 3 already showed the answers"));
		dan.get(path).expectStatus().isOk().expectBody()
			.jsonPath("$.length()").isEqualTo(3)
			.jsonPath("$[*].fullMarks").value((marks) -> assertThat(marks.toString()).doesNotContain("true"));

		// The page itself never carries the answers: only the choices, numbered.
		String page = dan.get("/labs/hardening-quiz?lang=en").expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		assertThat(page).doesNotContain(((Check.Quiz) quiz.checks().get(0)).explanation(Language.EN))
			.doesNotContain("data-answer");
	}

	@Test
	void aHandInExerciseStartsFromItsStarterFileUntilTheFirstHandIn() {
		Exercise exercise = this.catalog.exercise("harden-compose-service").block();
		assertThat(exercise.starter()).contains("shop-web:3.2").isNotEqualTo(exercise.solution());
		BrowserSession eve = learner("fb-eve");
		String page = eve.get("/labs/harden-compose-service?lang=en").expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		assertThat(Jsoup.parse(page).getElementById("artifact").wholeText()).isEqualTo(exercise.starter());
	}

	/**
	 * A hand-in page has no terminal: no sentence of its instructions sends the learner to "your sandbox" unless it
	 * links to a lab, where there is one, and the page says so itself.
	 */
	@Test
	void noHandInPageClaimsATerminalItDoesNotHave() {
		BrowserSession fay = learner("fb-fay");
		java.util.regex.Pattern claim = TERMINAL_CLAIM;
		List<String> found = new java.util.ArrayList<>();
		for (Exercise exercise : this.catalog.exercises().block()) {
			if (exercise.kind().code().equals("lab")) {
				continue;
			}
			for (String language : List.of("en", "fr")) {
				org.jsoup.nodes.Document page = Jsoup.parse(fay.get("/labs/" + exercise.id() + "?lang=" + language)
					.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
				if (exercise.takesArtifact()) {
					assertThat(page.select(".handin-note").text()).as(exercise.id() + " says it has no terminal")
						.contains(language.equals("fr") ? "Cette page n'a pas de terminal" : "This page has no terminal");
				}
				else {
					// A quiz starts no container: nothing to say about where containers start.
					assertThat(page.select(".handin-note")).as(exercise.id()).isEmpty();
				}
				for (org.jsoup.nodes.Element block : page.select(".lab-instructions .prose p, .lab-instructions .prose li")) {
					boolean linksToALab = !block.select("a[href^=/labs/]").isEmpty();
					if (claim.matcher(block.text()).find() && !linksToALab) {
						found.add(exercise.id() + " (" + language + "): " + block.text());
					}
				}
			}
		}
		assertThat(found).as("sentences that send the learner to a terminal the page does not have").isEmpty();
	}

	/** A choice that is not one of the question's right ones. */
	private static int wrong(Check question) {
		for (int i = 0;; i++) {
			if (!((Check.Quiz) question).answer().contains(i)) {
				return i;
			}
		}
	}

	/** A field that is null reads back as a list holding null, or as null itself. */
	private static void none(Object value) {
		if (value instanceof List<?> list) {
			assertThat(list).allMatch((item) -> item == null);
		}
		else {
			assertThat(value).isNull();
		}
	}

}
