package io.cagelab.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cagelab.DockerCli;
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
 * The floor as the real engine applies it, and what a learner inside a sandbox cannot do.
 */
class SandboxContainmentTests extends IntegrationTest {

	@Autowired
	SandboxService sandboxes;

	@Autowired
	SandboxBackend backend;

	final List<Sandbox> opened = new ArrayList<>();

	@AfterEach
	void closeSandboxes() {
		this.opened.forEach((sandbox) -> this.sandboxes.close(admin(), sandbox.id()).block());
	}

	@Test
	void everyFloorItemIsOnTheContainer() {
		String id = open(9101, "shared-kernel").containerId();

		assertThat(inspect(id, "{{json .HostConfig.CapDrop}}")).isEqualTo("[\"ALL\"]");
		assertThat(inspect(id, "{{json .HostConfig.CapAdd}}")).isIn("null", "[]");
		assertThat(inspect(id, "{{json .HostConfig.SecurityOpt}}")).contains("no-new-privileges:true")
			.doesNotContain("unconfined");
		assertThat(inspect(id, "{{.HostConfig.Privileged}}")).isEqualTo("false");
		assertThat(inspect(id, "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
		assertThat(inspect(id, "{{.HostConfig.NetworkMode}}")).isEqualTo("none");
		assertThat(inspect(id, "{{.HostConfig.PidMode}}|{{.HostConfig.UTSMode}}|{{.HostConfig.UsernsMode}}"))
			.isEqualTo("||");
		assertThat(inspect(id, "{{.HostConfig.IpcMode}}")).isNotEqualTo("host");
		assertThat(inspect(id, "{{json .HostConfig.Devices}}|{{json .HostConfig.Binds}}|{{json .Mounts}}"))
			.isEqualTo("null|null|[]");
		assertThat(inspect(id, "{{.HostConfig.PidsLimit}}")).isEqualTo("256");
		assertThat(inspect(id, "{{.HostConfig.Memory}}|{{.HostConfig.MemorySwap}}")).isEqualTo("268435456|268435456");
		assertThat(inspect(id, "{{.HostConfig.NanoCpus}}")).isEqualTo("500000000");
		assertThat(inspect(id, "{{json .HostConfig.Ulimits}}")).contains("\"Name\":\"nproc\",\"Hard\":512,\"Soft\":512")
			.contains("\"Name\":\"nofile\"").contains("\"Name\":\"fsize\"").contains("\"Name\":\"core\",\"Hard\":0,\"Soft\":0");
		assertThat(inspect(id, "{{json .HostConfig.Tmpfs}}")).contains("/tmp").contains("/home/learner")
			.contains("size=67108864");
		assertThat(inspect(id, "{{.Config.User}}")).isEqualTo("19101:1000");
		assertThat(inspect(id, "{{index .Config.Labels \"io.cagelab.owner\"}}")).isEqualTo("learner-9101");
		assertThat(inspect(id, "{{index .Config.Labels \"io.cagelab.exercise\"}}")).isEqualTo("shared-kernel");
		assertThat(inspect(id, "{{index .Config.Labels \"io.cagelab.expires-at\"}}")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

		Result inside = exec(id, "id -u; cat /proc/self/uid_map; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status");
		assertThat(inside.output()).contains("19101").doesNotContain("4294967295").contains("CapEff:\t0000000000000000")
			.contains("CapBnd:\t0000000000000000").contains("NoNewPrivs:\t1").contains("Seccomp:\t2");
		String hostPid = inspect(id, "{{.State.Pid}}");
		assertThat(Long.parseLong(new String(readStatusUid(hostPid)))).as("host UID of the sandbox").isGreaterThanOrEqualTo(100_000);
	}

	@Test
	void forkBombIsContainedAndTheEngineStillStartsContainersAtOnce() throws Exception {
		Sandbox sandbox = open(9102, "fork-bomb-contained");
		docker("exec", "-d", sandbox.containerId(), "bash", "-c", "f(){ f | f & }; f");
		SandboxUsage usage = this.backend.usage(sandbox.containerId())
			.filter((sample) -> sample.pids() >= 120)
			.blockFirst(Duration.ofSeconds(30));
		assertThat(usage.pids()).isLessThanOrEqualTo(128);
		assertThat(usage.pidsLimit()).isEqualTo(128);

		long started = System.nanoTime();
		Result sibling = docker("run", "--rm", "--network", "none", "cagelab/sandbox:1", "true");
		Duration siblingTime = Duration.ofNanos(System.nanoTime() - started);
		assertThat(sibling.exitCode()).as(sibling.output()).isZero();
		assertThat(siblingTime).isLessThan(Duration.ofSeconds(10));
		assertThat(inspect(sandbox.containerId(), "{{.State.Running}}")).isEqualTo("true");
	}

	@Test
	void usageIsSampledAboutOnceASecond() {
		Sandbox sandbox = open(9106, "shared-kernel");
		List<SandboxUsage> samples = this.backend.usage(sandbox.containerId()).take(3).collectList()
			.block(Duration.ofSeconds(15));
		assertThat(samples).hasSize(3).allSatisfy((sample) -> assertThat(sample.pids()).isPositive());
	}

	@Test
	void memoryBombIsKilledAndTheSandboxSurvives() {
		String id = open(9103, "oom-kill").containerId();
		Result bomb = exec(id, "head -c 300M /dev/zero | tail -c 300M > /dev/null; echo exit=$?");
		assertThat(bomb.output()).contains("exit=137");
		assertThat(inspect(id, "{{.State.Running}}")).isEqualTo("true");
		assertThat(exec(id, "echo alive").output()).isEqualTo("alive");
	}

	@Test
	void escapeAttemptsFailInALearnerSandbox() {
		String id = open(9104, "shared-kernel").containerId();
		assertFails(id, "for i in 1 2 3; do dd if=/dev/zero of=/tmp/fill$i bs=1M count=30 2>&1 || exit 1; done",
				"No space left on device");
		assertFails(id, "dd if=/dev/zero of=$HOME/big bs=1M count=100", "");
		assertFails(id, "touch /etc/evil", "Read-only file system");
		assertFails(id, "touch /usr/bin/evil", "Read-only file system");
		assertFails(id, "mount -t tmpfs none /mnt", "");
		assertFails(id, "echo 1 > /proc/sys/kernel/sysrq", "");
		assertFails(id, "unshare --user --map-root-user true", "Operation not permitted");
		assertFails(id, "unshare --pid --fork true", "Operation not permitted");
		assertFails(id, "busybox insmod /tmp/nothing.ko", "");
		assertFails(id, "busybox arping -c 1 -I lo 127.0.0.1", "");
		assertFails(id, "chown 0 /tmp", "Operation not permitted");
		assertFails(id, "mknod /tmp/mem c 1 1", "Operation not permitted");
		assertFails(id, "hostname evil", "");
		assertFails(id, "dmesg", "");
		assertFails(id, "su -c id root < /dev/null", "");
		assertFails(id, "test -e /var/run/docker.sock || test -e /run/docker.sock", "");
		assertThat(exec(id, "ip -o link | wc -l; ip route | wc -l").output()).isEqualTo("1\n0");
		assertThat(exec(id, "head -c 16 /proc/kcore 2>/dev/null | wc -c").output()).isEqualTo("0");
	}

	@Test
	void aSandboxWithSysAdminStillCannotReachTheHost() {
		String id = open(9105, "pid-namespace").containerId();
		assertThat(exec(id, "unshare --pid --fork --mount-proc sh -c 'echo $$'").output()).isEqualTo("1");
		assertThat(exec(id, "cat /proc/self/uid_map").output()).matches("\\s*0\\s+100000\\s+65536");
		assertFails(id, "busybox insmod /tmp/nothing.ko", "");
		assertFails(id, "echo 1 > /proc/sys/kernel/sysrq", "");
		assertFails(id, "mount -o remount,rw /proc/sys; echo 1 > /proc/sys/kernel/sysrq", "");
		assertFails(id, "mount -o remount,rw / && touch /evil", "");
		assertFails(id, "touch /etc/evil", "Read-only file system");
		assertFails(id, "mknod /tmp/sda b 8 0 && head -c1 /tmp/sda", "");
		assertThat(exec(id, "ip -o link | wc -l").output()).isEqualTo("1");
	}

	private static void assertFails(String containerId, String script, String expected) {
		Result result = exec(containerId, script);
		assertThat(result.exitCode()).as("'%s' must fail, said: %s", script, result.output()).isNotZero();
		assertThat(result.output()).as(script).contains(expected);
	}

	private static String readStatusUid(String hostPid) {
		try {
			return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", hostPid, "status"))
				.stream()
				.filter((line) -> line.startsWith("Uid:"))
				.map((line) -> line.split("\\s+")[1])
				.findFirst()
				.orElseThrow();
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private Sandbox open(long accountId, String exercise) {
		Sandbox sandbox = this.sandboxes.open(new SandboxOwner(accountId, "learner-" + accountId), exercise).block();
		this.opened.add(sandbox);
		return sandbox;
	}

	private static Viewer admin() {
		return Viewer.system();
	}

}
