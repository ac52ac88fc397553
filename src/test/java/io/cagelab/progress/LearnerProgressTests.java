package io.cagelab.progress;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.account.UserAccountService;
import io.cagelab.course.CourseOrder;
import io.cagelab.course.Language;
import io.cagelab.exercise.Check;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.security.Viewer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A learner's own progress on every page that lists exercises. The learner of each test passes one exercise of the
 * chroot module (minimal-image), tries another twice without passing it (chroot-quiz) and leaves the lab
 * (build-a-chroot) untouched; another learner, who passes what the first only tried, never counts for them.
 */
class LearnerProgressTests extends IntegrationTest {

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	CourseOrder order;

	@Autowired
	LearnerProgress progress;

	@Autowired
	UserAccountService accounts;

	@Autowired
	DatabaseClient database;

	@Test
	void theQueryGivesTheBestScoreAttemptsAndLastAttemptOfTheLearnersOwnHandInsOnly() {
		Learner ann = learnerWithOnePassedOneTried("lp-query-ann");
		otherLearnerPassesWhatAnnTried("lp-query-ben");

		LearnerMarks marks = this.progress.marks(Viewer.system(), ann.id()).block();
		assertThat(marks.byExercise()).containsOnlyKeys("minimal-image", "chroot-quiz");
		ExerciseMark passed = marks.mark("minimal-image");
		assertThat(passed.passed()).isTrue();
		assertThat(passed.bestScore()).isEqualTo(exercise("minimal-image").maxScore()).isEqualTo(passed.maxScore());
		assertThat(passed.attempts()).isEqualTo(1);
		ExerciseMark tried = marks.mark("chroot-quiz");
		assertThat(tried.passed()).as("another learner passed it, not this one").isFalse();
		assertThat(tried.attempts()).isEqualTo(2);
		assertThat(tried.bestScore()).isEqualTo(ann.triedScore()).isLessThan(tried.maxScore());
		assertThat(tried.maxScore()).isEqualTo(exercise("chroot-quiz").maxScore());
		assertThat(tried.lastAttemptAt()).isCloseTo(ann.lastHandedInAt(), within(1, ChronoUnit.MILLIS));
		assertThat(marks.mark("build-a-chroot")).isNull();

		learner("lp-query-cleo");
		assertThat(this.progress.marks(Viewer.system(), learnerId("lp-query-cleo")).block().isEmpty()).isTrue();
	}

	@Test
	void theModuleListCountsEachModulesPassedExercisesAndTicksACompletedOne() {
		Learner ann = learnerWithOnePassedOneTried("lp-modules-ann");
		otherLearnerPassesWhatAnnTried("lp-modules-ben");
		passWithoutGrading(ann.id(), this.order.path(Language.EN).block().exerciseIds("vms-vs-containers"));

		Document page = page(ann.session(), "/modules?lang=en");
		assertThat(moduleProgress(page, "chroot")).isEqualTo("1 of 3 exercises passed");
		assertThat(moduleProgress(page, "cgroups")).isEqualTo("0 of 5 exercises passed");
		Element complete = moduleCard(page, "vms-vs-containers").selectFirst(".module-progress");
		assertThat(complete.attr("data-progress")).isEqualTo("complete");
		assertThat(complete.text()).isEqualTo("✓ Completed · 3 of 3 exercises passed");
		assertThat(complete.selectFirst("[aria-hidden=true]").text()).isEqualTo("✓");

		Document french = page(ann.session(), "/modules?lang=fr");
		assertThat(moduleProgress(french, "chroot")).isEqualTo("1 exercice réussi sur 3");
		assertThat(moduleProgress(french, "fork-bomb")).isEqualTo("0 exercice réussi sur 3");
		assertThat(moduleCard(french, "vms-vs-containers").selectFirst(".module-progress").text())
			.isEqualTo("✓ Terminé · 3 exercices réussis sur 3");

		assertThat(anonymousPage("/modules?lang=en").select(".module-progress")).isEmpty();
	}

	@Test
	void aModulePageMarksEachActivityPassedTriedOrNotStarted() {
		Learner ann = learnerWithOnePassedOneTried("lp-module-ann");
		otherLearnerPassesWhatAnnTried("lp-module-ben");
		int max = exercise("chroot-quiz").maxScore();

		Document page = page(ann.session(), "/modules/chroot?lang=en");
		assertThat(mark(page, "[data-activity=minimal-image]").attr("data-progress")).isEqualTo("passed");
		assertThat(mark(page, "[data-activity=minimal-image]").text()).isEqualTo("✓ Passed");
		assertThat(mark(page, "[data-activity=chroot-quiz]").attr("data-progress")).isEqualTo("tried");
		assertThat(mark(page, "[data-activity=chroot-quiz]").text()).isEqualTo("Best " + ann.triedScore() + "/" + max);
		assertThat(mark(page, "[data-activity=build-a-chroot]")).isNull();

		Document french = page(ann.session(), "/modules/chroot?lang=fr");
		assertThat(mark(french, "[data-activity=minimal-image]").text()).isEqualTo("✓ Réussi");
		assertThat(mark(french, "[data-activity=chroot-quiz]").wholeText())
			.isEqualTo("Meilleur score\u00a0: " + ann.triedScore() + "/" + max);

		assertThat(anonymousPage("/modules/chroot?lang=en").select(".progress-mark")).isEmpty();
		BrowserSession ben = BrowserSession.loggedIn(this.client, "lp-module-ben", LEARNER_PASSWORD);
		assertThat(mark(page(ben, "/modules/chroot?lang=en"), "[data-activity=minimal-image]"))
			.as("what Ann passed is nothing to Ben").isNull();
	}

	@Test
	void theLabListMarksEachLab() {
		Learner ann = learnerWithOnePassedOneTried("lp-labs-ann");
		otherLearnerPassesWhatAnnTried("lp-labs-ben");

		Document page = page(ann.session(), "/labs?lang=en");
		assertThat(mark(page, labCard("minimal-image")).text()).isEqualTo("✓ Passed");
		assertThat(mark(page, labCard("chroot-quiz")).text()).startsWith("Best " + ann.triedScore() + "/");
		assertThat(mark(page, labCard("build-a-chroot"))).isNull();
		assertThat(mark(page, labCard("capabilities-quiz"))).as("only the other learner tried it").isNull();
	}

	@Test
	void theHomePageSaysWhereToGoOn() {
		Learner ann = learnerWithOnePassedOneTried("lp-home-ann");
		otherLearnerPassesWhatAnnTried("lp-home-ben");

		Element resume = page(ann.session(), "/?lang=en").selectFirst("[data-progress=continue]");
		assertThat(resume.text()).isEqualTo("Continue where you left off");
		assertThat(resume.attr("href")).as("the latest attempt, not yet passed").isEqualTo("/labs/chroot-quiz");
		assertThat(page(ann.session(), "/?lang=en").getElementById(resume.attr("aria-describedby")).text())
			.startsWith("Next up: What chroot isolates, and what pivot_root adds, in module 3,");
		assertThat(page(ann.session(), "/?lang=fr").selectFirst("[data-progress=continue]").text())
			.isEqualTo("Reprendre là où vous en étiez");

		handIn(ann.session(), "chroot-quiz", null, rightAnswers(exercise("chroot-quiz")));
		assertThat(page(ann.session(), "/?lang=en").selectFirst("[data-progress=continue]").attr("href"))
			.as("passed: the next exercise not passed, in course order").isEqualTo("/labs/"
					+ this.order.path(Language.EN).block().exerciseIds("cgroups").get(0));

		BrowserSession newcomer = learner("lp-home-cleo");
		Element start = page(newcomer, "/?lang=en").selectFirst("[data-progress=start]");
		assertThat(start.text()).isEqualTo("Start the course");
		assertThat(start.attr("href")).isEqualTo("/modules/fork-bomb");

		BrowserSession dana = learner("lp-home-dana");
		passWithoutGrading(learnerId("lp-home-dana"), this.order.path(Language.EN).block().exerciseIds());
		Document done = page(dana, "/?lang=en");
		assertThat(done.select("[data-progress]")).isEmpty();
		assertThat(done.text()).contains("You have passed every exercise of the course.").contains("Review the course");

		Document anonymous = anonymousPage("/?lang=en");
		assertThat(anonymous.select("[data-progress]")).isEmpty();
		assertThat(anonymous.select(".actions a").eachAttr("href")).containsExactly("/modules", "/login");
	}

	@Test
	void aLabPagePutsTheLastHandInBackAndOffersTheNextExercise() {
		Learner ann = learnerWithOnePassedOneTried("lp-lab-ann");
		Exercise image = exercise("minimal-image");

		Document page = page(ann.session(), "/labs/minimal-image?lang=en");
		assertThat(page.getElementById("artifact").wholeText()).isEqualTo(image.solution());
		String handIn = page.getElementById("lab-restored").attr("data-hand-in");
		assertThat(ann.session().get("/api/exercises/minimal-image/submissions").expectBody(List.class).returnResult()
			.getResponseBody()).extracting((attempt) -> ((Map<?, ?>) attempt).get("id")).containsExactly(handIn);
		Element next = page.selectFirst("#lab-next a");
		String after = this.order.path(Language.EN).block().exerciseIds("cgroups").get(0);
		assertThat(next.attr("href")).as("the next exercise in course order").isEqualTo("/labs/" + after);
		assertThat(next.text()).isEqualTo("Next exercise: " + exercise(after).title(Language.EN));
		Document french = page(ann.session(), "/labs/minimal-image?lang=fr");
		assertThat(french.selectFirst("#lab-next a").wholeText())
			.isEqualTo("Exercice suivant\u00a0: " + exercise(after).title(Language.FR));
		assertThat(french.selectFirst("#lab-restored p").text()).isEqualTo("Votre dernier rendu, le {0}");

		Document quiz = page(ann.session(), "/labs/chroot-quiz?lang=en");
		Check first = exercise("chroot-quiz").checks().get(0);
		assertThat(quiz.select("[data-quiz=" + first.id() + "] input[checked]").eachAttr("value"))
			.containsExactlyElementsOf(((io.cagelab.exercise.Check.Quiz) first).answer().stream().map(String::valueOf).toList());
		Check second = exercise("chroot-quiz").checks().get(1);
		assertThat(quiz.select("[data-quiz=" + second.id() + "] input[checked]").eachAttr("value"))
			.containsExactly(String.valueOf(wrongChoice(second)));

		Document untouched = page(ann.session(), "/labs/non-root-dockerfile?lang=en");
		assertThat(untouched.getElementById("lab-restored")).isNull();
		assertThat(untouched.getElementById("artifact").wholeText()).isEmpty();
		assertThat(untouched.select("input[checked]")).isEmpty();
		assertThat(page(ann.session(), "/labs/supply-chain-dockerfile?lang=en").getElementById("lab-next"))
			.as("the course's last exercise").isNull();

		BrowserSession ben = learner("lp-lab-ben");
		assertThat(page(ben, "/labs/minimal-image?lang=en").getElementById("lab-restored"))
			.as("another learner's hand-in").isNull();
	}

	/** A learner who passed minimal-image, then tried chroot-quiz twice with its first question right only. */
	private Learner learnerWithOnePassedOneTried(String username) {
		BrowserSession session = learner(username);
		handIn(session, "minimal-image", exercise("minimal-image").solution(), null);
		Exercise quiz = exercise("chroot-quiz");
		Map<String, List<Integer>> answers = new LinkedHashMap<>();
		for (Check check : quiz.checks()) {
			answers.put(check.id(), List.of(wrongChoice(check)));
		}
		handIn(session, "chroot-quiz", null, answers);
		Check first = quiz.checks().get(0);
		answers.put(first.id(), List.copyOf(((io.cagelab.exercise.Check.Quiz) first).answer()));
		Map<?, ?> last = handIn(session, "chroot-quiz", null, answers);
		return new Learner(session, learnerId(username), (Integer) last.get("score"),
				Instant.parse((String) last.get("submittedAt")));
	}

	/** Another learner passes what the first only tried, and tries an exercise the first never opened. */
	private void otherLearnerPassesWhatAnnTried(String username) {
		BrowserSession other = learner(username);
		handIn(other, "chroot-quiz", null, rightAnswers(exercise("chroot-quiz")));
		handIn(other, "capabilities-quiz", null, Map.of());
	}

	private Map<?, ?> handIn(BrowserSession session, String exerciseId, String content,
			Map<String, List<Integer>> answers) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (content != null) {
			body.put("content", content);
		}
		if (answers != null) {
			body.put("answers", answers);
		}
		return session.postJson("/api/exercises/" + exerciseId + "/submissions", body).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	/** Full marks stored as if graded, for exercises that would need a sandbox to pass. */
	private void passWithoutGrading(long learnerId, List<String> exerciseIds) {
		for (String exerciseId : exerciseIds) {
			int max = exercise(exerciseId).maxScore();
			this.database.sql("insert into submission (id, exercise_id, owner_id, content, answers, score, max_score,"
					+ " result, submitted_at) values (:id, :exercise, :owner, '', '{}', :score, :score, '[]', :at)")
				.bind("id", UUID.randomUUID().toString())
				.bind("exercise", exerciseId)
				.bind("owner", learnerId)
				.bind("score", max)
				.bind("at", Instant.now().atOffset(ZoneOffset.UTC))
				.then()
				.block();
		}
	}

	private static Map<String, List<Integer>> rightAnswers(Exercise quiz) {
		return quiz.referenceSubmission().answers();
	}

	private static int wrongChoice(Check check) {
		for (int choice = 0;; choice++) {
			if (!((io.cagelab.exercise.Check.Quiz) check).answer().contains(choice)) {
				return choice;
			}
		}
	}

	private Exercise exercise(String id) {
		return this.catalog.exercise(id).block();
	}

	private long learnerId(String username) {
		return this.accounts.findByUsername(username).block().id();
	}

	private static Document page(BrowserSession session, String uri) {
		return Jsoup.parse(session.get(uri).expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody());
	}

	private Document anonymousPage(String uri) {
		return page(new BrowserSession(this.client), uri);
	}

	private static Element moduleCard(Document page, String moduleId) {
		return page.selectFirst("a[href=/modules/" + moduleId + "]").closest(".module-card");
	}

	private static String moduleProgress(Document page, String moduleId) {
		return moduleCard(page, moduleId).selectFirst(".module-progress").text();
	}

	private static String labCard(String exerciseId) {
		return ".module-card:has(a[href=/labs/" + exerciseId + "])";
	}

	private static Element mark(Document page, String container) {
		return page.selectFirst(container + " .progress-mark");
	}

	private record Learner(BrowserSession session, long id, int triedScore, Instant lastHandedInAt) {
	}

}
