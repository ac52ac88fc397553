package io.cagelab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.cagelab.BrowserSession;
import io.cagelab.DockerCli.Result;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.cagelab.DockerCli.docker;
import static io.cagelab.DockerCli.exec;
import static io.cagelab.DockerCli.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an adversarial learner tried against a running Cagelab, performed again: each test makes the attack and
 * asserts why it now fails.
 */
class SandboxAttackTests extends IntegrationTest {

	static final Viewer ADMIN = Viewer.system();

	@Autowired
	SandboxService sandboxes;

	final List<Sandbox> opened = new ArrayList<>();

	@AfterEach
	void closeSandboxes() {
		this.opened.forEach((sandbox) -> this.sandboxes.close(ADMIN, sandbox.id()).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block());
		this.sandboxes.list(ADMIN).filter((sandbox) -> sandbox.ownerName().startsWith("attack-"))
			.concatMap((sandbox) -> this.sandboxes.close(ADMIN, sandbox.id())).blockLast();
	}

	@Test
	void theSysAdminLabCannotRemountItsRootWritableNorFillTheHostsDisk() {
		String id = open(9201, "pid-namespace").containerId();
		Result remount = exec(id, "mount -o remount,bind,rw / 2>&1; echo exit=$?");
		assertThat(remount.output()).contains("permission denied").contains("exit=32");
		// The call itself, without mount(8)'s words: MS_REMOUNT|MS_BIND on / is refused by the profile with EPERM.
		assertThat(syscall(id, "165, $n, $r, $n, 0x1020, 0")).isEqualTo("-1 Operation not permitted");
		assertThat(exec(id, "head -c 50000000 /dev/zero > /var/tmp/f 2>&1; echo exit=$?").output())
			.contains("Read-only file system").contains("exit=1");
		assertThat(exec(id, "awk '$5 == \"/\" { print $6 }' /proc/self/mountinfo").output()).startsWith("ro,");
		assertThat(inspect(id, "{{json .HostConfig.SecurityOpt}}")).contains("seccomp={")
			.contains("\\\"umount2\\\"").doesNotContain("unconfined");
		assertThat(exec(id, "grep Seccomp: /proc/self/status").output()).contains("2");
	}

	@Test
	void theSysAdminLabCannotUnmaskWhatDockerMasks() {
		String id = open(9202, "pid-namespace").containerId();
		assertThat(exec(id, "umount /proc/keys 2>&1; umount /sys/firmware 2>&1; echo exit=$?").output())
			.contains("exit=32");
		assertThat(syscall(id, "166, $k, 0")).as("umount2 of /proc/keys").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "165, $k, $r, $n, 0x2000, 0")).as("mount --move of the mask")
			.isEqualTo("-1 Operation not permitted");
		// A bind of /proc or /sys elsewhere would come without the masks mounted over their paths.
		assertThat(exec(id, "mkdir -p /tmp/p /tmp/s; mount --bind /proc /tmp/p 2>&1; mount --bind /sys /tmp/s 2>&1;"
				+ " echo exit=$?").output()).contains("permission denied").contains("exit=32");
		assertThat(syscall(id, "165, $k, $r, $n, 0x1000, 0")).as("mount --bind").isEqualTo("-1 Operation not permitted");
		assertThat(exec(id, "wc -c < /proc/keys; ls /sys/firmware | wc -l").output()).isEqualTo("0\n0");
	}

	@Test
	void theSysAdminLabCannotOpenASocketToTheHypervisorNorTakeOtherProcessesFiles() {
		String id = open(9207, "pid-namespace").containerId();
		assertThat(exec(id, "perl -e 'socket(my $s, 40, 1, 0) or print \"$!\"'").output())
			.as("AF_VSOCK").isEqualTo("Operation not permitted");
		assertThat(syscall(id, "438, 1, 0, 0")).as("pidfd_getfd").isEqualTo("-1 Operation not permitted");
		assertThat(exec(id, "perl -e 'socket(my $s, 1, 1, 0) or die $!; print \"unix ok\"'").output()).isEqualTo("unix ok");
	}

	@Test
	void aSandboxKeepsAtMostTwoMegabytesOfItsOutputOnTheHost() {
		String id = open(9208, "shared-kernel").containerId();
		assertThat(inspect(id, "{{.HostConfig.LogConfig.Type}} {{json .HostConfig.LogConfig.Config}}"))
			.isEqualTo("json-file {\"max-file\":\"2\",\"max-size\":\"1m\"}");
	}

	@Test
	void theSysAdminLabCannotReachTheNewMountApi() {
		String id = open(9203, "pid-namespace").containerId();
		// x86_64 numbers: open_tree 428, move_mount 429, fsopen 430, fsconfig 431, fsmount 432, fspick 433,
		// mount_setattr 442 (CVE-2022-0185 went through fsconfig).
		assertThat(syscall(id, "430, $t, 0")).as("fsopen").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "428, -100, $r, 0")).as("open_tree").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "429, -100, $r, -100, $r, 0")).as("move_mount").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "431, 3, 0, 0, 0, 0")).as("fsconfig").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "432, 3, 0, 0")).as("fsmount").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "433, -100, $r, 0")).as("fspick").isEqualTo("-1 Operation not permitted");
		assertThat(syscall(id, "442, -100, $r, 0, 0, 0")).as("mount_setattr").isEqualTo("-1 Operation not permitted");
	}

	@Test
	void theSysAdminLabStillDoesWhatItTeaches() {
		String id = open(9204, "pid-namespace").containerId();
		assertThat(exec(id, "unshare --pid --fork --mount-proc --uts sh -c 'hostname cage; echo $$ $(hostname)'").output())
			.isEqualTo("1 cage");
		assertThat(exec(id, "hostname").output()).isEqualTo("sandbox");
	}

	@Test
	void sandboxesSeeTheirOwnCgroupAsTheRootNotTheHostsTree() {
		String id = open(9205, "shared-kernel").containerId();
		assertThat(inspect(id, "{{.HostConfig.CgroupnsMode}}")).isEqualTo("private");
		assertThat(exec(id, "cat /proc/self/cgroup").output().lines())
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).endsWith(":/").doesNotContain("docker"));
	}

	@Test
	void concurrentResetsAndADeleteLeaveNoContainerWithoutItsRecord() {
		BrowserSession learner = learner("attack-racer");
		String sandboxId = openThroughTheApi(learner);
		List<CompletableFuture<Integer>> resets = resetsAtOnce(learner, sandboxId, 7);
		CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> learner.client().delete()
			.uri("/api/sandboxes/" + sandboxId).header("X-XSRF-TOKEN", learner.csrfToken()).exchange()
			.returnResult(String.class).getStatus().value());
		resets.forEach(CompletableFuture::join);
		// A reset that finds another waiting is refused as busy; a removal always waits its turn.
		assertThat(resets).allSatisfy((reset) -> assertThat(reset.join()).isIn(200, 404, 429));
		assertThat(delete.join()).isEqualTo(204);

		assertThat(containersOf(sandboxId)).as("containers of the deleted sandbox").isEmpty();
		learner.get("/api/sandboxes/" + sandboxId).expectStatus().isNotFound();
	}

	@Test
	void concurrentResetsLeaveExactlyTheRecordedContainer() {
		BrowserSession learner = learner("attack-resetter");
		String sandboxId = openThroughTheApi(learner);
		List<CompletableFuture<Integer>> resets = resetsAtOnce(learner, sandboxId, 7);
		List<Integer> statuses = resets.stream().map(CompletableFuture::join).toList();
		assertThat(statuses).contains(200, 429).containsOnly(200, 429);
		String recorded = this.sandboxes.find(ADMIN, sandboxId).block().containerId();
		assertThat(containersOf(sandboxId)).containsExactly(recorded);
	}

	@Test
	void aBurstOfResetsNeitherQueuesMinutesOfWorkNorHoldsUpTheReaper() {
		Sandbox sandbox = open(9209, "shared-kernel");
		List<CompletableFuture<Boolean>> resets = IntStream.range(0, 30)
			.mapToObj((i) -> this.sandboxes.reset(ADMIN, sandbox.id()).map((reset) -> true)
				.onErrorResume(SandboxException.class, (ex) -> reactor.core.publisher.Mono.just(false)).toFuture())
			.toList();
		long started = System.nanoTime();
		this.sandboxes.reap().block(Duration.ofSeconds(30));
		Duration reaping = Duration.ofNanos(System.nanoTime() - started);
		long done = resets.stream().filter(CompletableFuture::join).count();
		assertThat(done).as("resets carried out: the running one and the one that waited").isBetween(1L, 2L);
		assertThat(reaping).as("a reap pass skips the busy sandbox").isLessThan(Duration.ofSeconds(10));
		String recorded = this.sandboxes.find(ADMIN, sandbox.id()).block().containerId();
		assertThat(containersOf(sandbox.id())).containsExactly(recorded);
	}

	@Test
	void openingASandboxWhileAResetReplacesItsStoppedContainerKeepsOneContainerAndItsRecord() {
		BrowserSession learner = learner("attack-two-tabs");
		Map<?, ?> first = learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		docker("stop", "-t", "0", (String) first.get("containerId"));
		CompletableFuture<Integer> reset = CompletableFuture.supplyAsync(() -> learner
			.postJson("/api/sandboxes/" + first.get("id") + "/reset", Map.of()).returnResult(String.class).getStatus().value());
		CompletableFuture<Integer> open = CompletableFuture.supplyAsync(() -> learner
			.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).returnResult(String.class).getStatus().value());
		assertThat(reset.join()).isIn(200, 404);
		assertThat(open.join()).isIn(201, 429);
		List<Sandbox> records = this.sandboxes.list(ADMIN).filter((sandbox) -> sandbox.ownerName().equals("attack-two-tabs"))
			.collectList().block();
		assertThat(records).hasSize(1);
		assertThat(docker("ps", "-aq", "--no-trunc", "--filter", "label=io.cagelab.owner=attack-two-tabs").output())
			.isEqualTo(records.get(0).containerId());
	}

	@Test
	void aResetGivesACleanSandboxButNotMoreTime() {
		Sandbox sandbox = this.sandboxes.find(ADMIN, open(9206, "shared-kernel").id()).block();
		Sandbox reset = this.sandboxes.reset(ADMIN, sandbox.id()).block();
		assertThat(reset.containerId()).isNotEqualTo(sandbox.containerId());
		assertThat(reset.expiresAt()).isEqualTo(sandbox.expiresAt());
		assertThat(this.sandboxes.find(ADMIN, sandbox.id()).block().expiresAt()).isEqualTo(sandbox.expiresAt());
		assertThat(Instant.parse(inspect(reset.containerId(), "{{index .Config.Labels \"io.cagelab.expires-at\"}}")))
			.isEqualTo(sandbox.expiresAt());
	}

	@Test
	void onlyALabGetsASandbox() {
		BrowserSession learner = learner("attack-quizzer");
		learner.postJson("/api/sandboxes", Map.of("exercise", "pids-limit-vs-nproc")).expectStatus().isNotFound()
			.expectBody().jsonPath("$.detail")
			.isEqualTo("The exercise 'pids-limit-vs-nproc' has no sandbox: it is answered on its page.");
		learner.postJson("/api/sandboxes?lang=fr", Map.of("exercise", "harden-a-run-line")).expectStatus().isNotFound()
			.expectBody().jsonPath("$.detail")
			.isEqualTo("L'exercice «\u202fharden-a-run-line\u202f» n'a pas de bac à sable\u00a0: il se fait sur sa page.");
		learner.postJson("/api/sandboxes?lang=en", Map.of("exercise", "no-such-thing")).expectStatus().isNotFound()
			.expectBody().jsonPath("$.detail").isEqualTo("There is no exercise 'no-such-thing'.");
		assertThat(docker("ps", "-aq", "--filter", "label=io.cagelab.owner=attack-quizzer").output()).isEmpty();
	}

	@Test
	void oneLearnerCannotTakeEveryTrialSlot() {
		BrowserSession hog = learner("attack-hog");
		BrowserSession other = learner("attack-other");
		String slow = "docker run -it --cpus 0.01 --user 1000:1000 --pids-limit 1000 bash";
		String path = "/api/exercises/contain-the-demo-bomb/submissions";
		long started = System.nanoTime();
		List<CompletableFuture<Integer>> handIns = IntStream.range(0, 4)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> hog.postJson(path, Map.of("content", slow))
				.returnResult(String.class).getStatus().value()))
			.toList();
		// While the hog's one admitted trial runs, another learner is graded at once.
		other.postJson(path, Map.of("content", "docker run -it --pids-limit 100 --user 1000:1000 bash:5.2"))
			.expectStatus().isCreated().expectBody().jsonPath("$.fullMarks").isEqualTo(true);
		List<Integer> statuses = handIns.stream().map(CompletableFuture::join).toList();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(statuses).containsOnlyOnce(201).contains(429);
		// The trial got a quarter of a CPU, not a hundredth: its bounded bomb ran in seconds, not in minutes.
		assertThat(took).isLessThan(Duration.ofSeconds(25));
		hog.postJson(path, Map.of("content", slow)).expectStatus().isCreated();
		assertThat(docker("ps", "-aq", "--filter", "name=cagelab-trial-", "--filter",
				"label=io.cagelab.owner=attack-hog").output()).isEmpty();
	}

	@Test
	void aLearnersSecondTrialIsRefusedWithAReasonWhileTheFirstRuns() {
		BrowserSession hog = learner("attack-double");
		String path = "/api/exercises/contain-the-demo-bomb/submissions";
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> hog.postJson(path,
				Map.of("content", "docker run -it --pids-limit 1000 --user 1000:1000 bash:5.2"))
			.returnResult(String.class).getStatus().value());
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !docker("ps", "-q", "--filter",
				"label=io.cagelab.owner=attack-double").output().isEmpty());
		hog.postJson(path + "?lang=fr", Map.of("content", "docker run -it --pids-limit 100 --user 1000:1000 bash:5.2"))
			.expectStatus().isEqualTo(429).expectBody().jsonPath("$.detail")
			.isEqualTo("Votre rendu précédent est encore en cours d'essai dans un conteneur\u202f; attendez son résultat, puis rendez à nouveau.");
		assertThat(first.join()).isEqualTo(201);
	}

	@Test
	void aLearnerWhoDropsTheConnectionStillHasOneTrialAtATime() {
		TrialSettings settings = new TrialSettings("1000:1000", List.of(), true, true, Map.of(), 100L, null, null, Map.of());
		SandboxOwner learner = new SandboxOwner(9210, "attack-dropper");
		for (int i = 0; i < 5; i++) {
			this.sandboxes.tryOut(learner, "harden-a-run-line", settings, List.of(List.of("sleep", "5")))
				.onErrorResume((ex) -> reactor.core.publisher.Mono.empty())
				.subscribe()
				.dispose();
		}
		org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
			.until(() -> trialsOf("attack-dropper") <= 1);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> trialsOf("attack-dropper") == 0);
		assertThat(this.sandboxes.tryOut(learner, "harden-a-run-line", settings, List.of(List.of("id", "-u")))
			.block(Duration.ofSeconds(30))).extracting((result) -> result.output().trim()).containsExactly("1000");
	}

	private static int trialsOf(String owner) {
		String ids = docker("ps", "-aq", "--filter", "name=cagelab-trial-", "--filter", "label=io.cagelab.owner=" + owner)
			.output();
		return ids.isEmpty() ? 0 : ids.split("\n").length;
	}

	/** Make one system call with perl, whose {@code syscall} passes strings as pointers, and return "result errno". */
	private static String syscall(String containerId, String arguments) {
		String script = "$r = \"/\"; $n = \"none\"; $k = \"/proc/keys\"; $t = \"tmpfs\"; $! = 0; $x = syscall("
				+ arguments + "); print \"$x \", ($x == -1 ? \"$!\" : \"ok\");";
		return exec(containerId, "perl -e '" + script + "'").output();
	}

	private static String openThroughTheApi(BrowserSession learner) {
		return (String) learner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private static List<CompletableFuture<Integer>> resetsAtOnce(BrowserSession learner, String sandboxId, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> learner.postJson("/api/sandboxes/" + sandboxId + "/reset",
					Map.of()).returnResult(String.class).getStatus().value()))
			.toList();
	}

	private static List<String> containersOf(String sandboxId) {
		String ids = docker("ps", "-aq", "--no-trunc", "--filter", "label=io.cagelab.sandbox=" + sandboxId).output();
		return ids.isEmpty() ? List.of() : List.of(ids.split("\n"));
	}

	private Sandbox open(long accountId, String exercise) {
		Sandbox sandbox = this.sandboxes.open(new SandboxOwner(accountId, "attack-" + accountId), exercise).block();
		this.opened.add(sandbox);
		return sandbox;
	}

}
