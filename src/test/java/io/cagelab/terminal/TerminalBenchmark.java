package io.cagelab.terminal;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import io.cagelab.Percentiles;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keystroke echo and output throughput through the terminal socket, against {@code docker exec -it} on the same
 * sandbox. Not part of the test suite: {@code ./mvnw test -Dtest=TerminalBenchmark}; results in target/benchmarks/.
 */
class TerminalBenchmark extends IntegrationTest {

	static final int KEYS = 200;

	static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	SandboxService sandboxes;

	final StringBuilder report = new StringBuilder();

	@Test
	void echoLatencyAndThroughput() throws Exception {
		BrowserSession learner = learner("bench-term");
		Map<?, ?> sandbox = learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		try (TerminalClient terminal = new TerminalClient(URI.create("ws://localhost:" + this.port + "/ws/sandboxes/"
				+ sandbox.get("id") + "/terminal"), learner.cookieHeader(), "http://localhost:" + this.port)) {
			terminal.awaitStatus("ready", WAIT);
			terminal.drainUntil("$ ", WAIT);
			List<Double> socket = new ArrayList<>();
			for (int i = -20; i < KEYS; i++) {
				String key = String.valueOf((char) ('a' + Math.floorMod(i, 26)));
				long started = System.nanoTime();
				terminal.type(key);
				terminal.drainUntil(key, WAIT);
				if (i >= 0) {
					socket.add((System.nanoTime() - started) / 1e6);
				}
			}
			terminal.type("\u0015");
			List<Double> dockerExec = dockerExecEcho((String) sandbox.get("containerId"));
			line("Keystroke to echo, %d keys each, same sandbox", KEYS);
			line("  WebSocket terminal: median %.2f ms, p95 %.2f ms", Percentiles.of(socket, 0.5), Percentiles.of(socket, 0.95));
			line("  docker exec -it:    median %.2f ms, p95 %.2f ms", Percentiles.of(dockerExec, 0.5),
					Percentiles.of(dockerExec, 0.95));

			long started = System.nanoTime();
			terminal.type("seq 1 2000000; echo END-$((1+1))\r");
			long characters = terminal.drainUntil("END-2\r\n", Duration.ofMinutes(5));
			double seconds = (System.nanoTime() - started) / 1e9;
			double bareSeconds = dockerExecThroughput((String) sandbox.get("containerId"));
			line("Output of seq 1 2000000 (%.1f MB through the TTY)", characters / 1e6);
			line("  WebSocket terminal: %.2f s, %.1f MB/s", seconds, characters / 1e6 / seconds);
			line("  docker exec -t:     %.2f s, %.1f MB/s", bareSeconds, characters / 1e6 / bareSeconds);
		}
		finally {
			Viewer owner = Viewer.system();
			this.sandboxes.close(owner, (String) sandbox.get("id")).block();
		}
		Path out = Files.createDirectories(Path.of("target", "benchmarks")).resolve("terminal.txt");
		Files.writeString(out, this.report);
		System.out.println(this.report);
	}

	/** The same keys through {@code docker exec -it}, given a pseudo-terminal by {@code script}. */
	private static List<Double> dockerExecEcho(String containerId) throws Exception {
		Process process = new ProcessBuilder("script", "-qfc", "docker exec -it " + containerId + " bash", "/dev/null")
			.redirectErrorStream(true).start();
		BlockingQueue<String> output = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = process.getInputStream()) {
				for (int n; (n = in.read(buffer)) > 0;) {
					output.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
				}
			}
			catch (Exception ex) {
				// The process ended.
			}
		});
		reader.start();
		OutputStream keyboard = process.getOutputStream();
		awaitChunk(output, "$ ");
		List<Double> times = new ArrayList<>();
		for (int i = -20; i < KEYS; i++) {
			String key = String.valueOf((char) ('a' + Math.floorMod(i, 26)));
			long started = System.nanoTime();
			keyboard.write(key.getBytes(StandardCharsets.UTF_8));
			keyboard.flush();
			awaitChunk(output, key);
			if (i >= 0) {
				times.add((System.nanoTime() - started) / 1e6);
			}
		}
		keyboard.write("\u0015exit\r".getBytes(StandardCharsets.UTF_8));
		keyboard.flush();
		process.waitFor(10, TimeUnit.SECONDS);
		process.destroyForcibly();
		return times;
	}

	private static void awaitChunk(BlockingQueue<String> output, String expected) throws InterruptedException {
		String tail = "";
		while (!tail.contains(expected)) {
			String chunk = output.poll(30, TimeUnit.SECONDS);
			if (chunk == null) {
				throw new AssertionError("docker exec did not echo " + expected + "; saw: " + tail);
			}
			tail = (tail + chunk).substring(Math.max(0, tail.length() + chunk.length() - 256));
		}
	}

	private static double dockerExecThroughput(String containerId) throws Exception {
		long started = System.nanoTime();
		Process process = new ProcessBuilder("docker", "exec", "-t", containerId, "seq", "1", "2000000")
			.redirectErrorStream(true).start();
		process.getInputStream().transferTo(OutputStream.nullOutputStream());
		process.waitFor();
		return (System.nanoTime() - started) / 1e9;
	}


	private void line(String format, Object... args) {
		this.report.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
