package io.cagelab.sandbox;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cagelab.BrowserSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

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

	Process app;

	String orphan;

	String sandboxContainer;

	@AfterEach
	void cleanUp() throws InterruptedException {
		stop(this.app);
		if (this.orphan != null) {
			docker("rm", "-f", this.orphan);
		}
		if (this.sandboxContainer != null) {
			docker("rm", "-f", this.sandboxContainer);
		}
	}

	@Test
	void anAppKilledWithSigkillLeavesNothingBehindAfterItsNextStart() throws Exception {
		Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(),
				"crash-");
		int port = freePort();
		this.app = start(dataDir, port);
		BrowserSession admin = BrowserSession.loggedIn(client(port), "admin", PASSWORD);
		Map<?, ?> sandbox = admin.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		this.sandboxContainer = (String) sandbox.get("containerId");
		String installation = inspect(this.sandboxContainer, "{{index .Config.Labels \"io.cagelab.installation\"}}");
		// A container the app had created but not yet recorded when it died.
		this.orphan = docker("run", "-d", "--network", "none", "--label", SandboxLabels.SANDBOX + "=half-made", "--label",
				SandboxLabels.INSTALLATION + "=" + installation, "cagelab/sandbox:1").output();

		this.app.destroyForcibly().waitFor();
		assertThat(exists(this.orphan)).isTrue();

		this.app = start(dataDir, port);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (exists(this.orphan) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(exists(this.orphan)).as("orphan removed at start-up").isFalse();
		assertThat(inspect(this.sandboxContainer, "{{.State.Running}}")).as("known sandbox kept").isEqualTo("true");

		BrowserSession again = BrowserSession.loggedIn(client(port), "admin", PASSWORD);
		again.get("/api/sandboxes/" + sandbox.get("id")).expectStatus().isOk().expectBody().jsonPath("$.containerId")
			.isEqualTo(this.sandboxContainer);
		again.client().delete().uri("/api/sandboxes/" + sandbox.get("id")).header("X-XSRF-TOKEN", again.csrfToken())
			.exchange().expectStatus().isNoContent();
		assertThat(exists(this.sandboxContainer)).isFalse();
	}

	private static Process start(Path dataDir, int port) throws IOException, InterruptedException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path log = dataDir.resolve("app-" + System.nanoTime() + ".log");
		Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classpath, "io.cagelab.CagelabApplication", "--server.port=" + port,
				"--cagelab.data-dir=" + dataDir, "--cagelab.admin-password=" + PASSWORD))
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		WebTestClient client = client(port);
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("The app exited: " + Files.readString(log));
			}
			try {
				client.get().uri("/login").exchange().expectStatus().isOk();
				return process;
			}
			catch (AssertionError | RuntimeException notYet) {
				Thread.sleep(250);
			}
		}
		throw new AssertionError("The app did not start in 90 s: " + Files.readString(log));
	}

	private static void stop(Process process) throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
