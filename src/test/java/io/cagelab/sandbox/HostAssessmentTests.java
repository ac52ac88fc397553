package io.cagelab.sandbox;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostAssessmentTests {

	static EngineFacts engine(String cgroupVersion, List<String> securityOptions, List<String> runtimes) {
		return new EngineFacts("28.2.2", "Debian GNU/Linux 12", "6.1.0", cgroupVersion, "systemd", "overlay2",
				securityOptions, runtimes);
	}

	static final List<String> USERNS_SECCOMP = List.of("name=seccomp,profile=builtin", "name=userns", "name=cgroupns");

	@Test
	void userNamespacesSeccompAndRuncAllowSandboxes() {
		HostReport report = HostAssessment.assess(engine("2", USERNS_SECCOMP, List.of("runc")), false);
		assertThat(report.sandboxesAllowed()).isTrue();
		assertThat(report.unsafeOverride()).isFalse();
		assertThat(report.findings()).extracting(HostFinding::code).contains("userns", "seccomp", "cgroup-v2", "runc",
				"no-runsc", "no-lsm");
	}

	@Test
	void anEngineWithoutUserNamespacesIsRefused() {
		HostReport report = HostAssessment.assess(engine("2", List.of("name=seccomp,profile=builtin"), List.of("runc")),
				false);
		assertThat(report.sandboxesAllowed()).isFalse();
		assertThat(report.findings().get(0)).extracting(HostFinding::code, HostFinding::blocking)
			.containsExactly("no-userns", true);
	}

	@Test
	void anAdminMayAllowAnEngineWithoutUserNamespacesWhichIsThenFlaggedUnsafe() {
		HostReport report = HostAssessment.assess(engine("2", List.of("name=seccomp,profile=builtin"), List.of("runc")),
				true);
		assertThat(report.sandboxesAllowed()).isTrue();
		assertThat(report.unsafeOverride()).isTrue();
	}

	@Test
	void rootlessCountsAsUserNamespacesButNeedsCgroupV2ForLimits() {
		List<String> rootless = List.of("name=seccomp,profile=builtin", "name=rootless");
		assertThat(HostAssessment.assess(engine("2", rootless, List.of("runc")), false).sandboxesAllowed()).isTrue();
		HostReport v1 = HostAssessment.assess(engine("1", rootless, List.of("runc")), false);
		assertThat(v1.sandboxesAllowed()).isFalse();
		assertThat(v1.findings()).extracting(HostFinding::code).contains("rootless-cgroup-v1");
	}

	@Test
	void seccompDisabledOrRuncMissingIsRefused() {
		assertThat(HostAssessment.assess(engine("2", List.of("name=userns"), List.of("runc")), false).sandboxesAllowed())
			.isFalse();
		assertThat(HostAssessment.assess(engine("2", USERNS_SECCOMP, List.of("crun")), false).sandboxesAllowed())
			.isFalse();
	}

	@Test
	void gvisorAndAppArmorAreReportedWhenPresent() {
		List<String> options = List.of("name=apparmor", "name=seccomp,profile=builtin", "name=userns");
		HostReport report = HostAssessment.assess(engine("2", options, List.of("runc", "runsc")), false);
		assertThat(report.findings()).extracting(HostFinding::code).contains("runsc", "lsm");
	}

	@Test
	void similarlyNamedSecurityOptionsAreNotMistaken() {
		EngineFacts facts = engine("2", List.of("name=usernsx", "name=seccompish"), List.of("runc"));
		assertThat(facts.userNamespaces()).isFalse();
		assertThat(facts.seccomp()).isFalse();
	}

	@Test
	void anEngineThatCannotGiveSandboxesTheirOwnCgroupNamespaceIsRefused() {
		EngineFacts old = new EngineFacts("19.03.15", "Debian GNU/Linux 11", "5.10.0", "1", "cgroupfs", "overlay2",
				USERNS_SECCOMP, List.of("runc"));
		HostReport report = HostAssessment.assess(old, false);
		assertThat(report.sandboxesAllowed()).isFalse();
		assertThat(report.findings().get(0)).extracting(HostFinding::code, HostFinding::blocking)
			.containsExactly("no-cgroupns", true);
		EngineFacts debian = new EngineFacts("20.10.24+dfsg1", "Debian GNU/Linux 12", "6.1.0", "1", "cgroupfs",
				"overlay2", USERNS_SECCOMP, List.of("runc"));
		assertThat(HostAssessment.assess(debian, false).findings()).extracting(HostFinding::code).contains("cgroupns");
	}

}
