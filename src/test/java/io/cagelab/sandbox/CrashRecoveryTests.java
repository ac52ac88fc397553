package io.cagelab.sandbox;

import java.time.Duration;
import java.util.Map;

import io.cagelab.AppProcess;
import io.cagelab.BrowserSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.cagelab.DockerCli.docker;
import static io.cagelab.DockerCli.exists;
import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app as its own process, killed with SIGKILL: after the next start nothing is left behind, and the
 * sandboxes it knew about are still there.
 */
@Tag("engine")
class CrashRecoveryTests {

	static final String PASSWORD = "crash-admin-pass";

	AppProcess app;

	String orphan;

	String sandboxContainer;

	@AfterEach
	void cleanUp() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
		if (this.orphan != null) {
			docker("rm", "-f", this.orphan);
		}
		if (this.sandboxContainer != null) {
			docker("rm", "-f", this.sandboxContainer);
		}
	}

	@Test
	void anAppKilledWithSigkillLeavesNothingBehindAfterItsNextStart() throws Exception {
		this.app = new AppProcess("crash", PASSWORD).start();
		BrowserSession admin = this.app.admin();
		Map<?, ?> sandbox = admin.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		this.sandboxContainer = (String) sandbox.get("containerId");
		String installation = inspect(this.sandboxContainer, "{{index .Config.Labels \"io.cagelab.installation\"}}");
		// A container the app had created but not yet recorded when it died.
		this.orphan = docker("run", "-d", "--network", "none", "--label", SandboxLabels.SANDBOX + "=half-made", "--label",
				SandboxLabels.INSTALLATION + "=" + installation, "cagelab/sandbox:1").output();

		this.app.kill();
		assertThat(exists(this.orphan)).isTrue();

		this.app.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (exists(this.orphan) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(exists(this.orphan)).as("orphan removed at start-up").isFalse();
		assertThat(inspect(this.sandboxContainer, "{{.State.Running}}")).as("known sandbox kept").isEqualTo("true");

		BrowserSession again = this.app.admin();
		again.get("/api/sandboxes/" + sandbox.get("id")).expectStatus().isOk().expectBody().jsonPath("$.containerId")
			.isEqualTo(this.sandboxContainer);
		again.client().delete().uri("/api/sandboxes/" + sandbox.get("id")).header("X-XSRF-TOKEN", again.csrfToken())
			.exchange().expectStatus().isNoContent();
		assertThat(exists(this.sandboxContainer)).isFalse();
	}

}
