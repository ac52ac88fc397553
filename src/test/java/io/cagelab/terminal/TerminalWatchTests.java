package io.cagelab.terminal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cagelab.BrowserSession;
import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import io.cagelab.account.UserAccountService;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trainer watches a learner's terminal: read-only, live, with what came before; the learner hears who watches; only
 * a trainer of the learner's class for that exercise, or an admin, may; every watch is recorded.
 */
class TerminalWatchTests extends IntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(20);

	/** The class of the trainer and the learner, made once: the application and its database outlive each test. */
	private static String classCode;

	@Autowired
	SandboxService sandboxes;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TerminalWatchLog log;

	@Autowired
	DatabaseClient database;

	BrowserSession trainer;

	BrowserSession learner;

	String sandboxId;

	@BeforeEach
	void openTheLearnersSandbox() {
		this.trainer = loggedIn("watch-trainer", "TRAINER");
		BrowserSession other = loggedIn("watch-other", "TRAINER");
		this.learner = learner("watch-learner");
		if (classCode == null) {
			classCode = (String) this.trainer.postJson("/api/classes", Map.of("name", "Watched", "exercises",
					List.of("shared-kernel"))).expectStatus().isCreated().expectBody(Map.class).returnResult()
				.getResponseBody().get("joinCode");
			String otherCode = (String) other.postJson("/api/classes", Map.of("name", "Elsewhere", "exercises",
					List.of("shared-kernel"))).expectStatus().isCreated().expectBody(Map.class).returnResult()
				.getResponseBody().get("joinCode");
			this.learner.postJson("/api/join", Map.of("code", classCode)).expectStatus().is2xxSuccessful();
			learner("watch-bob").postJson("/api/join", Map.of("code", otherCode)).expectStatus().is2xxSuccessful();
		}
		this.sandboxId = (String) this.learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel"))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	@AfterEach
	void closeSandboxes() {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().startsWith("watch-"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	@Test
	void theTrainerSeesWhatCameBeforeAndWhatTheLearnerTypesAndTheLearnerHearsWhoWatches() throws Exception {
		try (TerminalClient terminal = terminal()) {
			terminal.awaitStatus("ready", WAIT);
			awaitWatched(terminal, "[]");
			terminal.type("echo before-$((6*7))\r");
			terminal.awaitOutput("before-42", WAIT);
			try (TerminalClient watch = watch(this.trainer)) {
				watch.awaitStatus("ready", WAIT);
				watch.awaitStatus("following", WAIT);
				assertThat(watch.awaitOutput("before-42", WAIT)).as("the replay").contains("echo before-$((6*7))");
				awaitWatched(terminal, "[\"watch-trainer\"]");
				terminal.type("echo live-$((7*6))\r");
				watch.awaitOutput("live-42", WAIT);

				// A second terminal of the learner's, typed in, is the one shown; the switch is said first.
				try (TerminalClient second = terminal()) {
					second.awaitStatus("ready", WAIT);
					watch.awaitStatus("following", WAIT);
					second.type("echo second-$((5*5))\r");
					watch.awaitOutput("second-25", WAIT);
					terminal.type("echo first-again-$((4*4))\r");
					watch.awaitStatus("following", WAIT);
					watch.awaitOutput("first-again-16", WAIT);
				}
			}
			awaitWatched(terminal, "[]");
		}
		TerminalWatch recorded = awaitEnded(learnerId());
		assertThat(recorded.watcher()).isEqualTo("watch-trainer");
		assertThat(recorded.learner()).isEqualTo("watch-learner");
		assertThat(recorded.sandboxId()).isEqualTo(this.sandboxId);
		assertThat(recorded.exerciseId()).isEqualTo("shared-kernel");
		assertThat(recorded.startedAt()).isBefore(recorded.endedAt()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
	}

	@Test
	void anyoneElseHearsWhatAStrangerHearsOfASandboxThatDoesNotExist() throws Exception {
		String nowhere = UUID.randomUUID().toString();
		String stranger = refusal(this.trainer, nowhere).replace(nowhere, "ID");
		assertThat(stranger).contains("There is no sandbox ID that you can see.");
		try (TerminalClient terminal = terminal()) {
			terminal.awaitStatus("ready", WAIT);
			awaitWatched(terminal, "[]");
			for (BrowserSession refused : List.of(loggedIn("watch-other", "TRAINER"), learner("watch-bob"), this.learner)) {
				assertThat(refusal(refused, this.sandboxId).replace(this.sandboxId, "ID")).isEqualTo(stranger);
				refused.get("/sandboxes/" + this.sandboxId + "/watch").expectStatus().isNotFound();
			}
			terminal.type("echo nobody-$((2*3))\r");
			terminal.awaitOutput("nobody-6", WAIT);
			assertThat(terminal.awaitAnyStatusOrNone(Duration.ofSeconds(1))).as("no one watched").isNull();
		}
		this.trainer.get("/sandboxes/" + this.sandboxId + "/watch").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("watch-learner").contains("/js/watch.js"));
		this.trainer.get("/sandboxes/" + nowhere + "/watch").expectStatus().isNotFound();
	}

	@Test
	void aForeignPageOrNoSessionIsRefusedAsForTheTerminal() throws Exception {
		URI uri = URI.create(base() + this.sandboxId + "/watch");
		try (TerminalClient watch = new TerminalClient(uri, this.trainer.cookieHeader(), "http://evil.example")) {
			assertThat(watch.awaitClosed(WAIT)).hasMessageContaining("403");
		}
		try (TerminalClient watch = new TerminalClient(uri, null, origin())) {
			assertThat(watch.awaitClosed(WAIT)).hasMessageContaining("401");
		}
	}

	@Test
	void anAdminMayWatch() throws Exception {
		try (TerminalClient terminal = terminal(); TerminalClient watch = watch(adminSession())) {
			terminal.awaitStatus("ready", WAIT);
			watch.awaitStatus("following", WAIT);
			awaitWatched(terminal, "[\"admin\"]");
			terminal.type("echo admin-sees-$((3*3))\r");
			watch.awaitOutput("admin-sees-9", WAIT);
		}
	}

	/** The attack: a watcher sends keys and a resize as a terminal would. Neither reaches the shell. */
	@Test
	void whatAWatcherSendsNeverReachesTheShell() throws Exception {
		try (TerminalClient terminal = terminal(); TerminalClient watch = watch(this.trainer)) {
			terminal.awaitStatus("ready", WAIT);
			watch.awaitStatus("following", WAIT);
			watch.type("touch /tmp/pwned\r");
			assertThat(watch.awaitStatus("bad-message", WAIT)).contains("read-only");
			Thread.sleep(1100);
			watch.control("{\"type\":\"resize\",\"cols\":50,\"rows\":10}");
			assertThat(watch.awaitStatus("bad-message", WAIT)).contains("read-only");
			// The learner's own keys do reach it: the same command of theirs works.
			terminal.type("touch /tmp/learner-was-here; stty size; echo typed-$((8*8))\r");
			String screen = terminal.awaitOutput("typed-64", WAIT);
			assertThat(screen).doesNotContain("pwned").doesNotContain("10 50");
			watch.awaitOutput("typed-64", WAIT);
		}
		String containerId = this.sandboxes.find(Viewer.system(), this.sandboxId).block().containerId();
		assertThat(DockerCli.docker("exec", containerId, "ls", "/tmp").output()).contains("learner-was-here")
			.doesNotContain("pwned");
	}

	/**
	 * A watcher that reads nothing never slows the learner: the learner's echo comes as fast, and every line of a long
	 * output still reaches the learner, whole and in order, while the stalled watcher is skipped ahead.
	 */
	@Test
	void aStalledWatcherDoesNotDelayTheLearner() throws Exception {
		try (TerminalClient terminal = terminal()) {
			terminal.awaitStatus("ready", WAIT);
			Duration alone = echoTime(terminal, "alone");
			int count = 1_000_000;
			try (StalledWatcher stalled = new StalledWatcher(this.port, "/ws/sandboxes/" + this.sandboxId + "/watch",
					this.trainer.cookieHeader(), origin())) {
				awaitWatched(terminal, "[\"watch-trainer\"]");
				terminal.type("seq 1 " + count + "; echo END-$((1+1))\r");
				String output = new String(terminal.readUntil("END-2\r".getBytes(StandardCharsets.US_ASCII),
						Duration.ofSeconds(90)), StandardCharsets.US_ASCII);
				List<String> lines = List.of(output.replace("\u001b[?2004l", "").replace("\r", "").split("\n"));
				int end = lines.lastIndexOf("END-2");
				assertThat(lines.subList(end - count, end))
					.isEqualTo(java.util.stream.IntStream.rangeClosed(1, count).mapToObj(String::valueOf).toList());
				Duration watched = echoTime(terminal, "watched");
				assertThat(watched).as("echo while a stalled watcher watches, %s alone", alone)
					.isLessThan(alone.multipliedBy(5).plusMillis(500));
			}
		}
	}

	@Test
	void watchesAreCappedPerSandbox() throws Exception {
		List<TerminalClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				TerminalClient watch = watch(this.trainer);
				open.add(watch);
				watch.awaitStatus("ready", WAIT);
			}
			try (TerminalClient fifth = watch(this.trainer)) {
				assertThat(fifth.awaitAnyStatus(WAIT)).contains("\"type\":\"error\"")
					.contains("this sandbox already has 4 watches open");
				fifth.awaitClosed(WAIT);
			}
		}
		finally {
			open.forEach(TerminalClient::close);
		}
	}

	@Test
	void theLearnerSeesTheirOwnWatchesAndAnotherTrainerNone() throws Exception {
		try (TerminalClient watch = watch(this.trainer)) {
			watch.awaitStatus("no-terminal", WAIT);
		}
		long learnerId = learnerId();
		TerminalWatch ended = awaitEnded(learnerId);
		String body = this.learner.get("/api/watches").expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
		assertThat(body).contains("\"id\":\"" + ended.id() + "\"").contains("\"watcher\":\"watch-trainer\"")
			.contains("\"startedAt\":\"" + ended.startedAt()).contains("\"endedAt\":\"" + ended.endedAt());
		assertThat(this.trainer.get("/api/watches?learner=" + learnerId).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody()).contains(ended.id());
		assertThat(adminSession().get("/api/watches").expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody()).contains(ended.id());

		BrowserSession other = loggedIn("watch-other", "TRAINER");
		other.get("/api/watches?learner=" + learnerId).expectStatus().isNotFound().expectBody()
			.jsonPath("$.detail").isEqualTo("There is no such learner that you can see.");
		assertThat(other.get("/api/watches").expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody()).doesNotContain(ended.id());
		BrowserSession bob = learner("watch-bob");
		bob.get("/api/watches?learner=" + learnerId).expectStatus().isNotFound();
		assertThat(bob.get("/api/watches").expectBody(String.class).returnResult().getResponseBody())
			.doesNotContain(ended.id());
	}

	/** A crash leaves a watch open in the record: the next start-up ends it, and leaves the watches of its own be. */
	@Test
	void watchesACrashLeftOpenAreEndedAtStartUp() {
		String leftOpen = insertOpenWatch(Instant.now().minus(Duration.ofHours(1)));
		String current = insertOpenWatch(Instant.now());
		assertThat(this.log.endLeftOpen().block()).isGreaterThanOrEqualTo(1L);
		assertThat(endedAt(leftOpen)).isNotNull();
		assertThat(endedAt(current)).isNull();
		this.database.sql("delete from terminal_watch where id in (:ids)").bind("ids", List.of(leftOpen, current))
			.then().block();
	}

	private String insertOpenWatch(Instant startedAt) {
		String id = UUID.randomUUID().toString();
		this.database.sql("insert into terminal_watch (id, sandbox_id, exercise_id, learner_id, watcher_id, started_at)"
				+ " values (:id, 'gone', 'shared-kernel', -1, -1, :at)")
			.bind("id", id).bind("at", startedAt.atOffset(ZoneOffset.UTC)).then().block();
		return id;
	}

	private OffsetDateTime endedAt(String id) {
		return this.database.sql("select ended_at from terminal_watch where id = :id").bind("id", id)
			.map((row) -> java.util.Optional.ofNullable(row.get("ended_at", OffsetDateTime.class))).one().block()
			.orElse(null);
	}

	/** Type an echo and time until its answer comes back: the median of five. */
	private static Duration echoTime(TerminalClient terminal, String label) throws InterruptedException {
		long[] times = new long[5];
		for (int i = 0; i < times.length; i++) {
			long started = System.nanoTime();
			terminal.type("echo " + label + "-$((" + i + "+100))\r");
			terminal.awaitOutput(label + "-" + (i + 100), WAIT);
			times[i] = System.nanoTime() - started;
		}
		Arrays.sort(times);
		return Duration.ofNanos(times[2]);
	}

	/** Wait for the learner's terminal to hear that these watch, as the JSON list of names. */
	private static void awaitWatched(TerminalClient terminal, String by) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			String status = terminal.awaitStatus("watched", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (status.equals("{\"type\":\"watched\",\"by\":" + by + "}")) {
				return;
			}
		}
	}

	/** Wait until the learner's latest watch is recorded as ended, and return it. */
	private TerminalWatch awaitEnded(long learnerId) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			TerminalWatch latest = this.log.visibleTo(Viewer.system(), learnerId).blockFirst();
			if (latest != null && latest.endedAt() != null) {
				return latest;
			}
			assertThat(System.nanoTime()).as("the watch recorded as ended in time").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	/** Open the watch socket as someone who may not, and return the error message it gets before it is closed. */
	private String refusal(BrowserSession who, String sandboxId) throws InterruptedException {
		try (TerminalClient watch = new TerminalClient(URI.create(base() + sandboxId + "/watch"), who.cookieHeader(),
				origin())) {
			String error = watch.awaitStatus("error", WAIT);
			watch.awaitClosed(WAIT);
			assertThat(watch.screen()).isEmpty();
			return error;
		}
	}

	private long learnerId() {
		return this.accounts.findByUsername("watch-learner").block().id();
	}

	private TerminalClient terminal() {
		return new TerminalClient(URI.create(base() + this.sandboxId + "/terminal"), this.learner.cookieHeader(), origin());
	}

	private TerminalClient watch(BrowserSession who) {
		return new TerminalClient(URI.create(base() + this.sandboxId + "/watch"), who.cookieHeader(), origin());
	}

	private String base() {
		return "ws://localhost:" + this.port + "/ws/sandboxes/";
	}

	private String origin() {
		return "http://localhost:" + this.port;
	}

}
