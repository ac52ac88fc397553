package io.cagelab.terminal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSocketTests extends IntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	SandboxService sandboxes;

	BrowserSession alice;

	String sandboxId;

	@BeforeEach
	void openSandbox() {
		this.alice = learner("term-alice");
		this.sandboxId = (String) this.alice.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel"))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	@AfterEach
	void closeSandboxes() {
		SandboxOwner admin = new SandboxOwner(1, "admin", true);
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().startsWith("term-"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	@Test
	void keysGoInAndTheShellsOutputComesBackThenExitIsReported() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("echo sum-$((40+2)); id -u\r");
			assertThat(terminal.awaitOutput("sum-42", WAIT)).contains("learner@sandbox");
			terminal.type("exit\r");
			terminal.awaitStatus("exited", WAIT);
			assertThat(terminal.awaitClosed(WAIT)).isNull();
		}
	}

	@Test
	void resizeChangesTheTtySize() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			terminal.control("{\"type\":\"resize\",\"cols\":123,\"rows\":45}");
			terminal.type("stty size\r");
			terminal.awaitOutput("45 123", WAIT);
		}
	}

	@Test
	void theTerminalSaysSoWhenTheSandboxIsRemoved() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			this.alice.client().delete().uri("/api/sandboxes/" + this.sandboxId)
				.header("X-XSRF-TOKEN", this.alice.csrfToken()).exchange().expectStatus().isNoContent();
			terminal.awaitStatus("expired", WAIT);
		}
	}

	@Test
	void reconnectingReattachesToTheSameSandbox() throws Exception {
		try (TerminalClient first = connect(this.alice.cookieHeader(), origin())) {
			first.awaitStatus("ready", WAIT);
			first.type("echo kept > ~/marker && echo written\r");
			first.awaitOutput("written", WAIT);
		}
		try (TerminalClient second = connect(this.alice.cookieHeader(), origin())) {
			second.awaitStatus("ready", WAIT);
			second.type("cat ~/marker | tr a-z A-Z\r");
			second.awaitOutput("KEPT", WAIT);
		}
	}

	@Test
	void ctrlCStopsAFloodAndTheShellAnswersAgain() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("yes flood\r");
			terminal.awaitOutput("flood\r\nflood", WAIT);
			terminal.type("\u0003");
			terminal.type("echo after-$((6*7))\r");
			terminal.awaitOutput("after-42", Duration.ofSeconds(30));
		}
	}

	@Test
	void anotherLearnerIsRefused() throws Exception {
		BrowserSession bob = learner("term-bob");
		try (TerminalClient terminal = connect(bob.cookieHeader(), origin())) {
			assertThat(terminal.awaitStatus("error", WAIT)).contains("There is no sandbox");
			terminal.awaitClosed(WAIT);
			assertThat(terminal.screen()).isEmpty();
		}
	}

	@Test
	void aForeignOriginIsRefused() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), "http://evil.example")) {
			assertThat(terminal.awaitClosed(WAIT)).hasMessageContaining("403");
		}
	}

	@Test
	void anAnonymousUpgradeIsRefused() throws Exception {
		try (TerminalClient terminal = connect(null, origin())) {
			assertThat(terminal.awaitClosed(WAIT)).hasMessageContaining("401");
		}
	}

	private TerminalClient connect(String cookies, String origin) {
		return new TerminalClient(URI.create("ws://localhost:" + this.port + "/ws/sandboxes/" + this.sandboxId
				+ "/terminal"), cookies, origin);
	}

	private String origin() {
		return "http://localhost:" + this.port;
	}

}
