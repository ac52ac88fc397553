package io.cagelab.authoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.progress.ProgressEvents;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cagelab.DockerCli.exec;
import static io.cagelab.DockerCli.exists;
import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preview as a learner over the real app, engine and database: the draft's own instructions and sandbox profile
 * (under the floor), its checks graded against the draft with everything shown and nothing recorded, a preview's
 * sandbox apart from its author's sandbox of the lab learners are served; nobody else finds any of it.
 */
class PreviewApiTests extends IntegrationTest {

	/** A lab whose sandbox is tighter than the floor's, with one check that looks into it. */
	static final String LAB = """
			id: %s
			module: fork-bomb
			kind: lab
			title: {en: Leave a mark, fr: Laisser une trace}
			sandbox:
			  pids-limit: 64
			  memory: 96MB
			checks:
			  - id: mark
			    kind: probe
			    title: {en: ~/mark.txt says previewed, fr: ~/mark.txt dit previewed}
			    command: cat /home/learner/mark.txt
			    expect: {exit: 0, output: previewed}
			    points: 2
			    hint: {en: Write the word into ~/mark.txt, fr: Écrivez le mot dans ~/mark.txt}
			    stronger-hint: {en: Run echo previewed > ~/mark.txt, fr: Lancez echo previewed > ~/mark.txt}
			solution: echo previewed > ~/mark.txt
			""";

	@Autowired
	SandboxService sandboxes;

	@Autowired
	DatabaseClient database;

	@Autowired
	ProgressEvents events;

	@AfterEach
	void closeSandboxes() {
		this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().startsWith("preview-api-"))
			.concatMap((sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id())).blockLast();
	}

	@Test
	void aTrainerPreviewsTheirDraftInASandboxOfItsProfileAndACheckIsGradedWithNothingRecorded() {
		BrowserSession trainer = loggedIn("preview-api-trainer", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(LAB.formatted("preview-api-lab"),
				"# Leave a mark\n\nThe draft's own words.\n", "# Laisser une trace\n\nLes mots du brouillon.\n", null))
			.expectStatus().isCreated();
		List<ProgressEvents.AttemptRecorded> recorded = new CopyOnWriteArrayList<>();
		Disposable listening = this.events.attempts().subscribe(recorded::add);
		try {
			page(trainer, "/authoring/preview-api-lab/preview?lang=fr").expectStatus().isOk().expectBody(String.class)
				.value((page) -> assertThat(page).contains("class=\"preview-banner\"")
					.contains(escaped("ne voient pas encore ce brouillon")).contains("href=\"/authoring/preview-api-lab\"")
					.contains("Les mots du brouillon.").contains("id=\"terminal\"")
					.contains("data-open-url=\"/api/authoring/exercises/preview-api-lab/preview/sandbox\"")
					.contains("data-submissions-url=\"/api/authoring/exercises/preview-api-lab/preview/submissions\""));

			Map<?, ?> sandbox = trainer.postJson("/api/authoring/exercises/preview-api-lab/preview/sandbox", Map.of())
				.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
			String container = (String) sandbox.get("containerId");
			assertThat(sandbox.get("exercise")).isEqualTo("preview:preview-api-lab");
			assertThat(inspect(container, "{{.HostConfig.PidsLimit}} {{.HostConfig.Memory}}"))
				.as("the draft's profile, tighter than the floor's 256 tasks and 256 MiB")
				.isEqualTo("64 " + 96L * 1024 * 1024);

			check(trainer, "preview-api-lab").expectStatus().isOk().expectBody()
				.jsonPath("$.id").doesNotExist().jsonPath("$.recorded").isEqualTo(false)
				.jsonPath("$.score").isEqualTo(0).jsonPath("$.maxScore").isEqualTo(2).jsonPath("$.version").isEqualTo(1)
				.jsonPath("$.checks[0].title").isEqualTo("~/mark.txt says previewed")
				.jsonPath("$.checks[0].hint").isEqualTo("Write the word into ~/mark.txt")
				.jsonPath("$.checks[0].strongerHint").isEqualTo("Run echo previewed > ~/mark.txt")
				.jsonPath("$.coming").isEqualTo("A preview: graded against the draft, with every hint and the"
						+ " solution shown. Nothing was recorded.");
			// The probe looks into the preview's own sandbox.
			assertThat(exec(container, "echo previewed > /home/learner/mark.txt").exitCode()).isZero();
			check(trainer, "preview-api-lab").expectStatus().isOk().expectBody()
				.jsonPath("$.score").isEqualTo(2).jsonPath("$.fullMarks").isEqualTo(true);

			// A reset starts the preview again with the draft's profile, as it is now.
			Map<?, ?> reset = trainer.postJson("/api/sandboxes/" + sandbox.get("id") + "/reset", Map.of())
				.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
			assertThat(exists(container)).isFalse();
			assertThat(inspect((String) reset.get("containerId"), "{{.HostConfig.PidsLimit}}")).isEqualTo("64");
		}
		finally {
			listening.dispose();
		}
		assertThat(this.database.sql("select count(*) from submission where exercise_id = :id")
			.bind("id", "preview-api-lab").map((row) -> row.get(0, Long.class)).one().block())
			.as("no attempt row").isZero();
		assertThat(recorded).as("no progress told to a dashboard").isEmpty();
	}

	/**
	 * The preview's sandbox and the author's own sandbox of the lab learners are served are two, side by side, each
	 * reaped by its own time.
	 */
	@Test
	void aPreviewsSandboxNeverTakesThePlaceOfItsAuthorsSandboxOfTheServedLabAndIsReapedAlike() {
		BrowserSession trainer = loggedIn("preview-api-both", "TRAINER");
		Map<?, ?> served = trainer.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		Map<?, ?> preview = trainer.postJson("/api/authoring/exercises/shared-kernel/preview/sandbox", Map.of())
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(preview.get("id")).isNotEqualTo(served.get("id"));
		assertThat(preview.get("containerId")).isNotEqualTo(served.get("containerId"));
		assertThat(inspect((String) served.get("containerId"), "{{.State.Running}}")).isEqualTo("true");
		assertThat(inspect((String) preview.get("containerId"), "{{.State.Running}}")).isEqualTo("true");
		trainer.postJson("/api/authoring/exercises/shared-kernel/preview/sandbox", Map.of()).expectStatus()
			.isCreated().expectBody().jsonPath("$.id").isEqualTo(preview.get("id"));
		trainer.get("/sandboxes?lang=en").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("href=\"/authoring/shared-kernel/preview\"")
				.contains(escaped("Preview of 'shared-kernel'")).contains("href=\"/labs/shared-kernel\""));
		// A preview's key is no exercise: the lab's own API does not open one.
		trainer.postJson("/api/sandboxes", Map.of("exercise", "preview:shared-kernel")).expectStatus().isNotFound();

		// Left idle, the preview's sandbox is reaped as any other; the lab's, in use, stays.
		this.database.sql("update sandbox set last_active_at = :when where id = :id")
			.bind("when", Instant.now().minus(Duration.ofMinutes(16)).atOffset(ZoneOffset.UTC))
			.bind("id", preview.get("id")).then().block();
		this.sandboxes.reap().block();
		assertThat(exists((String) preview.get("containerId"))).isFalse();
		trainer.get("/api/sandboxes/" + preview.get("id")).expectStatus().isNotFound();
		assertThat(inspect((String) served.get("containerId"), "{{.State.Running}}")).isEqualTo("true");
	}

	@Test
	void aLearnerAndAnotherTrainerFindNoPreviewAndAChangeNeedsTheCsrfToken() {
		BrowserSession owner = loggedIn("preview-api-owner", "TRAINER");
		BrowserSession other = loggedIn("preview-api-other", "TRAINER");
		BrowserSession learner = learner("preview-api-learner");
		AuthoringApiTests.post(owner, AuthoringApiTests.body(LAB.formatted("preview-api-mine"), "", "", null))
			.expectStatus().isCreated();
		for (BrowserSession stranger : List.of(other, learner)) {
			page(stranger, "/authoring/preview-api-mine/preview").expectStatus().isNotFound();
			stranger.postJson("/api/authoring/exercises/preview-api-mine/preview/sandbox", Map.of()).expectStatus()
				.isNotFound();
			check(stranger, "preview-api-mine").expectStatus().isNotFound();
		}
		assertThat(this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.exerciseId().contains("preview-api-mine"))
			.collectList().block()).as("nobody else started a sandbox of the draft").isEmpty();
		owner.client().post().uri("/api/authoring/exercises/preview-api-mine/preview/submissions")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
		owner.client().post().uri("/api/authoring/exercises/preview-api-mine/preview/sandbox")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
	}

	/**
	 * A draft written by hand that asks for more than the floor allows is a spec with problems: its preview says so
	 * in the reader's language, and no sandbox starts for it.
	 */
	@Test
	void aDraftAskingForMoreThanTheFloorIsNotPreviewedAndSaysItsSpecHasProblems() throws IOException {
		BrowserSession trainer = loggedIn("preview-api-broken", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(LAB.formatted("preview-api-broken"), "", "", null))
			.expectStatus().isCreated();
		Path spec = AuthoringApiTests.AUTHORED.resolve("fork-bomb/preview-api-broken/exercise.yaml");
		Files.writeString(spec, Files.readString(spec).replace("pids-limit: 64", "pids-limit: 100000"));
		page(trainer, "/authoring/preview-api-broken/preview?lang=en").expectStatus().isEqualTo(422)
			.expectBody(String.class).value((page) -> assertThat(page).contains(escaped(
					"The exercise 'preview-api-broken' cannot be previewed: its spec has one problem.")));
		page(trainer, "/authoring/preview-api-broken/preview?lang=fr").expectStatus().isEqualTo(422)
			.expectBody(String.class).value((page) -> assertThat(page).contains(escaped(
					"L'exercice «\u202fpreview-api-broken\u202f» ne peut pas être prévisualisé\u00a0: sa spécification a"
							+ " un problème.")));
		trainer.postJson("/api/authoring/exercises/preview-api-broken/preview/sandbox", Map.of()).expectStatus()
			.isEqualTo(422);
		assertThat(this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().equals("preview-api-broken"))
			.collectList().block()).isEmpty();
	}

	@Test
	void aDraftAnsweredOnItsPageHasNoSandboxButIsChecked() {
		BrowserSession trainer = loggedIn("preview-api-run", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(AuthoringApiTests.SPEC.formatted("preview-api-run"), "",
				"", null)).expectStatus().isCreated();
		trainer.postJson("/api/authoring/exercises/preview-api-run/preview/sandbox", Map.of()).expectStatus()
			.isNotFound().expectBody().jsonPath("$.detail")
			.isEqualTo("The exercise 'preview-api-run' has no sandbox: it is answered on its page.");
		trainer.postJson("/api/authoring/exercises/preview-api-run/preview/submissions",
				Map.of("content", "docker run app:1")).expectStatus().isOk().expectBody()
			.jsonPath("$.score").isEqualTo(0).jsonPath("$.solution").isEqualTo("docker run --pids-limit 10 app:1")
			.jsonPath("$.recorded").isEqualTo(false);
	}

	private static WebTestClient.ResponseSpec page(BrowserSession session, String path) {
		return session.client().get().uri(path).accept(MediaType.TEXT_HTML).exchange();
	}

	private static WebTestClient.ResponseSpec check(BrowserSession session, String id) {
		return session.postJson("/api/authoring/exercises/" + id + "/preview/submissions?lang=en", Map.of("answers", Map.of()));
	}

}
