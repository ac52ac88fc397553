package io.cagelab.sandbox.docker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.VolumeOptions;
import io.cagelab.sandbox.ContainerPlan;
import io.cagelab.sandbox.ContainerView;
import io.cagelab.sandbox.SandboxLabels;

/**
 * Check a created container as the engine sees it, before it starts: a last line of defence should the mapping
 * from plan to engine configuration ever drift from the floor.
 */
final class ContainerGuard {

	static final String NETWORK_PREFIX = ContainerPlan.NETWORK_PREFIX;

	/** At most two files of a megabyte each of a sandbox's own output. */
	static final Map<String, String> LOG_OPTIONS = Map.of("max-size", "1m", "max-file", "2");

	private ContainerGuard() {
	}

	static void verify(InspectContainerResponse container, ContainerPlan plan) {
		HostConfig host = container.getHostConfig();
		List<String> broken = new ArrayList<>(plan.rules().breaches(view(container)));
		List<String> added = (host.getCapAdd() != null)
				? Arrays.stream(host.getCapAdd()).map(Capability::name).toList() : List.of();
		if (!plan.addedCapabilities().containsAll(added)) {
			broken.add("capabilities added beyond the plan: " + added);
		}
		List<String> securityOptions = (host.getSecurityOpts() != null) ? host.getSecurityOpts() : List.of();
		if (plan.noNewPrivileges() && !securityOptions.contains("no-new-privileges:true")) {
			broken.add("security options " + securityOptions);
		}
		List<String> seccomp = securityOptions.stream().filter((option) -> option.startsWith("seccomp")).toList();
		List<String> plannedSeccomp = (plan.seccompProfile() != null) ? List.of("seccomp=" + plan.seccompProfile())
				: List.of();
		if (!seccomp.equals(plannedSeccomp)) {
			broken.add("a seccomp profile other than the plan's");
		}
		LogConfig log = host.getLogConfig();
		// Compared by name: docker-java reads "json-file" back as DEFAULT, which shares it.
		if (log == null || log.getType() == null || !"json-file".equals(log.getType().getType())
				|| !LOG_OPTIONS.equals(log.getConfig())) {
			broken.add("a log without the sandbox's bounds");
		}
		if (plan.readOnlyRoot() && !Boolean.TRUE.equals(host.getReadonlyRootfs())) {
			broken.add("writable root filesystem");
		}
		if (host.getPidsLimit() != null && host.getPidsLimit() > plan.pidsLimit()) {
			broken.add("pids limit " + host.getPidsLimit() + " above the plan's");
		}
		String network = host.getNetworkMode();
		String ownNetwork = plan.isolatedNetwork() ? NETWORK_PREFIX + plan.labels().get(SandboxLabels.SANDBOX) : "none";
		if (!ownNetwork.equals(network)) {
			broken.add("network " + network);
		}
		if (!plan.runtime().equals(host.getRuntime())) {
			broken.add("runtime " + host.getRuntime());
		}
		if (host.getMounts() != null && !host.getMounts().isEmpty()) {
			broken.add("mounts beyond the plan");
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

	/** The engine's view of a created container, as the floor's rules read it. */
	static ContainerView view(InspectContainerResponse container) {
		HostConfig host = container.getHostConfig();
		List<ContainerView.Mount> mounts = new ArrayList<>();
		if (host.getMounts() != null) {
			for (Mount mount : host.getMounts()) {
				VolumeOptions volume = mount.getVolumeOptions();
				boolean driverOptions = volume != null && volume.getDriverConfig() != null
						&& volume.getDriverConfig().getOptions() != null && !volume.getDriverConfig().getOptions().isEmpty();
				mounts.add(new ContainerView.Mount((mount.getType() != null) ? mount.getType().name().toLowerCase(Locale.ROOT)
						: null, mount.getSource(), driverOptions));
			}
		}
		return new ContainerView(container.getConfig().getImage(), container.getConfig().getLabels(),
				Boolean.TRUE.equals(host.getPrivileged()), names(host.getCapAdd()), names(host.getCapDrop()),
				host.getPidMode(), host.getIpcMode(), host.getUtSMode(), host.getNetworkMode(), host.getUsernsMode(),
				host.getCgroupnsMode(),
				(host.getBinds() != null) ? Arrays.stream(host.getBinds()).map(Bind::toString).toList() : List.of(),
				mounts,
				(host.getVolumesFrom() != null) ? Arrays.stream(host.getVolumesFrom()).map(Object::toString).toList()
						: List.of(),
				(host.getDevices() != null) ? host.getDevices().length : 0,
				(host.getDeviceCgroupRules() != null) ? host.getDeviceCgroupRules().size() : 0,
				(host.getDeviceRequests() != null) ? host.getDeviceRequests().size() : 0, host.getSecurityOpts(),
				// docker-java reads no masked paths; the app never sets them, the engine guard reads them raw.
				null, null, host.getPidsLimit(), host.getMemory(), host.getMemorySwap(), host.getNanoCPUs(),
				host.getCpuQuota(), host.getRuntime(), host.getSysctls());
	}

	private static List<String> names(Capability[] capabilities) {
		return (capabilities != null) ? Arrays.stream(capabilities).map(Capability::name).toList() : List.of();
	}

}
