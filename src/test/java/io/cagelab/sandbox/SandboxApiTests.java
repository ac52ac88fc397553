package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static io.cagelab.DockerCli.exists;
import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

class SandboxApiTests extends IntegrationTest {

	@Autowired
	SandboxService sandboxes;

	BrowserSession admin;

	BrowserSession alice;

	BrowserSession bob;

	@BeforeEach
	void logIn() {
		this.admin = adminSession();
		this.alice = learner("api-alice");
		this.bob = learner("api-bob");
	}

	@AfterEach
	void closeAll() {
		this.sandboxes.list(Viewer.system())
			.filter((sandbox) -> sandbox.ownerName().startsWith("api-"))
			.concatMap((sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id()))
			.blockLast();
	}

	@Test
	void exercisesAreListedWithIdModuleKindAndTitle() {
		this.alice.get("/api/exercises?lang=fr").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'fork-bomb-contained')].module").isEqualTo("fork-bomb")
			.jsonPath("$[?(@.id == 'fork-bomb-contained')].kind").isEqualTo("lab")
			.jsonPath("$[?(@.id == 'fork-bomb-contained')].title").isEqualTo("Lancer une fork bomb et la voir buter sur le plafond");
	}

	@Test
	void openingTwiceReturnsTheSameLiveSandbox() {
		Map<?, ?> first = open(this.alice, "shared-kernel");
		assertThat(first.get("status")).isEqualTo("running");
		assertThat(first.get("expiresAt")).isNotNull();
		assertThat(inspect((String) first.get("containerId"), "{{.State.Running}}")).isEqualTo("true");

		Map<?, ?> second = open(this.alice, "shared-kernel");
		assertThat(second.get("id")).isEqualTo(first.get("id"));
		assertThat(second.get("containerId")).isEqualTo(first.get("containerId"));

		this.alice.get("/api/sandboxes/" + first.get("id")).expectStatus().isOk().expectBody()
			.jsonPath("$.containerId").isEqualTo(first.get("containerId"));
	}

	@Test
	void learnersCannotSeeOrTouchEachOthersSandboxesButAnAdminCan() {
		Map<?, ?> alices = open(this.alice, "shared-kernel");
		String path = "/api/sandboxes/" + alices.get("id");

		this.bob.get(path).expectStatus().isNotFound().expectBody().jsonPath("$.detail")
			.isEqualTo("There is no sandbox " + alices.get("id") + " that you can see.");
		this.bob.get(path + "?lang=fr").expectStatus().isNotFound().expectBody().jsonPath("$.detail")
			.isEqualTo("Vous n'avez pas de bac à sable " + alices.get("id") + ".");
		this.bob.postJson(path + "/reset", Map.of()).expectStatus().isNotFound();
		this.bob.client().delete().uri(path).header("X-XSRF-TOKEN", this.bob.csrfToken()).exchange()
			.expectStatus().isNotFound();
		this.bob.get(path + "/stats").expectStatus().isNotFound();
		this.bob.get("/api/sandboxes").expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
		assertThat(exists((String) alices.get("containerId"))).isTrue();

		this.admin.get(path).expectStatus().isOk();
		this.admin.get("/api/sandboxes").expectBody().jsonPath("$[?(@.owner == 'api-alice')]").exists();
	}

	@Test
	void resetReplacesTheContainerAndDeleteRemovesIt() {
		Map<?, ?> sandbox = open(this.alice, "decode-capeff");
		String path = "/api/sandboxes/" + sandbox.get("id");
		String oldContainer = (String) sandbox.get("containerId");

		Map<?, ?> reset = this.alice.postJson(path + "/reset", Map.of()).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(reset.get("id")).isEqualTo(sandbox.get("id"));
		assertThat(reset.get("containerId")).isNotEqualTo(oldContainer);
		assertThat(exists(oldContainer)).isFalse();
		assertThat(inspect((String) reset.get("containerId"), "{{.State.Running}}")).isEqualTo("true");

		this.alice.client().delete().uri(path).header("X-XSRF-TOKEN", this.alice.csrfToken()).exchange()
			.expectStatus().isNoContent();
		assertThat(exists((String) reset.get("containerId"))).isFalse();
		this.alice.get(path).expectStatus().isNotFound();
	}

	@Test
	void statsStreamPidsMemoryAndCpuAgainstTheLimits() {
		Map<?, ?> sandbox = open(this.alice, "fork-bomb-contained");
		List<ServerSentEvent<SandboxUsage>> events = this.alice.client().get()
			.uri("/api/sandboxes/" + sandbox.get("id") + "/stats").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isOk()
			.returnResult(new org.springframework.core.ParameterizedTypeReference<ServerSentEvent<SandboxUsage>>() {
			})
			.getResponseBody().take(1).collectList().block(Duration.ofSeconds(20));
		assertThat(events).hasSize(1);
		SandboxUsage usage = events.get(0).data();
		assertThat(events.get(0).event()).isEqualTo("usage");
		assertThat(usage.pids()).isPositive();
		assertThat(usage.pidsLimit()).isEqualTo(128);
		assertThat(usage.memoryBytes()).isPositive();
		assertThat(usage.memoryLimitBytes()).isEqualTo(256L * 1024 * 1024);
		assertThat(usage.cpuLimitPercent()).isEqualTo(50.0);
	}

	@Test
	void badRequestsGetClearErrors() {
		this.alice.postJson("/api/sandboxes", Map.of("exercise", "no-such-exercise")).expectStatus().isNotFound()
			.expectBody().jsonPath("$.detail").isEqualTo("There is no exercise 'no-such-exercise'.");
		this.alice.postJson("/api/sandboxes", Map.of()).expectStatus().isBadRequest().expectBody()
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("exercise"));
		this.alice.client().post().uri("/api/sandboxes").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("exercise", "shared-kernel")).exchange().expectStatus().isForbidden();
		this.client.post().uri("/api/sandboxes").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("exercise", "shared-kernel")).exchange().expectStatus().isForbidden();
		this.client.get().uri("/api/sandboxes").exchange().expectStatus().isUnauthorized();
	}

	private Map<?, ?> open(BrowserSession session, String exercise) {
		return session.postJson("/api/sandboxes", Map.of("exercise", exercise)).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}


}
