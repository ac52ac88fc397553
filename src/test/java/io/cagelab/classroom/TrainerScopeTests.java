package io.cagelab.classroom;

import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a trainer may see and do of learners' sandboxes: those of their classes' learners, for those classes'
 * exercises; never a learner who is only in another trainer's class; never a shell of their own in it.
 */
class TrainerScopeTests extends IntegrationTest {

	@Autowired
	SandboxService sandboxes;

	@AfterEach
	void closeSandboxes() {
		this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().startsWith("scope-"))
			.concatMap((sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id())).blockLast();
	}

	@Test
	void aTrainerActsOnTheirLearnersSandboxAndAnotherTrainerFindsNothing() {
		BrowserSession trainer = loggedIn("scope-trainer", "TRAINER");
		BrowserSession other = loggedIn("scope-other", "TRAINER");
		String code = (String) trainer.postJson("/api/classes", Map.of("name", "Scope", "exercises",
				List.of("shared-kernel"))).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
			.get("joinCode");
		other.postJson("/api/classes", Map.of("name", "Elsewhere", "exercises", List.of("fork-bomb-contained")))
			.expectStatus().isCreated();
		BrowserSession learner = new BrowserSession(this.client);
		learner.postJson("/api/join", Map.of("code", code, "username", "scope-learner", "password", LEARNER_PASSWORD))
			.expectStatus().isCreated();
		Map<?, ?> sandbox = learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		String path = "/api/sandboxes/" + sandbox.get("id");
		Map<?, ?> outside = learner.postJson("/api/sandboxes", Map.of("exercise", "oom-kill")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();

		trainer.get(path).expectStatus().isOk().expectBody().jsonPath("$.owner").isEqualTo("scope-learner");
		assertThat(trainer.get("/api/sandboxes").expectBody(String.class).returnResult().getResponseBody())
			.contains((String) sandbox.get("id"))
			.as("a sandbox for an exercise the class does not assign").doesNotContain((String) outside.get("id"));
		trainer.get("/api/sandboxes/" + outside.get("id")).expectStatus().isNotFound();

		other.get(path).expectStatus().isNotFound();
		other.postJson(path + "/reset", Map.of()).expectStatus().isNotFound();
		other.get(path + "/stats").expectStatus().isNotFound();
		other.client().delete().uri(path).header("X-XSRF-TOKEN", other.csrfToken()).exchange().expectStatus()
			.isNotFound();
		assertThat(other.get("/api/sandboxes").expectBody(String.class).returnResult().getResponseBody())
			.doesNotContain((String) sandbox.get("id"));
		other.client().patch().uri("/api/accounts/0").header("X-XSRF-TOKEN", other.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("disabled", true)).exchange().expectStatus()
			.isNotFound();

		Map<?, ?> reset = trainer.postJson(path + "/reset", Map.of()).expectStatus().isOk().expectBody(Map.class)
			.returnResult().getResponseBody();
		assertThat(reset.get("containerId")).isNotEqualTo(sandbox.get("containerId"));
		assertThat(inspect((String) reset.get("containerId"), "{{index .Config.Labels \"io.cagelab.owner\"}}"))
			.as("a reset by the trainer keeps the learner's sandbox the learner's").isEqualTo("scope-learner");
		assertThat(inspect((String) reset.get("containerId"), "{{.Config.User}}")).doesNotStartWith("0:");
	}

}
