package io.cagelab;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cagelab.sandbox.SandboxLabels;
import io.cagelab.terminal.TerminalClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.cagelab.DockerCli.exists;
import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app killed with SIGKILL and started again on its data, once for everything that must survive it (each start of
 * a second app costs the suite seconds): a class's record (the class, its learners, their attempts, the messages sent
 * and the trainer's watch of a terminal) is all still there; the sandboxes it knew about still run under the same
 * record; and a container it had created but not yet recorded when it died is removed at the next start.
 */
@Tag("engine")
class SigkillRestartTests {

	static final String PASSWORD = "restart-admin-pass";

	static final String LEARNER_PASSWORD = "restart-learner-1";

	AppProcess app;

	String sandboxId;

	String orphan;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
		if (this.sandboxId != null) {
			// A test that failed midway leaves its sandbox to the engine: remove it by its label.
			DockerCli.docker("rm", "-f", DockerCli.docker("ps", "-aq", "--filter", "label=io.cagelab.sandbox="
					+ this.sandboxId).output());
		}
		if (this.orphan != null) {
			DockerCli.docker("rm", "-f", this.orphan);
		}
	}

	@Test
	void classesAttemptsMessagesWatchesAndSandboxesSurviveASigkillAndWhatItLeftHalfMadeIsRemoved() throws Exception {
		this.app = new AppProcess("class-restart", PASSWORD).start();
		BrowserSession admin = this.app.admin();
		admin.postJson("/api/admin/users", Map.of("username", "rs-trainer", "password", LEARNER_PASSWORD, "role",
				"TRAINER")).expectStatus().isCreated();
		BrowserSession trainer = BrowserSession.loggedIn(this.app.client(), "rs-trainer", LEARNER_PASSWORD);
		Map<?, ?> created = trainer.postJson("/api/classes", Map.of("name", "Survivors", "exercises",
				List.of("non-root-dockerfile", "shared-kernel"))).expectStatus().isCreated().expectBody(Map.class)
			.returnResult().getResponseBody();
		String id = (String) created.get("id");
		BrowserSession learner = new BrowserSession(this.app.client());
		learner.postJson("/api/join", Map.of("code", created.get("joinCode"), "username", "rs-learner", "password",
				LEARNER_PASSWORD, "language", "fr")).expectStatus().isCreated();
		learner.postJson("/api/exercises/non-root-dockerfile/submissions", Map.of("content",
				"FROM python:3.12-alpine\nCOPY app/ /opt/app/\nUSER 10001:10001\n")).expectStatus().isCreated();
		trainer.postJson("/api/classes/" + id + "/messages", Map.of("text", "Still here?")).expectStatus().isCreated();
		// The trainer watches the learner's terminal: the watch is recorded as it starts.
		Map<?, ?> sandbox = learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		this.sandboxId = (String) sandbox.get("id");
		String container = (String) sandbox.get("containerId");
		String installation = inspect(container, "{{index .Config.Labels \"io.cagelab.installation\"}}");
		// A container the app had created but not yet recorded when it died.
		this.orphan = DockerCli.docker("run", "-d", "--network", "none", "--label", SandboxLabels.SANDBOX + "=half-made",
				"--label", SandboxLabels.INSTALLATION + "=" + installation, "cagelab/sandbox:1").output();
		String base = "http://localhost:" + this.app.port();
		TerminalClient watch = new TerminalClient(URI.create("ws://localhost:" + this.app.port() + "/ws/sandboxes/"
				+ this.sandboxId + "/watch"), trainer.cookieHeader(), base);
		watch.awaitStatus("ready", Duration.ofSeconds(20));
		String progressBefore = trainer.get("/api/classes/" + id + "/progress").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		// Everything above was answered, so it was committed: nothing may be lost to the kill.
		this.app.kill();
		watch.close();
		assertThat(exists(this.orphan)).isTrue();
		this.app.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (exists(this.orphan) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(exists(this.orphan)).as("the half-made container removed at start-up").isFalse();
		assertThat(inspect(container, "{{.State.Running}}")).as("the known sandbox kept").isEqualTo("true");

		BrowserSession trainerAgain = BrowserSession.loggedIn(this.app.client(), "rs-trainer", LEARNER_PASSWORD);
		trainerAgain.get("/api/classes/" + id).expectStatus().isOk().expectBody().jsonPath("$.name")
			.isEqualTo("Survivors").jsonPath("$.joinCode").isEqualTo(created.get("joinCode"));
		assertThat(trainerAgain.get("/api/classes/" + id + "/progress").expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody()).isEqualTo(progressBefore).contains("\"state\":\"passed\"");
		assertThat(trainerAgain.get("/api/classes/" + id + "/gradebook.csv").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody()).contains("rs-learner,non-root-dockerfile,");
		BrowserSession learnerAgain = BrowserSession.loggedIn(this.app.client(), "rs-learner", LEARNER_PASSWORD);
		learnerAgain.get("/api/classes").expectStatus().isOk().expectBody().jsonPath("$[0].name").isEqualTo("Survivors");
		assertThat(learnerAgain.client().get().uri("/api/messages")
			.accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
			.returnResult(String.class).getResponseBody().filter((event) -> !event.isBlank()).take(1)
			.blockFirst(Duration.ofSeconds(10)))
			.contains("Still here?");
		// The watch the crash cut short is still on record, with who and when, and ended by the restart.
		List<?> watches = trainerAgain.get("/api/watches").expectStatus().isOk().expectBody(List.class).returnResult()
			.getResponseBody();
		assertThat(watches).hasSize(1);
		Map<?, ?> recorded = (Map<?, ?>) watches.get(0);
		assertThat(recorded.get("watcher")).isEqualTo("rs-trainer");
		assertThat(recorded.get("learner")).isEqualTo("rs-learner");
		assertThat(recorded.get("startedAt")).isNotNull();
		assertThat(recorded.get("endedAt")).isNotNull();
		learnerAgain.get("/api/sandboxes/" + this.sandboxId).expectStatus().isOk().expectBody().jsonPath("$.containerId")
			.isEqualTo(container);
		learnerAgain.client().delete().uri("/api/sandboxes/" + this.sandboxId)
			.header("X-XSRF-TOKEN", learnerAgain.csrfToken()).exchange().expectStatus().isNoContent();
		this.sandboxId = null;
		assertThat(exists(container)).isFalse();
	}

}
