package io.cagelab.engineguard;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxLabels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the guard costs: a sandbox's start (create, inspect, start) and a terminal's echo (a line in and back through
 * a hijacked exec), median of several runs, through the guard and on the engine's socket directly. A benchmark, not
 * part of the suite: {@code -Dtest=GuardOverheadBenchmark} writes {@code target/benchmarks/guard-overhead.txt}.
 */
@Tag("engine")
class GuardOverheadBenchmark {

	static final String INSTALLATION = System.getProperty("cagelab.tests.installation", "cagelab-tests") + "-overhead";

	@Test
	void theGuardAddsLittleToAStartAndToAnEcho() throws Exception {
		try (EngineGuard guard = EngineGuard.start(new GuardProperties("127.0.0.1:0", "/var/run/docker.sock", 64),
				new FloorRules(List.of("cagelab/sandbox:1"), INSTALLATION, 512, 256L * 1024 * 1024, 0.5))) {
			DockerClient direct = client("unix:///var/run/docker.sock");
			DockerClient guarded = client("tcp://127.0.0.1:" + guard.port());
			// Warm both paths (JIT, connection set-up) before measuring.
			start(direct, "warm-d");
			start(guarded, "warm-g");
			List<Long> directStarts = new ArrayList<>();
			List<Long> guardedStarts = new ArrayList<>();
			List<Long> directEchoes = new ArrayList<>();
			List<Long> guardedEchoes = new ArrayList<>();
			for (int run = 0; run < 5; run++) {
				directStarts.add(start(direct, "d" + run));
				guardedStarts.add(start(guarded, "g" + run));
			}
			String id = create(direct, "echo");
			direct.startContainerCmd(id).exec();
			try {
				directEchoes.addAll(echoes(direct, id, 30));
				guardedEchoes.addAll(echoes(guarded, id, 30));
			}
			finally {
				direct.removeContainerCmd(id).withForce(true).exec();
			}
			double startRatio = (double) median(guardedStarts) / median(directStarts);
			double echoRatio = (double) median(guardedEchoes) / median(directEchoes);
			String report = String.format("sandbox start: direct %.1f ms, guard %.1f ms, ratio %.2f%n"
					+ "terminal echo: direct %.2f ms, guard %.2f ms, ratio %.2f%n", median(directStarts) / 1e6,
					median(guardedStarts) / 1e6, startRatio, median(directEchoes) / 1e6, median(guardedEchoes) / 1e6,
					echoRatio);
			System.out.print(report);
			Files.createDirectories(Path.of("target", "benchmarks"));
			Files.writeString(Path.of("target", "benchmarks", "guard-overhead.txt"), report);
			assertThat(guard.refusals()).isZero();
		}
	}

	private static DockerClient client(String host) {
		DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
			.build();
		return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
			.dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).build());
	}

	private static String create(DockerClient docker, String name) {
		return docker.createContainerCmd("cagelab/sandbox:1")
			.withName(INSTALLATION + "-" + name)
			.withUser("10000:1000")
			.withCmd("sleep", "300")
			.withLabels(Map.of(SandboxLabels.INSTALLATION, INSTALLATION))
			.withHostConfig(HostConfig.newHostConfig().withCapDrop(Capability.ALL)
				.withSecurityOpts(List.of("no-new-privileges:true")).withPidsLimit(64L).withMemory(64L << 20)
				.withMemorySwap(64L << 20).withNanoCPUs(500_000_000L).withNetworkMode("none").withCgroupnsMode("private")
				.withInit(true))
			.exec()
			.getId();
	}

	/** The time of a start as the app's backend does it: create, inspect, start; removed afterwards. */
	private static long start(DockerClient docker, String name) {
		long t0 = System.nanoTime();
		String id = create(docker, name);
		docker.inspectContainerCmd(id).exec();
		docker.startContainerCmd(id).exec();
		long took = System.nanoTime() - t0;
		docker.removeContainerCmd(id).withForce(true).exec();
		return took;
	}

	/** Round trips of one line through {@code cat} in a hijacked exec, as a terminal's keystrokes go. */
	private static List<Long> echoes(DockerClient docker, String containerId, int count) throws Exception {
		String exec = docker.execCreateCmd(containerId).withCmd("cat").withAttachStdin(true).withAttachStdout(true)
			.exec().getId();
		PipedOutputStream keyboard = new PipedOutputStream();
		PipedInputStream stdin = new PipedInputStream(keyboard);
		LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();
		List<Long> times = new ArrayList<>();
		try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(exec).withStdIn(stdin)
			.exec(new ResultCallback.Adapter<>() {
				@Override
				public void onNext(Frame frame) {
					output.add(new String(frame.getPayload(), StandardCharsets.UTF_8));
				}
			})) {
			for (int i = 0; i < count; i++) {
				String line = "echo-" + i + "\n";
				long t0 = System.nanoTime();
				keyboard.write(line.getBytes(StandardCharsets.UTF_8));
				keyboard.flush();
				StringBuilder received = new StringBuilder();
				while (!received.toString().contains(line)) {
					String part = output.poll(30, TimeUnit.SECONDS);
					assertThat(part).as("echo %d came back", i).isNotNull();
					received.append(part);
				}
				times.add(System.nanoTime() - t0);
			}
			keyboard.close();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return times.subList(count / 3, count);
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
