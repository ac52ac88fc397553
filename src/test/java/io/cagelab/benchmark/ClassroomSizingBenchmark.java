package io.cagelab.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cagelab.BrowserSession;
import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import io.cagelab.engineguard.EngineGuard;
import io.cagelab.engineguard.GuardProperties;
import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import io.cagelab.terminal.TerminalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.cagelab.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one learner costs the host, for the trainer's sizing table in docs/classroom.md: a sandbox's memory and CPU
 * with a terminal open (idle, after a lab command, under a fork bomb), the engine's and the app's share per live
 * learner, the sandbox's disk, the images, and the database's growth per graded attempt. The app reaches the engine
 * through an engine guard with its default settings, as in the classroom deployment, here in the same JVM: the threads
 * and connections a learner costs each are counted apart. Not part of the test suite:
 * {@code ./mvnw -B -q -o test -Dtest=ClassroomSizingBenchmark -Dcagelab.tests.installation=sizing}; results in
 * target/benchmarks/classroom-sizing.txt.
 */
class ClassroomSizingBenchmark extends IntegrationTest {

	/** Live learners, each with a sandbox and an open terminal, for the per-learner shares. */
	static final int LEARNERS = 30;

	static final int ATTEMPTS = 50;

	static final String LAB = "shared-kernel";

	static final String LAB_COMMAND = "ls -R /usr > /dev/null; ps aux; echo lab-done-$((6*7))\r";

	static final Duration WAIT = Duration.ofSeconds(60);

	static final double MIB = 1024 * 1024;

	/** What a learner hands in, from a first try to the answer: each grade runs the exercise's runtime checks. */
	static final List<String> ANSWERS = List.of("docker run -d web:1.4", "docker run -d --user 1000 web:1.4",
			"docker run -d --user 1000:1000 --cap-drop ALL web:1.4",
			"docker run -d --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges:true web:1.4",
			"docker run -d --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges:true --pids-limit 100"
					+ " --memory 256m --read-only web:1.4");

	/** The guard's pids ceiling, as {@code FloorRules.of} gives it from the default settings: a trial's. */
	static final int TRIAL_PIDS_LIMIT = 512;

	static final EngineGuard GUARD = startGuard();

	@Autowired
	SandboxService sandboxes;

	final StringBuilder report = new StringBuilder();

	final List<TerminalClient> terminals = new ArrayList<>();

	/** The event streams a lab page follows besides its terminal: its gauges and the class's messages. */
	final List<Disposable> streams = new ArrayList<>();

	static EngineGuard startGuard() {
		try {
			return EngineGuard.start(new GuardProperties("127.0.0.1:0", "/var/run/docker.sock", 1024),
					new FloorRules(List.of("cagelab/sandbox:1", "cagelab/sandbox:latest"), INSTALLATION,
							TRIAL_PIDS_LIMIT, 256L * 1024 * 1024, 0.5));
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

	@AfterEach
	void closeEverything() {
		this.streams.forEach(Disposable::dispose);
		this.terminals.forEach(TerminalClient::close);
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
		assertNothingLeftOnTheEngine();
	}

	@Test
	void perLearnerCosts() throws Exception {
		line("Classroom sizing, measured %s (%d cores, %.1f GiB; %s)", LocalDate.now(),
				Runtime.getRuntime().availableProcessors(), totalMemoryKb() / 1048576.0, engineSummary());
		line("Lab %s under the floor: memory 256MB, CPUs 0.5, pids 256", LAB);
		warmUp();

		long heapBefore = heapAfterGc();
		long rssBefore = ownRssKb();
		long directBefore = directBufferBytes();
		int appThreadsBefore = threads(false);
		int guardThreadsBefore = threads(true);
		long descriptorsBefore = openDescriptors();
		long tasksBefore = tasks();
		long dockerdBefore = rssKb("dockerd");
		long containerdBefore = rssKb("containerd");
		long started = System.nanoTime();

		// One learner, looked at closely: the first of the live ones.
		Learner first = openLearner(0);
		Thread.sleep(5000);
		String cgroup = first.memoryCgroup();
		line("");
		line("(a) One sandbox's memory cgroup, terminal open (bash -l at a prompt)");
		line("  idle at the prompt: usage %.1f MiB (rss %.1f MiB, cache %.1f MiB), %d processes", usage(cgroup) / MIB,
				stat(cgroup, "total_rss") / MIB, stat(cgroup, "total_cache") / MIB, first.processes());
		double idleCpus = first.cpusOver(Duration.ofSeconds(10));
		first.terminal.type(LAB_COMMAND);
		first.terminal.awaitOutput("lab-done-42", WAIT);
		Thread.sleep(2000);
		line("  after `ls -R /usr > /dev/null; ps aux`: usage %.1f MiB (rss %.1f MiB, cache %.1f MiB), peak %.1f MiB",
				usage(cgroup) / MIB, stat(cgroup, "total_rss") / MIB, stat(cgroup, "total_cache") / MIB,
				peak(cgroup) / MIB);
		line("  kernel memory (dentries, inodes: in the usage above): %.1f MiB",
				readLong(cgroup + "/memory.kmem.usage_in_bytes") / MIB);

		line("");
		line("(e) CPU of that sandbox (cpuacct.usage)");
		line("  idle at the prompt, terminal open, over 10 s: %.4f CPUs", idleCpus);

		line("");
		line("(d) Disk of that sandbox after the lab command");
		String[] size = docker("inspect", "--size", "--format", "{{.SizeRw}} {{.SizeRootFs}} {{.LogPath}}",
				first.containerId).output().split(" ");
		line("  writable layer (docker inspect --size: SizeRw): %s bytes; with the image below it (SizeRootFs): %.1f MB",
				size[0], Long.parseLong(size[1]) / 1e6);
		line("  engine log of PID 1 (capped at 2 MB): %d bytes; whole container folder: %d bytes",
				Files.size(Path.of(size[2])), folderBytes(Path.of(size[2]).getParent()));

		for (int i = 1; i < LEARNERS; i++) {
			openLearner(i);
		}
		double openSeconds = (System.nanoTime() - started) / 1e9;
		Thread.sleep(5000);
		List<String> containerIds = this.sandboxes.list(Viewer.system()).map((sandbox) -> sandbox.containerId())
			.collectList().block();
		assertThat(containerIds).hasSize(LEARNERS);
		long cgroupsBytes = 0;
		for (String containerId : containerIds) {
			cgroupsBytes += usage(memoryCgroup(containerId));
		}
		long shimsKb = 0;
		long shimsPssKb = 0;
		for (String containerId : containerIds) {
			shimsKb += shimKb(containerId, "VmRSS:", "status");
			shimsPssKb += shimKb(containerId, "Pss:", "smaps_rollup");
		}
		long dockerdAfter = rssKb("dockerd");
		long containerdAfter = rssKb("containerd");
		long heapAfter = heapAfterGc();
		long rssAfter = ownRssKb();
		long directAfter = directBufferBytes();
		int appThreadsAfter = threads(false);
		int guardThreadsAfter = threads(true);
		long descriptorsAfter = openDescriptors();
		long tasksAfter = tasks();
		String threadNames = threadNames();
		line("");
		line("(b) Engine at %d live learners, each with a sandbox and an open terminal (opened in %.0f s)", LEARNERS,
				openSeconds);
		line("  containerd-shim of each sandbox: RSS %.2f MiB, PSS %.2f MiB per learner (PSS shares the binary's"
				+ " pages among the shims)", shimsKb / 1024.0 / LEARNERS, shimsPssKb / 1024.0 / LEARNERS);
		line("  dockerd: +%.1f MiB (%.2f per learner), containerd: +%.1f MiB (%.2f per learner); other runs share this"
				+ " engine, so these two are approximate", (dockerdAfter - dockerdBefore) / 1024.0,
				(dockerdAfter - dockerdBefore) / 1024.0 / LEARNERS, (containerdAfter - containerdBefore) / 1024.0,
				(containerdAfter - containerdBefore) / 1024.0 / LEARNERS);
		line("  sandbox cgroups: %.2f MiB per learner on average (sum %.1f MiB)", cgroupsBytes / MIB / LEARNERS,
				cgroupsBytes / MIB);
		line("");
		line("(c) App at %d live learners, each with a terminal, the gauges and the messages stream open (this JVM also"
				+ " runs the guard and the %d test clients: an upper bound)", LEARNERS, LEARNERS);
		line("  heap after GC: +%.1f MiB, %.0f KiB per learner (total used %.1f MiB)", (heapAfter - heapBefore) / MIB,
				(heapAfter - heapBefore) / 1024.0 / LEARNERS, heapAfter / MIB);
		line("  direct buffers: +%.1f MiB; process RSS: +%.1f MiB, %.2f MiB per learner (total %.0f MiB)",
				(directAfter - directBefore) / MIB, (rssAfter - rssBefore) / 1024.0,
				(rssAfter - rssBefore) / 1024.0 / LEARNERS, rssAfter / 1024.0);
		line("  threads: app %d -> %d (%.1f per learner), engine guard %d -> %d (%.1f per learner); compose gives each"
				+ " service pids_limit 256", appThreadsBefore, appThreadsAfter,
				(appThreadsAfter - appThreadsBefore) / (double) LEARNERS, guardThreadsBefore, guardThreadsAfter,
				(guardThreadsAfter - guardThreadsBefore) / (double) LEARNERS);
		line("  tasks of this JVM (what pids_limit counts, JVM threads included): %d -> %d (%.1f per learner)", tasksBefore,
				tasksAfter, (tasksAfter - tasksBefore) / (double) LEARNERS);
		line("  threads by name: %s", threadNames);
		line("  open files of this JVM (app, guard, clients): %d -> %d (%.1f per learner); compose: nofile 8192",
				descriptorsBefore, descriptorsAfter, (descriptorsAfter - descriptorsBefore) / (double) LEARNERS);

		forkBomb(first);
		closeAllSandboxes();
		databaseGrowth();
		images();
		assertThat(GUARD.refusals()).as("creates and calls the engine guard refused").isZero();
		Path out = Files.createDirectories(Path.of("target", "benchmarks")).resolve("classroom-sizing.txt");
		Files.writeString(out, this.report);
		System.out.println(this.report);
	}

	/** JIT, the first login and the first sandbox: paid once per start, not per learner. */
	private void warmUp() throws Exception {
		Learner warm = openLearner(-1);
		warm.terminal.type(LAB_COMMAND);
		warm.terminal.awaitOutput("lab-done-42", WAIT);
		warm.terminal.close();
		this.terminals.remove(warm.terminal);
		this.streams.forEach(Disposable::dispose);
		this.streams.clear();
		closeAllSandboxes();
	}

	private void forkBomb(Learner learner) throws Exception {
		String cgroup = learner.cpuCgroup();
		line("");
		line("(e) The first learner's sandbox, now under a fork bomb");
		learner.terminal.type(":(){ :|:& };:\r");
		Thread.sleep(2000);
		long throttledBefore = throttled(cgroup);
		double cpus = learner.cpusOver(Duration.ofSeconds(10));
		String pids = Files.readString(Path.of(learner.pidsCgroup(), "pids.current")).trim();
		String memory = learner.memoryCgroup();
		line("  over 10 s after its first 2 s: %.3f CPUs (quota %d us per %d us, throttled in %d periods of 100);"
				+ " %s of 256 pids; memory %.1f MiB, peak %.1f MiB", cpus, readLong(cgroup + "/cpu.cfs_quota_us"),
				readLong(cgroup + "/cpu.cfs_period_us"), throttled(cgroup) - throttledBefore, pids,
				usage(memory) / MIB, peak(memory) / MIB);
		long started = System.nanoTime();
		learner.session.postJson("/api/sandboxes/" + learner.sandboxId + "/reset", Map.of()).expectStatus().isOk();
		line("  a reset of the bombed sandbox answered in %.1f s", (System.nanoTime() - started) / 1e9);

		// A bash fork bomb spends most of its time waiting to retry a refused fork: busy loops show the cap itself.
		Map<?, ?> fresh = learner.session.get("/api/sandboxes/" + learner.sandboxId).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		Learner reset = new Learner(learner.session, learner.sandboxId, (String) fresh.get("containerId"),
				connect(learner.session, learner.sandboxId));
		reset.terminal.type("for i in 1 2 3 4; do (while :; do :; done) & done; echo busy-$((6*7))\r");
		reset.terminal.awaitOutput("busy-42", WAIT);
		Thread.sleep(2000);
		String resetCpu = reset.cpuCgroup();
		throttledBefore = throttled(resetCpu);
		line("  after the reset, 4 busy loops over 10 s: %.3f CPUs, throttled in %d periods of 100",
				reset.cpusOver(Duration.ofSeconds(10)), throttled(resetCpu) - throttledBefore);
	}

	private static long throttled(String cpuCgroup) throws IOException {
		return Files.readAllLines(Path.of(cpuCgroup, "cpu.stat")).stream().filter((l) -> l.startsWith("nr_throttled "))
			.mapToLong((l) -> Long.parseLong(l.substring("nr_throttled ".length()).trim())).sum();
	}

	private void databaseGrowth() throws Exception {
		BrowserSession learner = learner("sizing-grades");
		Path database = DATA_DIR.resolve("db").resolve("cagelab.mv.db");
		long before = Files.size(database);
		long started = System.nanoTime();
		for (int i = 0; i < ATTEMPTS; i++) {
			learner.postJson("/api/exercises/harden-a-run-line/submissions",
					Map.of("content", ANSWERS.get(i % ANSWERS.size()))).expectStatus().isCreated();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		Thread.sleep(2000);
		long after = Files.size(database);
		line("");
		line("(d) Database: %d graded attempts on harden-a-run-line (11 checks, 4 of them in a trial container), %.1f s"
				+ " (%.2f s each)", ATTEMPTS, seconds, seconds / ATTEMPTS);
		line("  %s: %.2f MB before, %.2f MB after: %.1f KB per attempt", database.getFileName(), before / 1e6,
				after / 1e6, (after - before) / 1e3 / ATTEMPTS);
	}

	private void images() {
		line("");
		line("(d) Images (docker images)");
		for (String row : docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}").output()
			.lines().filter((row) -> row.startsWith("cagelab/")).sorted().toList()) {
			line("  %s", row);
		}
	}

	private Learner openLearner(int index) throws Exception {
		BrowserSession session = learner("sizing-" + (index + 1));
		Map<?, ?> sandbox = session.postJson("/api/sandboxes", Map.of("exercise", LAB)).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		Learner learner = new Learner(session, (String) sandbox.get("id"), (String) sandbox.get("containerId"),
				connect(session, (String) sandbox.get("id")));
		CountDownLatch firstGauge = new CountDownLatch(1);
		this.streams.add(session.get("/api/sandboxes/" + learner.sandboxId + "/stats").returnResult(String.class)
			.getResponseBody().subscribe((event) -> firstGauge.countDown(), (ex) -> { }));
		this.streams.add(session.get("/api/messages").returnResult(String.class).getResponseBody()
			.subscribe((event) -> { }, (ex) -> { }));
		assertThat(firstGauge.await(30, TimeUnit.SECONDS)).as("the gauges of " + learner.sandboxId).isTrue();
		return learner;
	}

	/** A terminal as the lab page opens it, ready at the prompt. */
	private TerminalClient connect(BrowserSession session, String sandboxId) throws InterruptedException {
		TerminalClient terminal = new TerminalClient(URI.create("ws://localhost:" + this.port + "/ws/sandboxes/"
				+ sandboxId + "/terminal"), session.cookieHeader(), "http://localhost:" + this.port);
		this.terminals.add(terminal);
		terminal.awaitStatus("ready", WAIT);
		terminal.awaitOutput("$ ", WAIT);
		return terminal;
	}

	private void closeAllSandboxes() {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	private static void assertNothingLeftOnTheEngine() {
		String filter = "label=io.cagelab.installation=" + INSTALLATION;
		assertThat(docker("ps", "-aq", "--filter", filter).output()).as("containers left").isEmpty();
		assertThat(docker("network", "ls", "-q", "--filter", filter).output()).as("networks left").isEmpty();
	}

	private record Learner(BrowserSession session, String sandboxId, String containerId, TerminalClient terminal) {

		String memoryCgroup() {
			return ClassroomSizingBenchmark.memoryCgroup(this.containerId);
		}

		String cpuCgroup() {
			return cgroup(this.containerId, "cpu", "cpu,cpuacct");
		}

		String pidsCgroup() {
			return cgroup(this.containerId, "pids", "pids");
		}

		int processes() throws IOException {
			return (int) Files.readAllLines(Path.of(pidsCgroup(), "cgroup.procs")).stream().filter((l) -> !l.isBlank())
				.count();
		}

		double cpusOver(Duration period) throws Exception {
			Path usage = Path.of(cgroup(this.containerId, "cpuacct", "cpu,cpuacct"), "cpuacct.usage");
			long before = Long.parseLong(Files.readString(usage).trim());
			long started = System.nanoTime();
			Thread.sleep(period.toMillis());
			long after = Long.parseLong(Files.readString(usage).trim());
			return (double) (after - before) / (System.nanoTime() - started);
		}

	}

	static String memoryCgroup(String containerId) {
		return cgroup(containerId, "memory", "memory");
	}

	/** The container's cgroup folder of one v1 controller, as its PID 1 sees it from the host. */
	private static String cgroup(String containerId, String controller, String mount) {
		String pid = DockerCli.inspect(containerId, "{{.State.Pid}}");
		try {
			String line = Files.readAllLines(Path.of("/proc", pid, "cgroup")).stream()
				.filter((l) -> List.of(l.split(":")[1].split(",")).contains(controller)).findFirst().orElseThrow();
			String path = line.substring(line.lastIndexOf(':') + 1);
			Path folder = Path.of("/sys/fs/cgroup", mount + path);
			return Files.isDirectory(folder) ? folder.toString() : Path.of("/sys/fs/cgroup", controller + path).toString();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static long usage(String cgroup) throws IOException {
		return readLong(cgroup + "/memory.usage_in_bytes");
	}

	private static long peak(String cgroup) throws IOException {
		return readLong(cgroup + "/memory.max_usage_in_bytes");
	}

	private static long stat(String cgroup, String name) throws IOException {
		return Files.readAllLines(Path.of(cgroup, "memory.stat")).stream().filter((l) -> l.startsWith(name + " "))
			.mapToLong((l) -> Long.parseLong(l.substring(name.length() + 1).trim())).findFirst().orElse(-1);
	}

	private static long folderBytes(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	private static long readLong(String file) throws IOException {
		return Long.parseLong(Files.readString(Path.of(file)).trim());
	}

	/** A memory figure of the shim that runs this container (one per container, named by its id). */
	private static long shimKb(String containerId, String field, String file) throws IOException {
		long total = 0;
		for (Path process : processes()) {
			try {
				if (Files.readString(process.resolve("cmdline")).replace('\0', ' ').contains("-id " + containerId)) {
					total += Files.readAllLines(process.resolve(file)).stream().filter((l) -> l.startsWith(field))
						.mapToLong((l) -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
				}
			}
			catch (IOException gone) {
				// The process ended while being read.
			}
		}
		return total;
	}

	private static long rssKb(String command) throws IOException {
		long total = 0;
		for (Path process : processes()) {
			try {
				if (Files.readString(process.resolve("comm")).trim().equals(command)) {
					total += vmRssKb(process);
				}
			}
			catch (IOException gone) {
				// The process ended while being read.
			}
		}
		return total;
	}

	private static List<Path> processes() throws IOException {
		try (Stream<Path> all = Files.list(Path.of("/proc"))) {
			return all.filter((p) -> p.getFileName().toString().matches("\\d+")).toList();
		}
	}

	private static long vmRssKb(Path process) throws IOException {
		return Files.readAllLines(process.resolve("status")).stream().filter((l) -> l.startsWith("VmRSS:"))
			.mapToLong((l) -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
	}

	/** Live threads of the engine guard, or of everything else in this JVM. */
	private static int threads(boolean guard) {
		return (int) Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("engine-guard") == guard).count();
	}

	/** Live threads counted by name, numbers left out: who holds the threads a learner costs. */
	private static String threadNames() {
		Map<String, Long> counts = new TreeMap<>(Thread.getAllStackTraces().keySet().stream()
			.collect(Collectors.groupingBy((thread) -> thread.getName().replaceAll("[0-9]+", "N"),
					Collectors.counting())));
		return counts.entrySet().stream().filter((entry) -> entry.getValue() > 2)
			.map((entry) -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
	}

	private static long tasks() throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			return tasks.count();
		}
	}

	private static long openDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.count();
		}
	}

	private static long ownRssKb() throws IOException {
		return vmRssKb(Path.of("/proc/self"));
	}

	private static long totalMemoryKb() throws IOException {
		return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter((l) -> l.startsWith("MemTotal:"))
			.mapToLong((l) -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
	}

	private static String engineSummary() {
		return docker("info", "--format", "Docker {{.ServerVersion}}, cgroup v{{.CgroupVersion}}, "
				+ "{{.Driver}}, {{join .SecurityOptions \" \"}}").output();
	}

	private static long directBufferBytes() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
			.filter((pool) -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
	}

	private static long heapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private void line(String format, Object... args) {
		this.report.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
