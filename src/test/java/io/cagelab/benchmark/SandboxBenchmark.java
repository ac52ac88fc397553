package io.cagelab.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import io.cagelab.Percentiles;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.cagelab.DockerCli.docker;

/**
 * Sandbox start time against a bare {@code docker run -d} with the same flags, and memory per idle sandbox.
 * Not part of the test suite: {@code ./mvnw test -Dtest=SandboxBenchmark}. Results go to target/benchmarks/.
 */
class SandboxBenchmark extends IntegrationTest {

	static final int RUNS = 30;

	static final int LIVE = 50;

	static final Viewer ADMIN = Viewer.system();

	@Autowired
	SandboxService sandboxes;

	final StringBuilder report = new StringBuilder();

	@Test
	void startTimeAndMemory() throws Exception {
		List<Double> cagelab = new ArrayList<>();
		List<Double> bare = new ArrayList<>();
		for (int i = -3; i < RUNS; i++) {
			SandboxOwner owner = new SandboxOwner(50_000 + i, "bench-" + (i + 3));
			long started = System.nanoTime();
			Sandbox sandbox = this.sandboxes.open(owner, "shared-kernel").block();
			double cagelabMs = (System.nanoTime() - started) / 1e6;
			List<String> flags = bareFlags(sandbox.containerId());
			this.sandboxes.close(ADMIN, sandbox.id()).block();

			started = System.nanoTime();
			DockerCli.Result result = docker(flags.toArray(String[]::new));
			double bareMs = (System.nanoTime() - started) / 1e6;
			if (result.exitCode() != 0) {
				throw new AssertionError(result.output());
			}
			docker("rm", "-f", result.output());
			if (i >= 0) {
				cagelab.add(cagelabMs);
				bare.add(bareMs);
			}
		}
		line("Sandbox create-to-running, %d runs each, interleaved", RUNS);
		line("  Cagelab open (API use case, floor, guard, DB): median %.1f ms, p95 %.1f ms", median(cagelab), p95(cagelab));
		line("  bare docker run -d, same image and flags:      median %.1f ms, p95 %.1f ms", median(bare), p95(bare));
		line("  ratio: median %.2fx, p95 %.2fx", median(cagelab) / median(bare), p95(cagelab) / p95(bare));

		long engineBefore = engineRssKb();
		long heapBefore = heapAfterGc();
		List<Sandbox> live = new ArrayList<>();
		for (int i = 0; i < LIVE; i++) {
			live.add(this.sandboxes.open(new SandboxOwner(60_000 + i, "idle-" + i), "shared-kernel").block());
		}
		Thread.sleep(3000);
		long engineAfter = engineRssKb();
		long heapAfter = heapAfterGc();
		long cgroupBytes = live.stream().mapToLong((sandbox) -> cgroupMemory(sandbox.containerId())).sum();
		line("Memory at %d live idle sandboxes", LIVE);
		line("  engine (dockerd, containerd, shims, container processes) RSS: +%.1f MiB, %.2f MiB per sandbox",
				(engineAfter - engineBefore) / 1024.0, (engineAfter - engineBefore) / 1024.0 / LIVE);
		line("  sandbox cgroups (memory charged to the containers): %.2f MiB per sandbox", cgroupBytes / 1048576.0 / LIVE);
		line("  app heap after GC: +%.2f MiB, %.1f KiB per sandbox (total heap used %.1f MiB)",
				(heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1024.0 / LIVE, heapAfter / 1048576.0);
		for (Sandbox sandbox : live) {
			this.sandboxes.close(ADMIN, sandbox.id()).block();
		}
		Path out = Files.createDirectories(Path.of("target", "benchmarks")).resolve("sandbox.txt");
		Files.writeString(out, this.report);
		System.out.println(this.report);
	}

	/** The flags Cagelab gave a sandbox, as the docker CLI would spell them. */
	private static List<String> bareFlags(String containerId) {
		String format = String.join("\u0001", "{{.Config.User}}", "{{.HostConfig.PidsLimit}}", "{{.HostConfig.Memory}}",
				"{{.HostConfig.NanoCpus}}", "{{range .HostConfig.Ulimits}}{{.Name}}={{.Soft}}:{{.Hard}} {{end}}",
				"{{range $k, $v := .HostConfig.Tmpfs}}{{$k}}:{{$v}} {{end}}",
				"{{range $k, $v := .HostConfig.Sysctls}}{{$k}}={{$v}}{{end}}", "{{.Config.Image}}");
		String[] f = DockerCli.inspect(containerId, format).split("\u0001");
		List<String> flags = new ArrayList<>(List.of("run", "-d", "--cap-drop", "ALL", "--security-opt",
				"no-new-privileges:true", "--read-only", "--network", "none", "--init", "--user", f[0], "--pids-limit", f[1],
				"--memory", f[2], "--memory-swap", f[2], "--cpus", String.format(Locale.ROOT, "%.2f", Long.parseLong(f[3]) / 1e9),
				"--sysctl", f[6], "--hostname", "sandbox", "-w", "/home/learner", "-e", "HOME=/home/learner"));
		for (String ulimit : f[4].trim().split(" ")) {
			flags.add("--ulimit");
			flags.add(ulimit);
		}
		for (String tmpfs : f[5].trim().split(" ")) {
			flags.add("--tmpfs");
			flags.add(tmpfs);
		}
		flags.add(f[7]);
		return flags;
	}

	private static long cgroupMemory(String containerId) {
		String pid = DockerCli.inspect(containerId, "{{.State.Pid}}");
		try {
			String cgroup = Files.readAllLines(Path.of("/proc", pid, "cgroup")).stream()
				.filter((line) -> line.contains(":memory:") || line.startsWith("0::")).findFirst().orElseThrow();
			String path = cgroup.substring(cgroup.lastIndexOf(':') + 1);
			Path v1 = Path.of("/sys/fs/cgroup/memory" + path, "memory.usage_in_bytes");
			Path v2 = Path.of("/sys/fs/cgroup" + path, "memory.current");
			return Long.parseLong(Files.readString(Files.exists(v1) ? v1 : v2).trim());
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	/** Resident memory of the engine's processes and everything they started. */
	private static long engineRssKb() throws IOException {
		long total = 0;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
				try {
					String comm = Files.readString(process.resolve("comm")).trim();
					if (comm.matches("dockerd|containerd|containerd-shim.*|docker-init|sleep")) {
						total += Files.readAllLines(process.resolve("status")).stream().filter((l) -> l.startsWith("VmRSS:"))
							.mapToLong((l) -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
					}
				}
				catch (IOException gone) {
					// The process ended while being read.
				}
			}
		}
		return total;
	}

	private static long heapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static double median(List<Double> values) {
		return Percentiles.of(values, 0.5);
	}

	private static double p95(List<Double> values) {
		return Percentiles.of(values, 0.95);
	}

	private void line(String format, Object... args) {
		this.report.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
