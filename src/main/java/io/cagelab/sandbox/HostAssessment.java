package io.cagelab.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Judge an engine against the sandbox floor of the design: user namespaces, seccomp, enforced cgroup limits
 * and a runtime we know.
 */
final class HostAssessment {

	private HostAssessment() {
	}

	static HostReport assess(EngineFacts facts, boolean allowWithoutUserNamespaces) {
		List<HostFinding> findings = new ArrayList<>();
		boolean unsafeOverride = false;
		if (facts.userNamespaces() || facts.rootless()) {
			findings.add(HostFinding.fine(facts.rootless() ? "rootless" : "userns"));
		}
		else if (allowWithoutUserNamespaces) {
			unsafeOverride = true;
			findings.add(HostFinding.fine("no-userns-allowed"));
		}
		else {
			findings.add(HostFinding.blocking("no-userns"));
		}
		findings.add(facts.seccomp() ? HostFinding.fine("seccomp") : HostFinding.blocking("no-seccomp"));
		if (facts.cgroupV2()) {
			findings.add(HostFinding.fine("cgroup-v2"));
		}
		else if (facts.rootless()) {
			// Rootless engines silently ignore --memory, --cpus and --pids-limit without cgroup v2 delegation.
			findings.add(HostFinding.blocking("rootless-cgroup-v1"));
		}
		else {
			findings.add(HostFinding.fine("cgroup-v1"));
		}
		if (!"none".equalsIgnoreCase(facts.cgroupDriver())) {
			findings.add(HostFinding.fine("cgroup-driver", facts.cgroupDriver()));
		}
		else {
			findings.add(HostFinding.blocking("no-cgroups"));
		}
		findings.add(facts.privateCgroupNamespaces() ? HostFinding.fine("cgroupns")
				: HostFinding.blocking("no-cgroupns", facts.serverVersion()));
		findings.add(facts.hasRuntime("runc") ? HostFinding.fine("runc") : HostFinding.blocking("no-runc"));
		findings.add(facts.hasRuntime("runsc") ? HostFinding.fine("runsc") : HostFinding.fine("no-runsc"));
		findings.add(facts.appArmor() || facts.selinux() ? HostFinding.fine("lsm") : HostFinding.fine("no-lsm"));
		findings.sort(Comparator.comparing((HostFinding finding) -> !finding.blocking()));
		return new HostReport(facts, List.copyOf(findings), unsafeOverride);
	}

}
