package io.cagelab.sandbox;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container engine says about itself, as far as sandbox safety is concerned.
 *
 * @param securityOptions the engine's security options as it reports them ({@code name=userns})
 * @param runtimes the OCI runtimes the engine can use ({@code runc}, {@code runsc})
 */
public record EngineFacts(String serverVersion, String operatingSystem, String kernelVersion, String cgroupVersion,
		String cgroupDriver, String storageDriver, List<String> securityOptions,
		List<String> runtimes) {

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

	public boolean userNamespaces() {
		return hasSecurityOption("userns");
	}

	public boolean rootless() {
		return hasSecurityOption("rootless");
	}

	public boolean seccomp() {
		return hasSecurityOption("seccomp");
	}

	public boolean appArmor() {
		return hasSecurityOption("apparmor");
	}

	public boolean selinux() {
		return hasSecurityOption("selinux");
	}

	public boolean cgroupV2() {
		return "2".equals(this.cgroupVersion);
	}

	/** Tell whether containers can get a cgroup namespace of their own: Docker 20.10 (API 1.41) and later. */
	public boolean privateCgroupNamespaces() {
		Matcher version = VERSION.matcher(String.valueOf(this.serverVersion));
		if (!version.lookingAt()) {
			return false;
		}
		int major = Integer.parseInt(version.group(1));
		return major > 20 || major == 20 && Integer.parseInt(version.group(2)) >= 10;
	}

	public boolean hasRuntime(String name) {
		return this.runtimes.contains(name);
	}

	private boolean hasSecurityOption(String name) {
		return this.securityOptions.stream().anyMatch((option) -> option.equals("name=" + name)
				|| option.startsWith("name=" + name + ","));
	}

}
