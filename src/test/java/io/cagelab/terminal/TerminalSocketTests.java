package io.cagelab.terminal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.cagelab.BrowserSession;
import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSocketTests extends IntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final Duration LONG_WAIT = Duration.ofSeconds(90);

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
		Viewer admin = Viewer.system();
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
			awaitSize(terminal, "45 123");
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

	/**
	 * The sandbox's own events tell an open terminal what happened to it: more time (a change that keeps the container)
	 * keeps the shell, a reset ends it with {@code reset}.
	 */
	@Test
	void moreTimeKeepsTheShellAndAResetIsTold() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			this.alice.postJson("/api/sandboxes/" + this.sandboxId + "/extend", Map.of()).expectStatus().isOk();
			terminal.type("echo still-$((6*7))\r");
			terminal.awaitOutput("still-42", WAIT);
			this.alice.postJson("/api/sandboxes/" + this.sandboxId + "/reset", Map.of()).expectStatus().isOk();
			terminal.awaitStatus("reset", WAIT);
		}
	}

	@Test
	void reconnectingReattachesToTheSameSandbox() throws Exception {
		try (TerminalClient first = connect(this.alice.cookieHeader(), origin())) {
			first.awaitStatus("ready", WAIT);
			// The echo of the typed line must not count: closing the socket ends the shell, maybe before it ran.
			first.type("echo kept > ~/marker && echo written-$((1+1))\r");
			first.awaitOutput("written-2", WAIT);
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

	/**
	 * The attack of issue 8: docker-java reads the shell's output into one reused 1024-byte buffer, and a terminal that
	 * forwarded it uncopied sent lines broken, lost or repeated. Every line must come once, whole and in order.
	 */
	@Test
	void everyLineOfALongOutputArrivesOnceAndInOrder() throws Exception {
		int count = 200_000;
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("seq 1 " + count + "; echo END-$((1+1))\r");
			String output = new String(terminal.readUntil("END-2\r".getBytes(StandardCharsets.US_ASCII), LONG_WAIT),
					StandardCharsets.US_ASCII);
			// Bash switches bracketed paste off before it runs a command.
			List<String> lines = List.of(output.replace("\u001b[?2004l", "").replace("\r", "").split("\n"));
			int end = lines.lastIndexOf("END-2");
			assertThat(end).as("lines before END-2").isGreaterThanOrEqualTo(count);
			assertOnceInOrder(lines.subList(end - count, end), count);
		}
	}

	/** The same through a raw TTY, with every byte value: nothing is lost, repeated, reordered or translated. */
	@Test
	void binaryOutputArrivesByteForByte() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			// 256 KiB: the 256 byte values in order, 1024 times.
			terminal.type("printf \"$(printf '\\\\%o' {0..255})\" > ~/bytes && for i in {1..10}; do cat ~/bytes ~/bytes"
					+ " > ~/twice && mv ~/twice ~/bytes; done; echo made-$((1+1))\r");
			terminal.awaitOutput("made-2", WAIT);
			terminal.type("stty raw -echo; printf 'BEG%s' 'IN>'; cat ~/bytes; printf '<E%s' 'ND'; stty sane\r");
			byte[] output = terminal.readUntil("<END".getBytes(StandardCharsets.US_ASCII), LONG_WAIT);
			byte[] begin = "BEGIN>".getBytes(StandardCharsets.US_ASCII);
			int start = TerminalClient.indexOf(output, begin) + begin.length;
			int end = TerminalClient.indexOf(output, "<END".getBytes(StandardCharsets.US_ASCII));
			assertThat(start).as("where the bytes start").isGreaterThanOrEqualTo(begin.length).isLessThanOrEqualTo(end);
			byte[] received = Arrays.copyOfRange(output, start, end);
			byte[] expected = new byte[256 * 1024];
			for (int i = 0; i < expected.length; i++) {
				expected[i] = (byte) i;
			}
			assertThat(received.length).as("bytes received").isEqualTo(expected.length);
			assertThat(Arrays.mismatch(received, expected)).as("first byte that differs").isEqualTo(-1);
		}
	}

	/**
	 * The attack of issue 9: the engine leaves an exec running when its stream closes, so each closed socket left a
	 * {@code bash -l} behind, and what it started, eating the sandbox's pids. Closed terminals end their session:
	 * the shell, its jobs and what {@code nohup} shields from the hangup; a process moved to a session of its own stays.
	 */
	@Test
	void closedTerminalsEndTheirShellsAndWhatTheyStarted() throws Exception {
		String containerId = containerId();
		long pidsBefore = pids(containerId);
		for (int i = 0; i < 30; i++) {
			try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
				terminal.awaitStatus("ready", WAIT);
				terminal.type("sleep 1000 & nohup sleep 1001 > /dev/null 2>&1 & echo jobs-$((" + i + "*2))\r");
				terminal.awaitOutput("jobs-" + (i * 2), WAIT);
				if (i == 0) {
					terminal.type("setsid sleep 1002 > /dev/null 2>&1 < /dev/null & echo daemon-$((3*3))\r");
					terminal.awaitOutput("daemon-9", WAIT);
				}
			}
		}
		String left = awaitProcesses(containerId, (processes) -> !processes.contains("bash -l")
				&& !processes.contains("sleep 1000") && !processes.contains("sleep 1001") && !processes.contains("bash -c"));
		assertThat(left).as("processes left in the sandbox").doesNotContain("bash -l", "sleep 1000", "sleep 1001")
			.contains("sleep 1002");
		assertThat(pids(containerId)).as("pids in the sandbox, before: %d", pidsBefore).isEqualTo(pidsBefore + 1);
	}

	/**
	 * The attack of issue 4: 40 terminals, each with a shell that reads nothing ({@code stty raw -echo; sleep 600}),
	 * each sent 1,500 binary frames of 2 KB. Each keystroke used to be a task on the shared engine threads that waited
	 * up to 10 s for the shell, so other learners waited as long to open a terminal and see their echo. Now keys the
	 * shell does not read are dropped and said so, and another learner's terminal answers at once.
	 */
	@Test
	void keysFloodedIntoShellsThatDoNotReadAreDroppedAndOthersTerminalsAnswer() throws Exception {
		List<TerminalClient> flood = new ArrayList<>();
		List<String> floodSandboxes = new ArrayList<>();
		LoopResources attacker = LoopResources.create("flood", 1, true);
		try {
			// Five learners at their caps: two sandboxes each, four terminals to each sandbox.
			Map<String, BrowserSession> flooders = new HashMap<>();
			for (int learner = 0; learner < 5; learner++) {
				BrowserSession flooder = learner("term-flood-" + learner);
				for (String exercise : List.of("shared-kernel", "not-root-on-the-host")) {
					flooders.put(exercise + "/" + learner, flooder);
				}
			}
			// Started side by side, as a class's learners would.
			Map<String, BrowserSession> bySandbox = new ConcurrentHashMap<>();
			flooders.entrySet().parallelStream().forEach((entry) -> bySandbox.put((String) entry.getValue()
				.postJson("/api/sandboxes", Map.of("exercise", entry.getKey().split("/")[0])).expectStatus().isCreated()
				.expectBody(Map.class).returnResult().getResponseBody().get("id"), entry.getValue()));
			floodSandboxes.addAll(bySandbox.keySet());
			bySandbox.forEach((sandbox, flooder) -> {
				for (int terminal = 0; terminal < 4; terminal++) {
					flood.add(new TerminalClient(uri(sandbox), flooder.cookieHeader(), origin(), attacker));
				}
			});
			for (TerminalClient terminal : flood) {
				terminal.awaitStatus("ready", WAIT);
				terminal.type("stty raw -echo; sleep 600\r");
				terminal.awaitOutput("sleep 600", WAIT);
			}
			byte[] keys = new byte[2048];
			Arrays.fill(keys, (byte) 'x');
			// 1.5 MB into each terminal: hundreds of times what its TTY and socket buffers hold.
			for (int frame = 0; frame < 750; frame++) {
				for (TerminalClient terminal : flood) {
					terminal.send(keys);
				}
			}
			long opening = System.nanoTime();
			try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
				terminal.awaitStatus("ready", WAIT);
				long ready = System.nanoTime();
				terminal.type("echo fine-$((6*7))\r");
				terminal.awaitOutput("fine-42", WAIT);
				long echoed = System.nanoTime();
				System.out.printf("During the flood: ready in %d ms, echo in %d ms%n", (ready - opening) / 1_000_000,
						(echoed - ready) / 1_000_000);
				assertThat(Duration.ofNanos(ready - opening)).as("opening a terminal during the flood")
					.isLessThan(Duration.ofSeconds(3));
				assertThat(Duration.ofNanos(echoed - ready)).as("a command's answer during the flood")
					.isLessThan(Duration.ofSeconds(2));
			}
			for (TerminalClient terminal : flood) {
				assertThat(terminal.awaitStatus("input-dropped", WAIT)).isEqualTo("{\"type\":\"input-dropped\"}");
			}
		}
		finally {
			flood.forEach(TerminalClient::close);
			attacker.dispose();
			Viewer admin = Viewer.system();
			Flux.fromIterable(floodSandboxes).flatMap((id) -> this.sandboxes.close(admin, id)).blockLast();
		}
	}

	/**
	 * Ctrl-C gets through 2 MB of pasted lines piled up ahead of a program that reads none: a TTY full of whole lines
	 * takes nothing more, so the keys it holds would keep the Ctrl-C from it (this test fails without the interrupt
	 * from outside, which the server sends as the TTY would). The keys still coming then land at the prompt, as in any
	 * terminal, and the learner's next Ctrl-C clears them.
	 */
	@Test
	void ctrlCGetsThroughAFloodOfKeys() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("sleep 600\r");
			terminal.awaitOutput("sleep 600", WAIT);
			// Lines, as a paste sends them: a TTY full of whole lines takes no more, Ctrl-C included.
			byte[] keys = new byte[2048];
			Arrays.fill(keys, (byte) 'x');
			keys[keys.length - 1] = '\r';
			for (int frame = 0; frame < 1000; frame++) {
				terminal.send(keys);
			}
			// Keys are dropped: the TTY and the server hold all they will.
			terminal.awaitStatus("input-dropped", WAIT);
			// sleep 600 answers within the wait only if it was interrupted.
			long deadline = System.nanoTime() + LONG_WAIT.toNanos();
			while (!terminal.screen().contains("after-42")) {
				assertThat(System.nanoTime()).as("the shell's answer after Ctrl-C, in time").isLessThan(deadline);
				terminal.type("\u0003");
				terminal.type("echo after-$((6*7))\r");
				Thread.sleep(2000);
			}
		}
	}

	/**
	 * Part of issue 4: each terminal holds a shell, an engine connection and two threads, so a learner may not open
	 * them without end. Past four to one sandbox, or eight in all, the socket is refused in the learner's language;
	 * a terminal that closes gives its place back.
	 */
	@Test
	void terminalsAreCappedPerSandboxAndPerLearnerAndAClosedOneFreesItsPlace() throws Exception {
		List<TerminalClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				open.add(ready(connect(this.alice.cookieHeader(), origin())));
			}
			try (TerminalClient fifth = connect(this.alice.cookieHeader(), origin())) {
				assertThat(fifth.awaitAnyStatus(WAIT)).contains("\"type\":\"error\"")
					.contains("Too many terminals: this sandbox already has 4 open");
				fifth.awaitClosed(WAIT);
			}
			try (TerminalClient fifth = new TerminalClient(URI.create(uri(this.sandboxId) + "?lang=fr"),
					this.alice.cookieHeader(), origin())) {
				assertThat(fifth.awaitAnyStatus(WAIT)).contains("Trop de terminaux\u00a0: ce bac à sable en a déjà 4 d'ouverts");
			}
			open.remove(0).close();
			open.add(awaitAdmitted(this.sandboxId));

			String second = (String) this.alice.postJson("/api/sandboxes", Map.of("exercise", "not-root-on-the-host"))
				.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
			for (int i = 0; i < 4; i++) {
				open.add(ready(new TerminalClient(uri(second), this.alice.cookieHeader(), origin())));
			}
			String third = (String) this.alice.postJson("/api/sandboxes", Map.of("exercise", "decode-capeff"))
				.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
			try (TerminalClient ninth = new TerminalClient(uri(third), this.alice.cookieHeader(), origin())) {
				assertThat(ninth.awaitAnyStatus(WAIT)).contains("Too many terminals: you already have 8 open");
			}
		}
		finally {
			open.forEach(TerminalClient::close);
		}
	}

	/**
	 * A text frame {@code null} used to throw a NullPointerException that closed the sender's own session. Whatever a
	 * text frame holds, a control message it cannot be is answered with {@code bad-message} and the terminal goes on.
	 */
	@Test
	void malformedControlMessagesAreAnsweredAndIgnored() throws Exception {
		try (TerminalClient terminal = connect(this.alice.cookieHeader(), origin())) {
			terminal.awaitStatus("ready", WAIT);
			for (String malformed : List.of("null", "[]", "{\"type\":7}", "not json", "{\"type\":\"resize\",\"cols\":100}",
					"{\"type\":\"resize\",\"cols\":100000000,\"rows\":100000000}")) {
				terminal.control(malformed);
				assertThat(terminal.awaitStatus("bad-message", WAIT)).as("answer to %s", malformed)
					.contains("did not understand a control message");
				// The server answers at most one of a kind a second.
				Thread.sleep(1100);
			}
			terminal.control("{\"type\":\"resize\",\"cols\":77,\"rows\":33}");
			awaitSize(terminal, "33 77");
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

	/** Say how the lines went wrong, when they did: which came first out of order, how many are missing or repeated. */
	private static void assertOnceInOrder(List<String> lines, int count) {
		Map<String, Integer> seen = new HashMap<>();
		lines.forEach((line) -> seen.merge(line, 1, Integer::sum));
		long missing = IntStream.rangeClosed(1, count).filter((n) -> !seen.containsKey(String.valueOf(n))).count();
		long repeated = seen.values().stream().filter((times) -> times > 1).count();
		int firstWrong = IntStream.range(0, count).filter((i) -> !lines.get(i).equals(String.valueOf(i + 1)))
			.findFirst().orElse(-1);
		assertThat(firstWrong).as("first line out of place (%s missing, %s repeated): %s", missing, repeated,
				(firstWrong >= 0) ? lines.subList(Math.max(0, firstWrong - 2), Math.min(count, firstWrong + 3)) : "")
			.isEqualTo(-1);
	}

	private String containerId() {
		return this.sandboxes.find(Viewer.system(), this.sandboxId).block().containerId();
	}

	/** The sandbox's processes as {@code ps} lists them, once the condition holds or after a while. */
	private static String awaitProcesses(String containerId, Predicate<String> condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		String processes = DockerCli.docker("exec", containerId, "ps", "-eo", "args=").output();
		while (!condition.test(processes) && System.nanoTime() < deadline) {
			Thread.sleep(250);
			processes = DockerCli.docker("exec", containerId, "ps", "-eo", "args=").output();
		}
		return processes;
	}

	/** The sandbox's pids cgroup count, as the engine reports it. */
	private static long pids(String containerId) {
		return Long.parseLong(DockerCli.docker("stats", "--no-stream", "--format", "{{.PIDs}}", containerId).output());
	}

	/** Ask the TTY its size until it has the one expected: keys do not wait for a resize to be applied. */
	private static void awaitSize(TerminalClient terminal, String rowsAndColumns) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			terminal.type("stty size\r");
			Thread.sleep(300);
			if (terminal.screen().contains(rowsAndColumns)) {
				return;
			}
			assertThat(System.nanoTime()).as("the size %s in time; screen: %s", rowsAndColumns, terminal.screen())
				.isLessThan(deadline);
		}
	}

	private static TerminalClient ready(TerminalClient terminal) throws InterruptedException {
		terminal.awaitStatus("ready", WAIT);
		return terminal;
	}

	/** Connect until the server admits the terminal: a closed one gives its place back once the server sees it go. */
	private TerminalClient awaitAdmitted(String sandboxId) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			TerminalClient terminal = new TerminalClient(uri(sandboxId), this.alice.cookieHeader(), origin());
			String status = terminal.awaitAnyStatus(WAIT);
			if (status.contains("\"ready\"")) {
				return terminal;
			}
			terminal.close();
			assertThat(System.nanoTime()).as("admitted in time, last refused with %s", status).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private TerminalClient connect(String cookies, String origin) {
		return new TerminalClient(uri(this.sandboxId), cookies, origin);
	}

	private URI uri(String sandboxId) {
		return URI.create("ws://localhost:" + this.port + "/ws/sandboxes/" + sandboxId + "/terminal");
	}

	private String origin() {
		return "http://localhost:" + this.port;
	}

}
