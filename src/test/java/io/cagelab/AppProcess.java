package io.cagelab;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The app as a process of its own, on a data directory and a port of its own: to be killed as a crash kills it, then
 * started again on the same data.
 */
public final class AppProcess implements AutoCloseable {

	private final Path dataDir;

	private final int port;

	private final String adminPassword;

	private final List<String> arguments = new ArrayList<>();

	private Process process;

	private Path log;

	public AppProcess(String name, String adminPassword) throws IOException {
		this(Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(),
				name + "-"), adminPassword);
	}

	/** The app on a data directory made beforehand (a restored backup, say). */
	public AppProcess(Path dataDir, String adminPassword) throws IOException {
		this.dataDir = dataDir;
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.adminPassword = adminPassword;
	}

	public int port() {
		return this.port;
	}

	/** Settings given to every start, as {@code --name=value}. */
	public AppProcess with(String... settings) {
		this.arguments.addAll(List.of(settings));
		return this;
	}

	public Path dataDir() {
		return this.dataDir;
	}

	/** What the app printed since its last start. */
	public String log() throws IOException {
		return (this.log != null) ? Files.readString(this.log) : "";
	}

	/** Start the app and wait until it serves its login page. */
	public AppProcess start() throws IOException, InterruptedException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path log = this.dataDir.resolve("app-" + System.nanoTime() + ".log");
		this.log = log;
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classpath, "io.cagelab.CagelabApplication", "--server.port=" + this.port,
				"--cagelab.data-dir=" + this.dataDir, "--cagelab.admin-password=" + this.adminPassword));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		WebTestClient client = client();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("The app exited: " + Files.readString(log));
			}
			try {
				// Served, or sent on to HTTPS: either way the app is up.
				client.get().uri("/login").exchange().expectStatus().value((status) -> {
					if (status >= 400) {
						throw new AssertionError("not yet: " + status);
					}
				});
				return this;
			}
			catch (AssertionError | RuntimeException notYet) {
				Thread.sleep(250);
			}
		}
		throw new AssertionError("The app did not start in 90 s: " + Files.readString(log));
	}

	/** End the app as a crash or the kernel's OOM killer would: SIGKILL, nothing flushed, nothing closed. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	public BrowserSession admin() {
		return BrowserSession.loggedIn(client(), "admin", this.adminPassword);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

}
