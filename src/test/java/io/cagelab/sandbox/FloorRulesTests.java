package io.cagelab.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The floor's rules, one breach at a time, on a plan the planner made and then changed in one setting. */
class FloorRulesTests {

	static final FloorRules RULES = FloorRules.of(SandboxFloorTests.FLOOR, "inst-1");

	static ContainerView planned() {
		Instant now = Instant.parse("2026-11-29T10:00:00Z");
		return new SandboxFloor(SandboxFloorTests.FLOOR).plan(new SandboxRequest("inst-1", "sb-1",
				new SandboxOwner(7, "alice"), "ex-1", SandboxProfile.DEFAULT, now, now.plusSeconds(3600)),
				SandboxFloorTests.USERNS_HOST).view();
	}

	@Test
	void thePlannersOwnPlanMeetsTheFloor() {
		assertThat(RULES.breaches(planned())).isEmpty();
	}

	@Test
	void aPlanIsCheckedAgainstTheRulesOfItsInstallation() {
		Instant now = Instant.parse("2026-11-29T10:00:00Z");
		ContainerPlan plan = new SandboxFloor(SandboxFloorTests.FLOOR).plan(new SandboxRequest("inst-1", "sb-1",
				new SandboxOwner(7, "alice"), "ex-1", SandboxProfile.DEFAULT, now, now.plusSeconds(3600)),
				SandboxFloorTests.USERNS_HOST);
		assertThat(plan.rules()).isEqualTo(RULES);
	}

	@Test
	void aSeccompProfileThatOnlyRefusesMoreThanDockersDefaultMeetsTheFloor() {
		String tighter = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"write\"],"
				+ "\"action\":\"SCMP_ACT_ALLOW\"}]}";
		assertThat(RULES.breaches(with(planned(), "securityOptions", List.of("seccomp=" + tighter)))).isEmpty();
	}

	@ParameterizedTest(name = "{0} is refused as {1}")
	@CsvSource(delimiter = '|', textBlock = """
			privileged           | privileged
			capDrop none         | capabilities not all dropped
			capAdd SYS_MODULE    | capability SYS_MODULE outside the allow-list
			capAdd SYS_ADMIN     | SYS_ADMIN without the lab's seccomp profile
			pid host             | pid namespace host
			ipc host             | ipc namespace host
			uts host             | uts namespace host
			network host         | network host
			userns host          | user namespace host
			cgroupns host        | cgroup namespace host
			bind /:/host         | bind of a host path /:/host
			bind mount           | bind mount of /
			volume driver opts   | volume root with driver options
			device               | devices or device cgroup rules
			device cgroup rule   | devices or device cgroup rules
			seccomp=unconfined   | security option seccomp=unconfined
			apparmor=unconfined  | security option apparmor=unconfined
			seccomp allow-all    | a seccomp profile that lets through what Docker's default refuses
			systempaths          | system paths unmasked
			no pids limit        | pids limit null
			pids limit above     | pids limit 100000
			no memory            | memory null
			swap                 | swap -1 beyond memory
			no CPU               | CPU null
			image                | image alpine outside the allow-list
			other installation   | installation label inst-2 instead of inst-1
			""")
	void eachSettingBelowTheFloorIsRefusedAndNamed(String change, String breach) {
		assertThat(RULES.breaches(CHANGES.get(change).apply(planned()))).singleElement().asString().startsWith(breach);
	}

	static final Map<String, UnaryOperator<ContainerView>> CHANGES = Map.ofEntries(
			Map.entry("privileged", (v) -> with(v, "privileged", true)),
			Map.entry("capDrop none", (v) -> with(v, "capDrop", List.of())),
			Map.entry("capAdd SYS_MODULE", (v) -> with(v, "capAdd", List.of("CAP_SYS_MODULE"))),
			Map.entry("capAdd SYS_ADMIN", (v) -> with(v, "capAdd", List.of("SYS_ADMIN"))),
			Map.entry("pid host", (v) -> with(v, "pidMode", "host")),
			Map.entry("ipc host", (v) -> with(v, "ipcMode", "host")),
			Map.entry("uts host", (v) -> with(v, "utsMode", "host")),
			Map.entry("network host", (v) -> with(v, "networkMode", "host")),
			Map.entry("userns host", (v) -> with(v, "usernsMode", "host")),
			Map.entry("cgroupns host", (v) -> with(v, "cgroupnsMode", "host")),
			Map.entry("bind /:/host", (v) -> with(v, "binds", List.of("/:/host"))),
			Map.entry("bind mount", (v) -> with(v, "mounts", List.of(new ContainerView.Mount("bind", "/", false)))),
			Map.entry("volume driver opts",
					(v) -> with(v, "mounts", List.of(new ContainerView.Mount("volume", "root", true)))),
			Map.entry("device", (v) -> with(v, "devices", 1)),
			Map.entry("device cgroup rule", (v) -> with(v, "deviceCgroupRules", 1)),
			Map.entry("seccomp=unconfined", (v) -> with(v, "securityOptions", List.of("seccomp=unconfined"))),
			Map.entry("seccomp allow-all", (v) -> with(v, "securityOptions",
					List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"))),
			Map.entry("apparmor=unconfined", (v) -> with(v, "securityOptions", List.of("apparmor=unconfined"))),
			Map.entry("systempaths", (v) -> with(v, "maskedPaths", List.of())),
			Map.entry("no pids limit", (v) -> with(v, "pidsLimit", null)),
			Map.entry("pids limit above", (v) -> with(v, "pidsLimit", 100_000L)),
			Map.entry("no memory", (v) -> with(with(v, "memory", null), "memorySwap", null)),
			Map.entry("swap", (v) -> with(v, "memorySwap", -1L)),
			Map.entry("no CPU", (v) -> with(v, "nanoCpus", null)),
			Map.entry("image", (v) -> with(v, "image", "alpine")),
			Map.entry("other installation", (v) -> with(v, "labels", Map.of(SandboxLabels.INSTALLATION, "inst-2"))));

	/** The same view with one component changed, by its name. */
	static ContainerView with(ContainerView view, String component, Object value) {
		try {
			var components = ContainerView.class.getRecordComponents();
			Object[] values = new Object[components.length];
			Class<?>[] types = new Class<?>[components.length];
			for (int i = 0; i < components.length; i++) {
				types[i] = components[i].getType();
				values[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(view);
			}
			return ContainerView.class.getDeclaredConstructor(types).newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
