package io.cagelab.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A container's settings as the engine is asked for them or reports them, with no Docker client's types: the create
 * body the engine guard reads and the inspect result {@code ContainerGuard} reads both become this, so that one set of
 * rules ({@link FloorRules}) judges them.
 *
 * @param maskedPaths the paths masked from {@code /proc} and {@code /sys}, or {@code null} for the engine's default;
 * an empty list is {@code systempaths=unconfined}
 */
public record ContainerView(String image, Map<String, String> labels, boolean privileged, List<String> capAdd,
		List<String> capDrop, String pidMode, String ipcMode, String utsMode, String networkMode, String usernsMode,
		String cgroupnsMode, List<String> binds, List<Mount> mounts, List<String> volumesFrom, int devices,
		int deviceCgroupRules, int deviceRequests, List<String> securityOptions, List<String> maskedPaths,
		List<String> readonlyPaths, Long pidsLimit, Long memory, Long memorySwap, Long nanoCpus, Long cpuQuota,
		String runtime, Map<String, String> sysctls) {

	public ContainerView {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		capAdd = nonNull(capAdd);
		capDrop = nonNull(capDrop);
		binds = nonNull(binds);
		mounts = nonNull(mounts);
		volumesFrom = nonNull(volumesFrom);
		securityOptions = nonNull(securityOptions);
		sysctls = (sysctls != null) ? Map.copyOf(sysctls) : Map.of();
	}

	private static <T> List<T> nonNull(List<T> list) {
		return (list != null) ? List.copyOf(list) : List.of();
	}

	/**
	 * One entry of {@code Mounts}.
	 *
	 * @param type {@code bind}, {@code volume}, {@code tmpfs}, {@code npipe}...
	 * @param source the host path of a bind, the name of a volume
	 * @param driverOptions whether the volume is made with driver options ({@code type=none,o=bind,device=/} binds a
	 * host path under a volume's name)
	 */
	public record Mount(String type, String source, boolean driverOptions) {
	}

}
