package io.cagelab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxFloorTests {

	static final SandboxProperties FLOOR = new SandboxProperties(List.of("cagelab/sandbox:1", "cagelab/sandbox:latest"),
			Duration.ofMinutes(60), Duration.ofMinutes(15), 256, DataSize.ofMegabytes(256), 0.5, 512, 1024,
			DataSize.ofMegabytes(64), DataSize.ofMegabytes(64), DataSize.ofMegabytes(64), 120, 3, 10000,
			Duration.ofSeconds(30), "", 512, 4, Duration.ofSeconds(30), 0.25);

	static final HostReport USERNS_HOST = HostAssessment.assess(HostAssessmentTests.engine("2",
			HostAssessmentTests.USERNS_SECCOMP, List.of("runc")), false);

	static final HostReport NO_USERNS_HOST = HostAssessment.assess(HostAssessmentTests.engine("2",
			List.of("name=seccomp,profile=builtin"), List.of("runc")), true);

	SandboxFloor floor = new SandboxFloor(FLOOR);

	static SandboxProfile capabilities(String... names) {
		return new SandboxProfile(null, List.of(names), null, null, null, null, null);
	}

	ContainerPlan plan(SandboxProfile profile, long accountId, HostReport host) {
		Instant now = Instant.parse("2026-11-29T10:00:00Z");
		return this.floor.plan(new SandboxRequest("inst-1", "sb-1", new SandboxOwner(accountId, "alice"), "ex-1", profile,
				now, now.plusSeconds(3600)), host);
	}

	@Test
	void defaultPlanCarriesTheWholeFloor() {
		ContainerPlan plan = plan(SandboxProfile.DEFAULT, 7, USERNS_HOST);
		assertThat(plan.image()).isEqualTo("cagelab/sandbox:1");
		assertThat(plan.user()).isEqualTo("10007:1000");
		assertThat(plan.addedCapabilities()).isEmpty();
		assertThat(plan.pidsLimit()).isEqualTo(256);
		assertThat(plan.memoryBytes()).isEqualTo(DataSize.ofMegabytes(256).toBytes());
		assertThat(plan.nanoCpus()).isEqualTo(500_000_000L);
		assertThat(plan.ulimits()).containsEntry("nproc", 512L).containsEntry("nofile", 1024L)
			.containsEntry("fsize", DataSize.ofMegabytes(64).toBytes()).containsEntry("core", 0L);
		assertThat(plan.tmpfs()).containsOnlyKeys("/tmp", "/home/learner");
		assertThat(plan.tmpfs().get("/tmp")).contains("size=67108864").contains("nosuid").contains("noexec");
		assertThat(plan.tmpfs().get("/home/learner")).contains("uid=10007");
		assertThat(plan.isolatedNetwork()).isFalse();
		assertThat(plan.runtime()).isEqualTo("runc");
		assertThat(plan.labels()).containsEntry(SandboxLabels.OWNER, "alice").containsEntry(SandboxLabels.EXERCISE, "ex-1")
			.containsEntry(SandboxLabels.SANDBOX, "sb-1").containsEntry(SandboxLabels.INSTALLATION, "inst-1").containsEntry(SandboxLabels.EXPIRES_AT, "2026-11-29T11:00:00Z");
	}

	@Test
	void eachLearnerGetsADistinctNonRootUid() {
		assertThat(plan(SandboxProfile.DEFAULT, 1, USERNS_HOST).user()).isNotEqualTo(plan(SandboxProfile.DEFAULT, 2,
				USERNS_HOST).user());
		assertThat(this.floor.uid(new SandboxOwner(1_000_000, "big"))).isBetween(10_000L, 65_000L);
	}

	@Test
	void aProfileCanTightenTheLimits() {
		ContainerPlan plan = plan(new SandboxProfile(null, List.of(), 64, DataSize.ofMegabytes(64), 0.25, null,
				"isolated"), 1, USERNS_HOST);
		assertThat(plan.pidsLimit()).isEqualTo(64);
		assertThat(plan.memoryBytes()).isEqualTo(DataSize.ofMegabytes(64).toBytes());
		assertThat(plan.nanoCpus()).isEqualTo(250_000_000L);
		assertThat(plan.isolatedNetwork()).isTrue();
	}

	@Test
	void capabilitiesAreAddedBackAsRootInsideTheUserNamespace() {
		ContainerPlan plan = plan(capabilities("cap_sys_admin", "SYS_ADMIN", "NET_BIND_SERVICE"), 1, USERNS_HOST);
		assertThat(plan.addedCapabilities()).containsExactly("SYS_ADMIN", "NET_BIND_SERVICE");
		assertThat(plan.user()).isEqualTo("0:0");
	}

	@Test
	void capabilitiesAreRefusedWithoutUserNamespaces() {
		assertThatThrownBy(() -> plan(capabilities("SYS_ADMIN"), 1, NO_USERNS_HOST))
			.isInstanceOf(SandboxPolicyException.class).hasMessageContaining("user namespaces");
		assertThatThrownBy(() -> plan(capabilities("NET_BIND_SERVICE"), 1, NO_USERNS_HOST))
			.isInstanceOf(SandboxPolicyException.class).hasMessageContaining("root");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SYS_MODULE      | SYS_MODULE
			CAP_SYS_PTRACE  | CAP_SYS_PTRACE
			SYS_RAWIO       | SYS_RAWIO
			SYS_BOOT        | SYS_BOOT
			SYS_TIME        | SYS_TIME
			MAC_ADMIN       | MAC_ADMIN
			DAC_READ_SEARCH | DAC_READ_SEARCH
			SYS_RESOURCE    | SYS_RESOURCE
			ALL             | ALL
			NOT_A_CAP       | NOT_A_CAP
			""")
	void forbiddenCapabilitiesAreRefusedByName(String capability, String named) {
		assertThatThrownBy(() -> this.floor.check(capabilities(capability))).isInstanceOf(SandboxPolicyException.class)
			.hasMessageContaining(named).hasMessageContaining("no sandbox may have");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			pids 1000      | pids-limit 1000
			pids 0         | pids-limit 0
			memory 1GB     | memory 1073741824
			cpus 2         | 2.0 CPUs
			image alpine   | image alpine
			runtime kata   | runtime kata
			network host   | network host
			""")
	void profilesThatLoosenTheFloorAreRefused(String request, String named) {
		String[] parts = request.split(" ");
		SandboxProfile profile = switch (parts[0]) {
			case "pids" -> new SandboxProfile(null, List.of(), Integer.valueOf(parts[1]), null, null, null, null);
			case "memory" -> new SandboxProfile(null, List.of(), null, DataSize.parse(parts[1]), null, null, null);
			case "cpus" -> new SandboxProfile(null, List.of(), null, null, Double.valueOf(parts[1]), null, null);
			case "image" -> new SandboxProfile(parts[1], List.of(), null, null, null, null, null);
			case "runtime" -> new SandboxProfile(null, List.of(), null, null, null, parts[1], null);
			default -> new SandboxProfile(null, List.of(), null, null, null, null, parts[1]);
		};
		assertThatThrownBy(() -> this.floor.check(profile)).isInstanceOf(SandboxPolicyException.class)
			.hasMessageContaining(named);
	}

	@Test
	void runscIsRefusedWhenTheEngineLacksIt() {
		assertThatThrownBy(() -> plan(new SandboxProfile(null, List.of(), null, null, null, "runsc", null), 1, USERNS_HOST))
			.isInstanceOf(SandboxPolicyException.class).hasMessageContaining("runsc");
	}


	ContainerPlan trial(TrialSettings settings, HostReport host) {
		Instant now = Instant.parse("2026-11-29T10:00:00Z");
		return this.floor.planTrial(new SandboxRequest("inst-1", "trial-1", new SandboxOwner(3, "alice"), "ex-1",
				SandboxProfile.DEFAULT, now, now.plusSeconds(120)), settings, host);
	}

	static TrialSettings settings(String user, List<String> capabilities, Long pids, Long memory, Double cpus,
			Map<String, String> tmpfs, Map<String, Long> ulimits) {
		return new TrialSettings(user, capabilities, false, false, tmpfs, pids, memory, cpus, ulimits);
	}

	@Test
	void aTrialKeepsWhatTheLearnerWroteSoThatItsEffectShows() {
		ContainerPlan plan = trial(new TrialSettings("1000:1000", List.of("NET_BIND_SERVICE"), true, true,
				Map.of("/tmp", "rw,noexec,size=16m"), 100L, DataSize.ofMegabytes(64).toBytes(), 0.25,
				Map.of("nproc", 50L)), USERNS_HOST);
		assertThat(plan.user()).isEqualTo("1000:1000");
		assertThat(plan.addedCapabilities()).containsExactly("NET_BIND_SERVICE");
		assertThat(plan.noNewPrivileges()).isTrue();
		assertThat(plan.readOnlyRoot()).isTrue();
		assertThat(plan.pidsLimit()).isEqualTo(100);
		assertThat(plan.memoryBytes()).isEqualTo(DataSize.ofMegabytes(64).toBytes());
		assertThat(plan.nanoCpus()).isEqualTo(250_000_000L);
		assertThat(plan.ulimits()).containsEntry("nproc", 50L);
		assertThat(plan.tmpfs().get("/tmp")).contains("noexec").contains("nosuid").contains("size=16777216");
		assertThat(plan.isolatedNetwork()).isFalse();
		assertThat(plan.labels()).containsEntry(SandboxLabels.SANDBOX, "trial-1");
	}

	@Test
	void aTrialWithoutLimitsGetsTheCeilingsAndRunsAsRootLikeMostImages() {
		ContainerPlan plan = trial(settings(null, List.of(), null, null, null,
				Map.of("/data", "size=10g,suid,exec"), Map.of("nproc", -1L)), USERNS_HOST);
		assertThat(plan.user()).isEqualTo("0:0");
		assertThat(plan.noNewPrivileges()).isFalse();
		assertThat(plan.readOnlyRoot()).isFalse();
		assertThat(plan.pidsLimit()).isEqualTo(512);
		assertThat(plan.memoryBytes()).isEqualTo(DataSize.ofMegabytes(256).toBytes());
		assertThat(plan.nanoCpus()).isEqualTo(500_000_000L);
		assertThat(plan.ulimits()).containsEntry("nproc", 2048L).containsEntry("core", 0L);
		assertThat(plan.tmpfs().get("/data")).isEqualTo("rw,nosuid,nodev,exec,size=67108864");
	}

	@Test
	void aTrialNeverGetsMoreThanDockersDefaultCapabilitiesNorRunsWithoutUserNamespaces() {
		assertThatThrownBy(() -> trial(settings("1000", List.of("SYS_ADMIN"), null, null, null, Map.of(), Map.of()),
				USERNS_HOST)).isInstanceOf(SandboxPolicyException.class).hasMessageContaining("adds SYS_ADMIN");
		assertThatThrownBy(() -> trial(settings("1000", List.of(), null, null, null, Map.of(), Map.of()),
				NO_USERNS_HOST)).isInstanceOf(SandboxPolicyException.class).hasMessageContaining("no user namespaces");
		assertThatThrownBy(() -> trial(settings("$(reboot)", List.of(), null, null, null, Map.of(), Map.of()),
				USERNS_HOST)).hasMessageContaining("is not a user name or a uid[:gid]");
	}


	@Test
	void aTrialTmpfsNeverHidesWhatTheKernelOrTheEngineMounts() {
		for (String path : List.of("/proc", "/proc/sys", "/sys/fs/cgroup", "/dev", "/dev/shm", "/", "tmp", "/tmp/../proc",
				"/a,b", "/a:b")) {
			assertThatThrownBy(() -> trial(settings("1000", List.of(), null, null, null, Map.of(path, ""), Map.of()),
					USERNS_HOST)).as(path).isInstanceOf(SandboxPolicyException.class).hasMessageContaining("tmpfs");
		}
		Map<String, String> many = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 9; i++) {
			many.put("/data" + i, "");
		}
		assertThatThrownBy(() -> trial(settings("1000", List.of(), null, null, null, many, Map.of()), USERNS_HOST))
			.hasMessageContaining("at most 8");
		ContainerPlan plan = trial(settings("1000", List.of(), null, null, null, Map.of("/run/", "exec,mode=0755"),
				Map.of()), USERNS_HOST);
		assertThat(plan.tmpfs()).containsOnlyKeys("/run");
		assertThat(plan.tmpfs().get("/run")).contains("exec").contains("mode=0755");
	}

	@Test
	void aTrialGetsAtLeastAQuarterOfACpuWhateverTheLearnerWrote() {
		ContainerPlan plan = trial(settings("1000:1000", List.of(), 1000L, null, 0.01, Map.of(), Map.of()), USERNS_HOST);
		assertThat(plan.nanoCpus()).isEqualTo(250_000_000L);
		assertThat(plan.pidsLimit()).isEqualTo(512);
	}

	@Test
	void onlyASandboxWithSysAdminGetsTheProfileThatKeepsItsMountTableAsTheEngineMadeIt() {
		assertThat(plan(SandboxProfile.DEFAULT, 7, USERNS_HOST).seccompProfile()).isNull();
		assertThat(plan(capabilities("CHOWN"), 7, USERNS_HOST).seccompProfile()).isNull();
		assertThat(trial(settings(null, List.of(), null, null, null, Map.of(), Map.of()), USERNS_HOST).seccompProfile())
			.isNull();
		assertThat(plan(capabilities("SYS_ADMIN"), 7, USERNS_HOST).seccompProfile())
			.isEqualTo(SysAdminSeccompProfile.JSON);
	}

	@Test
	void theSysAdminProfileAllowsNamespacesButNeitherUnmountsRemountsMovesNorTheNewMountApi() {
		JsonNode profile = JsonMapper.builder().build().readTree(SysAdminSeccompProfile.JSON);
		assertThat(profile.get("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
		Set<String> allowedAlways = new HashSet<>();
		Set<String> refused = new HashSet<>();
		for (JsonNode rule : profile.get("syscalls")) {
			Set<String> names = new HashSet<>();
			rule.get("names").forEach((name) -> names.add(name.asString()));
			if (rule.get("action").asString().equals("SCMP_ACT_ALLOW") && rule.get("args") == null) {
				allowedAlways.addAll(names);
			}
			else if (rule.get("action").asString().equals("SCMP_ACT_ERRNO")) {
				assertThat(rule.get("errnoRet").asInt()).as("EPERM").isEqualTo(1);
				refused.addAll(names);
			}
		}
		assertThat(allowedAlways).contains("unshare", "setns", "clone", "clone3", "sethostname", "read", "execve")
			.doesNotContain("mount", "umount2", "pivot_root", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount",
					"fspick", "mount_setattr", "keyctl", "bpf", "ptrace", "io_uring_setup", "personality", "socket",
					"pidfd_getfd");
		assertThat(refused).contains("mount", "umount2", "pivot_root", "open_tree", "move_mount", "fsopen", "fsmount",
				"mount_setattr", "pidfd_getfd", "process_madvise", "socket");
		JsonNode mountAllowed = StreamSupport.stream(profile.get("syscalls").spliterator(), false)
			.filter((rule) -> rule.get("names").get(0).asString().equals("mount")
					&& rule.get("action").asString().equals("SCMP_ACT_ALLOW"))
			.findFirst().orElseThrow();
		// MS_REMOUNT (0x20), MS_BIND (0x1000) and MS_MOVE (0x2000) must all be clear for a mount to be made.
		assertThat(mountAllowed.get("args").get(0).get("value").asLong()).isEqualTo(0x3020L);
		assertThat(mountAllowed.get("args").get(0).get("op").asString()).isEqualTo("SCMP_CMP_MASKED_EQ");
	}

}
