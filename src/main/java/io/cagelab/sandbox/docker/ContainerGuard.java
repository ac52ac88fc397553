package io.cagelab.sandbox.docker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.cagelab.sandbox.ContainerPlan;
import io.cagelab.sandbox.SandboxLabels;

/**
 * Check a created container as the engine sees it, before it starts: a last line of defence should the mapping
 * from plan to engine configuration ever drift from the floor.
 */
final class ContainerGuard {

	static final String NETWORK_PREFIX = "cagelab-net-";

	/** At most two files of a megabyte each of a sandbox's own output. */
	static final Map<String, String> LOG_OPTIONS = Map.of("max-size", "1m", "max-file", "2");

	private static final Set<String> PRIVATE_IPC = Set.of("null", "", "private", "shareable", "none");

	private ContainerGuard() {
	}

	static void verify(InspectContainerResponse container, ContainerPlan plan) {
		HostConfig host = container.getHostConfig();
		List<String> broken = new ArrayList<>();
		if (Boolean.TRUE.equals(host.getPrivileged())) {
			broken.add("privileged");
		}
		if (host.getCapDrop() == null || !Arrays.asList(host.getCapDrop()).contains(Capability.ALL)) {
			broken.add("capabilities not all dropped");
		}
		List<String> added = (host.getCapAdd() != null)
				? Arrays.stream(host.getCapAdd()).map(Capability::name).toList() : List.of();
		if (!plan.addedCapabilities().containsAll(added)) {
			broken.add("capabilities added beyond the plan: " + added);
		}
		List<String> securityOptions = (host.getSecurityOpts() != null) ? host.getSecurityOpts() : List.of();
		if (plan.noNewPrivileges() && !securityOptions.contains("no-new-privileges:true")
				|| securityOptions.stream().anyMatch((option) -> option.contains("unconfined"))) {
			broken.add("security options " + securityOptions);
		}
		List<String> seccomp = securityOptions.stream().filter((option) -> option.startsWith("seccomp")).toList();
		List<String> plannedSeccomp = (plan.seccompProfile() != null) ? List.of("seccomp=" + plan.seccompProfile())
				: List.of();
		if (!seccomp.equals(plannedSeccomp)) {
			broken.add("a seccomp profile other than the plan's");
		}
		if (added.contains("SYS_ADMIN") && plan.seccompProfile() == null) {
			broken.add("SYS_ADMIN under the engine's default seccomp profile, which then allows remounts");
		}
		LogConfig log = host.getLogConfig();
		// Compared by name: docker-java reads "json-file" back as DEFAULT, which shares it.
		if (log == null || log.getType() == null || !"json-file".equals(log.getType().getType())
				|| !LOG_OPTIONS.equals(log.getConfig())) {
			broken.add("a log without the sandbox's bounds");
		}
		if (!"private".equals(host.getCgroupnsMode())) {
			broken.add("cgroup namespace " + host.getCgroupnsMode());
		}
		if (plan.readOnlyRoot() && !Boolean.TRUE.equals(host.getReadonlyRootfs())) {
			broken.add("writable root filesystem");
		}
		if (host.getPidsLimit() == null || host.getPidsLimit() <= 0 || host.getPidsLimit() > plan.pidsLimit()) {
			broken.add("pids limit " + host.getPidsLimit());
		}
		if (host.getMemory() == null || host.getMemory() <= 0 || !host.getMemory().equals(host.getMemorySwap())) {
			broken.add("memory " + host.getMemory() + " / swap " + host.getMemorySwap());
		}
		if (host.getNanoCPUs() == null || host.getNanoCPUs() <= 0) {
			broken.add("no CPU quota");
		}
		String network = host.getNetworkMode();
		String ownNetwork = plan.isolatedNetwork() ? NETWORK_PREFIX + plan.labels().get(SandboxLabels.SANDBOX) : "none";
		if (!ownNetwork.equals(network)) {
			broken.add("network " + network);
		}
		if (!isPrivateNamespace(host.getPidMode()) || !isPrivateNamespace(host.getUtSMode())
				|| !PRIVATE_IPC.contains(String.valueOf(host.getIpcMode()))
				|| host.getUsernsMode() != null && !host.getUsernsMode().isEmpty()) {
			broken.add("shared namespace");
		}
		if (!plan.runtime().equals(host.getRuntime())) {
			broken.add("runtime " + host.getRuntime());
		}
		if (host.getVolumesFrom() != null && host.getVolumesFrom().length > 0) {
			broken.add("volumes from another container");
		}
		if (host.getBinds() != null && host.getBinds().length > 0 || host.getDevices() != null && host.getDevices().length > 0
				|| host.getMounts() != null && !host.getMounts().isEmpty()) {
			broken.add("host paths or devices");
		}
		Map<String, String> tmpfs = (host.getTmpFs() != null) ? host.getTmpFs() : Map.of();
		if (!tmpfs.keySet().equals(plan.tmpfs().keySet())) {
			broken.add("tmpfs mounts " + tmpfs.keySet() + " instead of " + plan.tmpfs().keySet());
		}
		String user = container.getConfig().getUser();
		if (!plan.user().equals(user)) {
			broken.add("user " + user + " instead of " + plan.user());
		}
		if (!broken.isEmpty()) {
			throw new SandboxGuardException("Refused to start a sandbox that breaks the floor: " + String.join(", ", broken));
		}
	}

	private static boolean isPrivateNamespace(String mode) {
		return mode == null || mode.isEmpty();
	}

}
