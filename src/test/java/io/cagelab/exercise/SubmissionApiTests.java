package io.cagelab.exercise;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionApiTests extends IntegrationTest {

	static final String PATH = "/api/exercises/harden-a-run-line/submissions";

	/**
	 * Each test hands in as a learner of its own: from the fifth attempt at harden-a-run-line, which shows its
	 * solution at the fourth, a hand-in is practice, never stored.
	 */
	static final AtomicInteger TEST = new AtomicInteger();

	@Autowired
	ExerciseCatalog catalog;

	BrowserSession learner;

	BrowserSession other;

	@BeforeEach
	void logIn() {
		this.learner = learner("sub-ann-" + TEST.incrementAndGet());
		this.other = learner("sub-ben");
	}

	@Test
	void theReferenceSolutionEarnsFullMarks() {
		Exercise exercise = this.catalog.exercise("harden-a-run-line").block();
		this.learner.postJson(PATH, Map.of("content", exercise.solution())).expectStatus().isCreated().expectBody()
			.jsonPath("$.score").isEqualTo(exercise.maxScore()).jsonPath("$.maxScore").isEqualTo(exercise.maxScore())
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.checks.length()").isEqualTo(exercise.checks().size())
			.jsonPath("$.checks[?(@.id == 'root-fs-is-read-only')].kind").isEqualTo("runtime")
			.jsonPath("$.checks[?(@.id == 'root-fs-is-read-only')].passed").isEqualTo(true);
		assertNoTrialContainerLeft();
	}

	@Test
	void theFirstThingALearnerTriesFailsWithTheRightExplanations() {
		this.learner.postJson(PATH + "?lang=en", Map.of("content", "docker run -d --user 1000 web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.fullMarks").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].passed").isEqualTo(true)
			.jsonPath("$.checks[?(@.id == 'no-new-privs-active')].passed").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'no-new-privs-active')].message").value((message) -> assertThat(
					message.toString()).contains("A container started from your settings shows otherwise")
				.contains("NoNewPrivs: 0"))
			.jsonPath("$.checks[?(@.id == 'non-root')].passed").isEqualTo(true)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].passed").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].cis").isEqualTo("5.29")
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].line").isEqualTo(1)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].hint")
			.isEqualTo("What stops a fork bomb in this container from filling the host's process table?");
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run -d --user 1000 web:1.4"))
			.expectBody().jsonPath("$.checks[?(@.id == 'fork-bomb')].message").value((message) -> assertThat(
					message.toString()).contains("Ajoutez --pids-limit"));
	}

	@Test
	void attemptsAreStoredAndEachLearnerSeesOnlyTheirOwn() {
		this.learner.postJson(PATH, Map.of("content", "docker run --privileged web:1.4")).expectStatus().isCreated();
		this.learner.get(PATH).expectStatus().isOk().expectBody().jsonPath("$.length()").value((n) -> assertThat(
				(Integer) n).isGreaterThanOrEqualTo(1)).jsonPath("$[0].checks[?(@.id == 'not-privileged')].passed")
			.isEqualTo(false);
		this.other.get(PATH).expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
	}

	@Test
	void badSubmissionsGetClearErrorsNeverA500() {
		this.learner.postJson(PATH, Map.of("content", "docker run --frobnicate web:1.4")).expectStatus()
			.isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The docker run command cannot be read, line 1, column 12: unknown option --frobnicate for docker run.");
		this.learner.postJson(PATH, Map.of("content", "docker run " + "-e A=b ".repeat(10_000) + "web:1.4"))
			.expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail").value((d) -> assertThat(d.toString())
				.contains("64 KiB"));
		this.learner.postJson(PATH, Map.of("content", "docker run web\u0000:1.4")).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((d) -> assertThat(d.toString()).contains("binary"));
		this.learner.postJson(PATH, Map.of("content", "")).expectStatus().isBadRequest();
		this.learner.postJson(PATH, Map.of("content", "echo hello")).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail").value((d) -> assertThat(d.toString()).contains("no docker run command"));
		this.learner.postJson("/api/exercises/fork-bomb-contained/submissions", Map.of("content", "x"))
			.expectStatus().isEqualTo(409);
		this.learner.postJson("/api/exercises/nope/submissions", Map.of("content", "x")).expectStatus().isNotFound();
		this.learner.postJson(PATH, Map.of("content", "docker run " + "-e A=b ".repeat(60_000) + "web:1.4"))
			.expectStatus().value((status) -> assertThat(status).isIn(400, 413));
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run --frobnicate web:1.4")).expectStatus()
			.isEqualTo(422).expectBody().jsonPath("$.detail").isEqualTo("Impossible de lire votre commande docker run,"
					+ " ligne 1, colonne 12\u00a0: option --frobnicate inconnue de docker run.");
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run " + "-e A=b ".repeat(10_000) + "web:1.4"))
			.expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail").isEqualTo("La réponse dépasse 64 Kio\u202f;"
					+ " votre commande docker run devrait tenir en bien moins.");
	}


	@Test
	void aComposeFileWhoseAliasRepeatsItselfIsRefusedAtTheAliasAndTheAppAnswersOn() {
		// The payload: it overflowed the stack, and the request never answered.
		String compose = "/api/exercises/harden-compose-service/submissions";
		Map<String, String> recursive = Map.of("content", "services:\n  api: &r\n    image: x\n    environment: *r\n");
		postJsonIn("en", compose, recursive).expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The compose file cannot be read, line 4, column 18: the alias *r is inside the node that &r"
					+ " names, so it would repeat itself without end; anchor only a part that does not hold the alias.");
		postJsonIn("fr", compose, recursive).expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("Impossible de lire votre fichier compose, ligne 4, colonne 18\u00a0: l'alias *r se trouve dans le"
					+ " nœud que nomme &r, et se répéterait donc sans fin\u202f; n'ancrez qu'une partie qui ne contient pas"
					+ " l'alias.");
		this.learner.get(compose).expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
	}

	/** Post JSON as {@link BrowserSession#postJson} does, from a browser that prefers {@code language}. */
	private WebTestClient.ResponseSpec postJsonIn(String language, String uri, Object body) {
		return this.learner.client().post().uri(uri).contentType(MediaType.APPLICATION_JSON)
			.header("X-XSRF-TOKEN", this.learner.csrfToken()).header(HttpHeaders.ACCEPT_LANGUAGE, language)
			.bodyValue(body).exchange();
	}

	@Test
	void whatTheFloorForbidsIsNeverRunAndTheRuntimeChecksSayWhy() {
		this.learner.postJson(PATH + "?lang=en", Map.of("content",
				"docker run --privileged --pid host -v /:/host --user 1000 web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].passed").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].message").isEqualTo("Not run: your container is never"
					+ " started here because it is privileged; it shares a namespace (--pid host); it mounts a host path."
					+ " Fix that first.");
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run --privileged web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].message").value((message) -> assertThat(
					message.toString()).contains("Non exécuté\u00a0: votre conteneur n'est jamais démarré ici car il est"
							+ " privilégié"));
		assertNoTrialContainerLeft();
	}

	@Test
	void aTmpfsOverTheKernelsFileSystemsIsNeverRun() {
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run --tmpfs /proc --user 1000 web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].message").value((message) -> assertThat(
					message.toString()).contains("son tmpfs sur").contains("masquerait ce que le noyau ou le moteur y monte"));
		assertNoTrialContainerLeft();
	}

	@Test
	void aQuestionSentWithoutAnAnswerIsLeftBlankNotAnError() {
		java.util.Map<String, Object> answers = new java.util.HashMap<>();
		answers.put("which-for-what", null);
		this.other.postJson("/api/exercises/capabilities-quiz/submissions?lang=en", Map.of("answers", answers))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'which-for-what')].message").isEqualTo("Not answered.");
	}

	@Test
	void aUserTheImageDoesNotKnowIsExplained() {
		this.learner.postJson(PATH + "?lang=en", Map.of("content", "docker run --user app web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].message").value((message) -> assertThat(
					message.toString()).contains("the user 'app' does not exist in the image the check runs on"));
		assertNoTrialContainerLeft();
	}

	@Test
	void quizAnswersAreGradedAndStored() {
		String quiz = "/api/exercises/capabilities-quiz/submissions";
		Exercise exercise = this.catalog.exercise("capabilities-quiz").block();
		this.learner.postJson(quiz + "?lang=fr", exercise.referenceSubmission()).expectStatus().isCreated().expectBody()
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.checks[0].message").isEqualTo(((Check.Quiz) exercise.checks().get(0)).explanation(
					io.cagelab.course.Language.FR));
		this.learner.postJson(quiz + "?lang=en", Map.of("answers", Map.of("which-for-what", java.util.List.of(0))))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'which-for-what')].passed").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'which-for-what')].message").isEqualTo("Not the right answer.")
			.jsonPath("$.checks[?(@.id == 'which-for-what')].hint").isEqualTo(exercise.checks().get(0)
				.hint(io.cagelab.course.Language.EN))
			.jsonPath("$.checks[?(@.id == 'privileged')].message").isEqualTo("Not answered.");
		this.learner.get(quiz).expectStatus().isOk().expectBody().jsonPath("$.length()").value((n) -> assertThat(
				(Integer) n).isGreaterThanOrEqualTo(2));
		this.learner.postJson(quiz, Map.of("answers", Map.of("which-for-what", java.util.List.of(0, 1))))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
			.isEqualTo("The question 'which-for-what' takes a single answer.");
		this.learner.postJson(quiz, Map.of("answers", Map.of("which-for-what", java.util.List.of(9))))
			.expectStatus().isBadRequest();
		this.learner.postJson(quiz, Map.of("answers", Map.of("nope", java.util.List.of(0))))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
			.isEqualTo("The answers name 'nope', which is not a question of this exercise.");
	}

	private static void assertNoTrialContainerLeft() {
		assertThat(io.cagelab.DockerCli.docker("ps", "-aq", "--filter", "name=cagelab-trial-",
				"--filter", "label=io.cagelab.installation=" + INSTALLATION).output()).isEmpty();
	}

}
