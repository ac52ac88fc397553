package io.cagelab.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The floor as rules on a container's settings, in one place: the planner checks its plans with them,
 * {@code ContainerGuard} the engine's own view of a created container, and the engine guard every create request
 * it forwards. Each breach is said in a few words, for a log and a 403.
 *
 * @param images the only images a sandbox may run
 * @param installation the installation whose label every container must carry
 * @param pidsLimit the highest pids limit
 * @param memoryBytes the highest memory limit
 * @param cpus the most CPUs
 */
public record FloorRules(List<String> images, String installation, long pidsLimit, long memoryBytes, double cpus) {

	/** Namespace modes that keep the container's own namespace. */
	private static final Set<String> PRIVATE_IPC = Set.of("", "private", "shareable", "none");

	/** Paths Docker masks by default that must stay masked (an empty list is {@code systempaths=unconfined}). */
	private static final List<String> MASKED = List.of("/proc/kcore", "/sys/firmware");

	private static final Set<String> SYSCTLS = Set.of("net.ipv4.ping_group_range");

	/** The rules for one installation's sandboxes and trials (whose pids ceiling is their own). */
	public static FloorRules of(SandboxProperties floor, String installation) {
		return new FloorRules(floor.images(), installation, Math.max(floor.pidsLimit(), floor.trialPidsLimit()),
				floor.memory().toBytes(), floor.cpus());
	}

	/** What in these settings is below the floor; empty when nothing is. */
	public List<String> breaches(ContainerView view) {
		List<String> broken = new ArrayList<>();
		if (view.privileged()) {
			broken.add("privileged");
		}
		if (view.capDrop().stream().noneMatch((capability) -> capability.equalsIgnoreCase("ALL"))) {
			broken.add("capabilities not all dropped");
		}
		List<String> added = view.capAdd().stream().map(FloorRules::capability).toList();
		for (String capability : added) {
			if (!SandboxFloor.ALLOWED_CAPABILITIES.contains(capability)) {
				broken.add("capability " + capability + " outside the allow-list");
			}
		}
		List<String> seccomp = view.securityOptions().stream().filter((option) -> option.startsWith("seccomp")).toList();
		if (added.contains("SYS_ADMIN") && !seccomp.equals(List.of("seccomp=" + SysAdminSeccompProfile.JSON))) {
			broken.add("SYS_ADMIN without the lab's seccomp profile");
		}
		for (String option : seccomp) {
			// A profile of one's own (a learner's, in a trial) may only refuse more than Docker's default.
			String profile = option.substring(Math.min(option.length(), "seccomp=".length()));
			if (profile.startsWith("{") && !profile.equals(SysAdminSeccompProfile.JSON)
					&& !SeccompFloor.refusals(profile, added).isEmpty()) {
				broken.add("a seccomp profile that lets through what Docker's default refuses");
			}
		}
		for (String option : view.securityOptions()) {
			String normalized = option.replace(':', '=').toLowerCase(Locale.ROOT);
			if (normalized.endsWith("=unconfined") || normalized.equals("label=disable")) {
				broken.add("security option " + option);
			}
		}
		if (view.maskedPaths() != null && !view.maskedPaths().containsAll(MASKED)
				|| view.readonlyPaths() != null && view.readonlyPaths().isEmpty()) {
			broken.add("system paths unmasked (systempaths=unconfined)");
		}
		namespace(broken, "pid", view.pidMode(), isEmpty(view.pidMode()));
		namespace(broken, "ipc", view.ipcMode(), view.ipcMode() == null || PRIVATE_IPC.contains(view.ipcMode()));
		namespace(broken, "uts", view.utsMode(), isEmpty(view.utsMode()));
		namespace(broken, "user", view.usernsMode(), isEmpty(view.usernsMode()));
		namespace(broken, "cgroup", view.cgroupnsMode(), "private".equals(view.cgroupnsMode()));
		String network = view.networkMode();
		if (!"none".equals(network) && (network == null || !network.startsWith("cagelab-net-"))) {
			broken.add("network " + network + " (only none or a sandbox's own)");
		}
		for (String bind : view.binds()) {
			broken.add("bind of a host path " + bind);
		}
		for (ContainerView.Mount mount : view.mounts()) {
			if (mount.driverOptions()) {
				broken.add("volume " + mount.source() + " with driver options");
			}
			else if (!"tmpfs".equals(mount.type()) && !"volume".equals(mount.type())) {
				broken.add(mount.type() + " mount of " + mount.source());
			}
		}
		if (!view.volumesFrom().isEmpty()) {
			broken.add("volumes from " + view.volumesFrom());
		}
		if (view.devices() > 0 || view.deviceCgroupRules() > 0 || view.deviceRequests() > 0) {
			broken.add("devices or device cgroup rules");
		}
		if (view.pidsLimit() == null || view.pidsLimit() <= 0 || view.pidsLimit() > this.pidsLimit) {
			broken.add("pids limit " + view.pidsLimit() + " (at most " + this.pidsLimit + ")");
		}
		if (view.memory() == null || view.memory() <= 0 || view.memory() > this.memoryBytes) {
			broken.add("memory " + view.memory() + " (at most " + this.memoryBytes + ")");
		}
		else if (!view.memory().equals(view.memorySwap())) {
			broken.add("swap " + view.memorySwap() + " beyond memory " + view.memory());
		}
		long maxNanoCpus = Math.round(this.cpus * 1_000_000_000L);
		if (view.nanoCpus() == null || view.nanoCpus() <= 0 || view.nanoCpus() > maxNanoCpus) {
			broken.add("CPU " + view.nanoCpus() + " nano-CPUs (at most " + maxNanoCpus + ")");
		}
		if (view.runtime() != null && !view.runtime().isEmpty() && !Set.of("runc", "runsc").contains(view.runtime())) {
			broken.add("runtime " + view.runtime());
		}
		view.sysctls().keySet().stream().filter((name) -> !SYSCTLS.contains(name))
			.forEach((name) -> broken.add("sysctl " + name));
		if (!this.images.contains(view.image())) {
			broken.add("image " + view.image() + " outside the allow-list " + this.images);
		}
		String claimed = view.labels().get(SandboxLabels.INSTALLATION);
		if (!this.installation.equals(claimed)) {
			broken.add("installation label " + claimed + " instead of " + this.installation);
		}
		return broken;
	}

	private static void namespace(List<String> broken, String name, String mode, boolean own) {
		if (!own) {
			broken.add(name + " namespace " + mode);
		}
	}

	private static boolean isEmpty(String mode) {
		return mode == null || mode.isEmpty();
	}

	private static String capability(String name) {
		String upper = name.trim().toUpperCase(Locale.ROOT);
		return upper.startsWith("CAP_") ? upper.substring(4) : upper;
	}

}
