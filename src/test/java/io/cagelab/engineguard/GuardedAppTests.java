package io.cagelab.engineguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxProperties;
import io.cagelab.terminal.TerminalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app with {@code CAGELAB_ENGINE_HOST} at the engine guard, as in the classroom deployment: a learner's sandbox
 * starts, its terminal types and reads back through the hijacked exec, it resets and closes, and nothing the app
 * asks on the way is refused.
 */
class GuardedAppTests extends IntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(30);

	static final EngineGuard GUARD = startGuard();

	@Autowired
	SandboxProperties floor;

	static EngineGuard startGuard() {
		try {
			return EngineGuard.start(new GuardProperties("127.0.0.1:0", "/var/run/docker.sock", 256),
					new FloorRules(java.util.List.of("cagelab/sandbox:1", "cagelab/sandbox:latest"), INSTALLATION, 512,
							256L * 1024 * 1024, 0.5));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void engineAtTheGuard(DynamicPropertyRegistry registry) {
		registry.add("cagelab.engine.host", () -> "tcp://127.0.0.1:" + GUARD.port());
	}

	@AfterAll
	static void stopGuard() throws IOException {
		GUARD.close();
	}

	@Test
	void aLearnersSandboxStartsTypesResetsAndClosesThroughTheGuard() throws Exception {
		assertThat(FloorRules.of(this.floor, INSTALLATION)).as("the guard's floor is the app's")
			.isEqualTo(new FloorRules(java.util.List.of("cagelab/sandbox:1", "cagelab/sandbox:latest"), INSTALLATION,
					512, 256L * 1024 * 1024, 0.5));
		long refusedBefore = GUARD.refusals();
		BrowserSession alice = learner("guarded-alice");
		Map<?, ?> sandbox = alice.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel"))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) sandbox.get("id");
		URI uri = URI.create("ws://localhost:" + this.port + "/ws/sandboxes/" + id + "/terminal");
		try (TerminalClient terminal = new TerminalClient(uri, alice.cookieHeader(), "http://localhost:" + this.port)) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("echo through-the-guard-$((40+2))\r");
			terminal.awaitOutput("through-the-guard-42", WAIT);
		}
		Map<?, ?> reset = alice.postJson("/api/sandboxes/" + id + "/reset", Map.of()).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(reset.get("containerId")).isNotEqualTo(sandbox.get("containerId"));
		try (TerminalClient terminal = new TerminalClient(uri, alice.cookieHeader(), "http://localhost:" + this.port)) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("echo after-reset-$((6*7))\r");
			terminal.awaitOutput("after-reset-42", WAIT);
		}
		alice.client().delete().uri("/api/sandboxes/" + id).header("X-XSRF-TOKEN", alice.csrfToken()).exchange()
			.expectStatus().isNoContent();
		assertThat(GUARD.refusals()).as("nothing the app itself asks is refused").isEqualTo(refusedBefore);
	}

}
