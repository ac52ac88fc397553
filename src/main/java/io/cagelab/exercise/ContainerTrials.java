package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cagelab.grading.ContainerModel;
import io.cagelab.sandbox.SandboxFloor;
import io.cagelab.sandbox.TrialSettings;

/**
 * Turn a learner's container, as the grading read it, into settings that can be tried for real; or say why it is
 * never run: what the floor forbids fails statically and is not executed.
 */
final class ContainerTrials {

	private ContainerTrials() {
	}

	/**
	 * Return why the container, with the settings read from it, is not run, or an empty list when it may be.
	 */
	static List<Text> refusals(ContainerModel container, TrialSettings settings) {
		List<Text> refusals = new ArrayList<>();
		if (container.privileged()) {
			refusals.add(GradingMessage.REASON_PRIVILEGED.with());
		}
		Map<String, String> namespaces = new LinkedHashMap<>();
		namespaces.put("network", container.network());
		namespaces.put("pid", container.pid());
		namespaces.put("ipc", container.ipc());
		namespaces.put("uts", container.uts());
		namespaces.put("userns", container.userns());
		namespaces.forEach((name, mode) -> {
			String lower = (mode != null) ? mode.toLowerCase(Locale.ROOT) : "";
			if (lower.equals("host") || lower.startsWith("container:") || lower.startsWith("service:")) {
				refusals.add(GradingMessage.REASON_NAMESPACE.with(name, mode));
			}
		});
		if (container.mounts().stream().anyMatch((mount) -> mount.type().equalsIgnoreCase("bind"))) {
			refusals.add(GradingMessage.REASON_HOST_PATH.with());
		}
		if (!container.devices().isEmpty()) {
			refusals.add(GradingMessage.REASON_DEVICE.with());
		}
		List<String> beyondDefaults = container.capAdd().stream()
			.filter((capability) -> !TrialSettings.DOCKER_DEFAULT_CAPABILITIES.contains(capability))
			.toList();
		if (!beyondDefaults.isEmpty()) {
			refusals.add(GradingMessage.REASON_CAPABILITIES.with(String.join(", ", beyondDefaults)));
		}
		for (String option : container.securityOpts()) {
			String normalized = option.replace(':', '=').toLowerCase(Locale.ROOT);
			if (normalized.endsWith("=unconfined") || normalized.equals("label=disable")) {
				refusals.add(GradingMessage.REASON_PROTECTION_OFF.with(option));
			}
		}
		if (container.user() != null && !container.user().isBlank() && !SandboxFloor.isTryableUser(container.user().trim())) {
			refusals.add(GradingMessage.REASON_USER.with(container.user()));
		}
		Map<String, String> tmpfs = settings.tmpfs();
		tmpfs.keySet().stream().filter((path) -> !SandboxFloor.isTryableTmpfsPath(path))
			.forEach((path) -> refusals.add(GradingMessage.REASON_TMPFS_PATH.with(path)));
		if (tmpfs.size() > SandboxFloor.MAX_TRIAL_TMPFS) {
			refusals.add(GradingMessage.REASON_TMPFS_COUNT.with(SandboxFloor.MAX_TRIAL_TMPFS));
		}
		if (container.cgroupParent() != null) {
			refusals.add(GradingMessage.REASON_CGROUP_PARENT.with());
		}
		return refusals;
	}

	/** The reasons as one text, told one after the other in the reader's language: "a; b; c". */
	static Text joined(List<Text> reasons) {
		Text joined = reasons.get(reasons.size() - 1);
		for (int i = reasons.size() - 2; i >= 0; i--) {
			joined = GradingMessage.REASONS.with(reasons.get(i), joined);
		}
		return joined;
	}

	static TrialSettings settings(ContainerModel container) {
		Set<String> capabilities = new LinkedHashSet<>();
		if (!container.capDrop().contains("ALL")) {
			TrialSettings.DOCKER_DEFAULT_CAPABILITIES.stream().sorted().forEach(capabilities::add);
			container.capDrop().forEach(capabilities::remove);
		}
		capabilities.addAll(container.capAdd());
		Map<String, String> tmpfs = new LinkedHashMap<>();
		for (String written : container.tmpfs()) {
			int colon = written.indexOf(':');
			tmpfs.put((colon < 0) ? written : written.substring(0, colon), (colon < 0) ? "" : written.substring(colon + 1));
		}
		container.mounts().stream().filter((mount) -> mount.type().equalsIgnoreCase("tmpfs"))
			.forEach((mount) -> tmpfs.putIfAbsent(mount.target(), ""));
		Map<String, Long> ulimits = new LinkedHashMap<>();
		container.ulimits().forEach((name, value) -> {
			try {
				ulimits.put(name, Long.parseLong(value.split(":", 2)[0].trim()));
			}
			catch (NumberFormatException ex) {
				// "unlimited" and the like: no limit from the learner, the floor's applies.
			}
		});
		return new TrialSettings(blankToNull(container.user()), List.copyOf(capabilities),
				container.noNewPrivileges(), container.readOnly(), tmpfs, container.pidsLimit(), container.memory(),
				cpus(container), ulimits);
	}

	private static Double cpus(ContainerModel container) {
		if (container.cpus() != null) {
			return container.cpus();
		}
		return (container.cpuQuota() != null && container.cpuQuota() > 0) ? container.cpuQuota() / 100_000.0 : null;
	}

	private static String blankToNull(String user) {
		return (user == null || user.isBlank()) ? null : user.trim();
	}

}
