package io.cagelab.exercise;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.account.UserAccountRepository;
import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt is kept without words and told in the language of whoever reads it, whatever language it was graded
 * in; attempts graded before are shown as they were graded.
 */
class AttemptLanguageTests extends IntegrationTest {

	private static final ResourceBundle RULES_EN = ResourceBundle.getBundle("grading/rules", Locale.ROOT);

	private static final ResourceBundle RULES_FR = ResourceBundle.getBundle("grading/rules", Locale.FRENCH);

	@Autowired
	AttemptHistory history;

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	UserAccountRepository accounts;

	@Autowired
	SandboxService sandboxes;

	@Autowired
	DatabaseClient database;

	@Autowired
	MessageSource messages;

	@AfterEach
	void closeSandboxes() {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().startsWith("lang-"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	@Test
	void aDockerfileGradedInFrenchIsReadInEnglishAndTheOtherWayRound() {
		BrowserSession learner = learner("lang-dockerfile");
		String path = "/api/exercises/non-root-dockerfile/submissions";
		Map<String, String> rootImage = Map.of("content", "FROM python:3.12-alpine\nCOPY app/ /opt/app/\n");
		// A first attempt: the rule says what is wrong, its exact fix held back until the second.
		learner.postJson(path + "?lang=fr", rootImage).expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'user')].message")
			.isEqualTo(fixHeld(RULES_FR.getString("HR-01.fail.dockerfile"), Locale.FRENCH))
			.jsonPath("$.checks[?(@.id == 'user')].hint").isEqualTo(hint("non-root-dockerfile", "user", Language.FR));

		learner.get(path + "?lang=en").expectStatus().isOk().expectBody()
			.jsonPath("$[0].checks[?(@.id == 'user')].message")
			.isEqualTo(fixHeld(RULES_EN.getString("HR-01.fail.dockerfile"), Locale.ENGLISH))
			.jsonPath("$[0].checks[?(@.id == 'user')].hint").isEqualTo(hint("non-root-dockerfile", "user", Language.EN))
			.jsonPath("$[0].checks[?(@.id == 'user')].line").isEqualTo(1)
			.jsonPath("$[0].checks[?(@.id == 'user')].cis").isEqualTo("4.1")
			.jsonPath("$[0].checks[?(@.id == 'no-setuid')].message").isEqualTo(RULES_EN.getString("HR-31.pass"))
			.jsonPath("$[0].checks[?(@.id == 'no-setuid')].hint").value(AttemptLanguageTests::none);

		learner.postJson(path + "?lang=en", Map.of("content", "FROM python:3.12-alpine\nUSER 10001:10001\n"))
			.expectStatus().isCreated();
		RenderedAttempt latest = this.history.latest(accountId("lang-dockerfile"), "non-root-dockerfile", Locale.FRENCH)
			.block();
		assertThat(latest.content()).isEqualTo("FROM python:3.12-alpine\nUSER 10001:10001\n");
		assertThat(check(latest, "user").passed()).isTrue();
		assertThat(check(latest, "user").message()).isEqualTo(RULES_FR.getString("HR-01.pass"));
		assertThat(check(latest, "user").hint()).isNull();
		assertThat(this.history.attempts(accountId("lang-dockerfile"), "non-root-dockerfile", Locale.ENGLISH)
			.map(RenderedAttempt::id).collectList().block()).hasSize(2).startsWith(latest.id());
	}

	@Test
	void whatTheFloorRefusesIsToldInTheReadersLanguageReasonByReason() {
		BrowserSession learner = learner("lang-run-line");
		String path = "/api/exercises/harden-a-run-line/submissions";
		learner.postJson(path + "?lang=en", Map.of("content", "docker run --privileged -v /:/host --user 1000 web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'runs-unprivileged')].message").isEqualTo("Not run: your container is never"
					+ " started here because it is privileged; it mounts a host path. Fix that first.");
		RenderedAttempt read = this.history.latest(accountId("lang-run-line"), "harden-a-run-line", Locale.FRENCH)
			.block();
		assertThat(check(read, "runs-unprivileged").message()).isEqualTo("Non exécuté\u00a0: votre conteneur n'est jamais"
				+ " démarré ici car il est privilégié\u202f; il monte un chemin de l'hôte. Corrigez d'abord cela.");
		assertThat(check(read, "fork-bomb").message())
			.isEqualTo(fixHeld(RULES_FR.getString("HR-09.fail"), Locale.FRENCH));
		assertThat(read.content()).contains("--privileged");
	}

	@Test
	void aQuizGradedInEnglishIsReadInFrenchWithItsAuthorsOwnTexts() {
		BrowserSession learner = learner("lang-quiz");
		Exercise quiz = this.catalog.exercise("capabilities-quiz").block();
		learner.postJson("/api/exercises/capabilities-quiz/submissions?lang=en",
				Map.of("answers", Map.of("which-for-what", List.of(1), "privileged", List.of(3))))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[?(@.id == 'which-for-what')].message")
			.isEqualTo(((Check.Quiz) quiz.checks().get(0)).explanation(Language.EN))
			.jsonPath("$.checks[?(@.id == 'privileged')].message").isEqualTo("Not the right answer.");

		learner.get("/api/exercises/capabilities-quiz/submissions?lang=fr").expectStatus().isOk().expectBody()
			.jsonPath("$[0].checks[?(@.id == 'which-for-what')].message")
			.isEqualTo(((Check.Quiz) quiz.checks().get(0)).explanation(Language.FR))
			.jsonPath("$[0].checks[?(@.id == 'which-for-what')].hint").value(AttemptLanguageTests::none)
			.jsonPath("$[0].checks[?(@.id == 'privileged')].message").isEqualTo("Ce n'est pas la bonne réponse.")
			.jsonPath("$[0].checks[?(@.id == 'privileged')].hint").isEqualTo(hint("capabilities-quiz", "privileged",
					Language.FR))
			.jsonPath("$[0].checks[?(@.id == 'how-many')].message").isEqualTo("Pas de réponse.");
		RenderedAttempt read = this.history.latest(accountId("lang-quiz"), "capabilities-quiz", Locale.FRENCH).block();
		assertThat(read.answers()).containsEntry("which-for-what", List.of(1)).containsEntry("privileged", List.of(3));
		assertThat(read.content()).isEmpty();
	}

	@Test
	void aProbeOfTheSandboxGradedInFrenchIsReadInEnglish() {
		BrowserSession learner = learner("lang-probe");
		learner.postJson("/api/sandboxes", Map.of("exercise", "fork-bomb-contained")).expectStatus().isCreated();
		learner.postJson("/api/exercises/fork-bomb-contained/submissions?lang=fr", Map.of()).expectStatus().isCreated()
			.expectBody()
			.jsonPath("$.checks[0].message").isEqualTo("Pas encore\u00a0: ce n'est pas ce que montre votre bac à sable.")
			.jsonPath("$.checks[0].hint").isEqualTo(hint("fork-bomb-contained", "hit-the-ceiling", Language.FR));

		RenderedAttempt read = this.history.latest(accountId("lang-probe"), "fork-bomb-contained", Locale.ENGLISH)
			.block();
		RenderedCheck probe = check(read, "hit-the-ceiling");
		assertThat(probe.kind()).isEqualTo("probe");
		assertThat(probe.passed()).isFalse();
		assertThat(probe.message()).isEqualTo("Not yet: this is not what your sandbox shows.");
		assertThat(probe.hint()).isEqualTo(hint("fork-bomb-contained", "hit-the-ceiling", Language.EN));
	}

	@Test
	void anAttemptGradedBeforeMessagesWereKeptIsShownAsItWasGraded() {
		long owner = 990_001;
		String french = """
				[{"id":"what-chroot-changes","kind":"quiz","rule":null,"cis":"","passed":true,"points":1,"earned":1,
				  "line":0,"message":"chroot(2) change seulement…","hint":null},
				 {"id":"still-shared","kind":"quiz","rule":null,"cis":"","passed":false,"points":2,"earned":0,
				  "line":0,"message":"Faux.","hint":"chroot confine les noms de chemins."}]""";
		insertOldAttempt("old-with-verdicts", owner, "chroot-quiz", french, "2026-11-01T09:00:00Z");
		// As V8 filled attempt_check for the attempts before it: verdicts, no words.
		this.database.sql("insert into attempt_check (submission_id, position, check_id, kind, passed, points, earned)"
				+ " values ('old-with-verdicts', 0, 'what-chroot-changes', 'quiz', true, 1, 1),"
				+ " ('old-with-verdicts', 1, 'still-shared', 'quiz', false, 2, 0)").then().block();
		// The first format: no kind, every check a rule; and a result V8 could not read.
		insertOldAttempt("old-first-format", owner, "chroot-quiz", """
				[{"id":"user","rule":"HR-01","cis":"4.1","passed":false,"points":3,"earned":0,"line":1,
				  "message":"The image runs as root.","hint":"End with USER 10001."}]""", "2026-10-01T09:00:00Z");
		insertOldAttempt("old-broken", owner, "chroot-quiz", "not json", "2026-09-01T09:00:00Z");

		List<RenderedAttempt> read = this.history.attempts(owner, "chroot-quiz", Locale.ENGLISH).collectList().block();
		assertThat(read).extracting(RenderedAttempt::id).containsExactly("old-with-verdicts", "old-first-format",
				"old-broken");
		assertThat(read.get(0).checks()).containsExactly(
				new RenderedCheck("what-chroot-changes", "quiz", null, "", true, 1, 1, 0, "chroot(2) change seulement…",
						null),
				new RenderedCheck("still-shared", "quiz", null, "", false, 2, 0, 0, "Faux.",
						"chroot confine les noms de chemins."));
		assertThat(read.get(1).checks()).containsExactly(new RenderedCheck("user", "rule", "HR-01", "4.1", false, 3, 0,
				1, "The image runs as root.", "End with USER 10001."));
		assertThat(read.get(2).checks()).isEmpty();
		assertThat(read.get(0).answers()).isEmpty();
		assertThat(this.history.latest(owner, "chroot-quiz", Locale.FRENCH).block().id()).isEqualTo("old-with-verdicts");
		assertThat(this.history.latest(owner, "no-such-exercise", Locale.FRENCH).blockOptional()).isEmpty();
	}

	private void insertOldAttempt(String id, long owner, String exercise, String result, String at) {
		this.database.sql("insert into submission (id, exercise_id, owner_id, content, score, max_score, result,"
				+ " submitted_at) values (:id, :exercise, :owner, '', 1, 3, :result, :at)")
			.bind("id", id)
			.bind("exercise", exercise)
			.bind("owner", owner)
			.bind("result", result)
			.bind("at", OffsetDateTime.parse(at).withOffsetSameInstant(ZoneOffset.UTC))
			.then()
			.block();
	}

	private long accountId(String username) {
		return this.accounts.findByUsername(username).block().id();
	}

	/** A rule's message as a first attempt tells it: what is wrong, and when the exact fix will be shown. */
	private String fixHeld(String message, Locale locale) {
		return TextRenderer.withoutFix(message) + " "
				+ this.messages.getMessage("feedback.fix-held", new Object[] { 2 }, locale);
	}

	private String hint(String exerciseId, String checkId, Language language) {
		return this.catalog.exercise(exerciseId).block().checks().stream()
			.filter((check) -> check.id().equals(checkId))
			.findFirst()
			.orElseThrow()
			.hint(language);
	}

	/** A passed check has no hint: its field is null. */
	private static void none(Object matched) {
		assertThat((List<?>) matched).containsOnlyNulls();
	}

	private static RenderedCheck check(RenderedAttempt attempt, String id) {
		return attempt.checks().stream().filter((check) -> check.id().equals(id)).findFirst().orElseThrow();
	}

}
