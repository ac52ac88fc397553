package io.cagelab.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Apply the floor that no exercise can lower: every container Cagelab runs is planned here and only here.
 */
@Component
public class SandboxFloor {

	/** Capabilities an exercise may add back, and nothing else. */
	static final Set<String> ALLOWED_CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
			"SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE",
			"SETFCAP", "SYS_ADMIN", "NET_ADMIN");

	/** Safe only inside a user namespace, where they act on the sandbox's own namespaces and not the host's. */
	static final Set<String> USER_NAMESPACE_ONLY = Set.of("SYS_ADMIN", "NET_ADMIN");

	static final String LEARNER_GID = "1000";

	private static final Set<String> RUNTIMES = Set.of("runc", "runsc");

	private final SandboxProperties floor;

	SandboxFloor(SandboxProperties floor) {
		this.floor = floor;
	}

	/**
	 * Refuse a profile that asks for more than the floor allows, saying what and why; otherwise return nothing.
	 */
	public void check(SandboxProfile profile) {
		capabilities(profile);
		image(profile);
		runtime(profile);
		network(profile);
		limit("pids-limit", profile.pidsLimit(), this.floor.pidsLimit());
		limit("memory", (profile.memory() != null) ? profile.memory().toBytes() : null, this.floor.memory().toBytes());
		if (profile.cpus() != null && (profile.cpus() <= 0 || profile.cpus() > this.floor.cpus())) {
			throw new SandboxPolicyException("The profile asks for " + profile.cpus() + " CPUs; the floor allows more than 0"
					+ " and at most " + this.floor.cpus() + ".");
		}
	}

	ContainerPlan plan(SandboxRequest request, HostReport host) {
		SandboxProfile profile = request.profile();
		check(profile);
		List<String> capabilities = capabilities(profile);
		boolean userNamespaces = host.facts() != null
				&& (host.facts().userNamespaces() || host.facts().rootless());
		for (String capability : capabilities) {
			if (USER_NAMESPACE_ONLY.contains(capability) && !userNamespaces) {
				throw new SandboxPolicyException("The profile adds " + capability + ", which is only allowed on an engine"
						+ " with user namespaces, and this engine has none.");
			}
		}
		String runtime = runtime(profile);
		if (!host.facts().hasRuntime(runtime)) {
			throw new SandboxPolicyException("The profile asks for the runtime " + runtime
					+ ", which this engine does not offer.");
		}
		// Added capabilities only take effect for root: such labs run as root, which a user namespace maps to an
		// unprivileged host UID; every other sandbox runs as its learner's own non-root UID.
		boolean asRoot = !capabilities.isEmpty();
		if (asRoot && !userNamespaces) {
			throw new SandboxPolicyException("The profile adds capabilities, so its sandbox runs as root, which is only"
					+ " allowed on an engine with user namespaces, and this engine has none.");
		}
		String uid = asRoot ? "0" : Long.toString(uid(request.owner()));
		String gid = asRoot ? "0" : LEARNER_GID;
		long memory = (profile.memory() != null) ? profile.memory().toBytes() : this.floor.memory().toBytes();
		double cpus = (profile.cpus() != null) ? profile.cpus() : this.floor.cpus();
		Map<String, Long> ulimits = new LinkedHashMap<>();
		ulimits.put("nproc", (long) this.floor.nproc());
		ulimits.put("nofile", (long) this.floor.nofile());
		ulimits.put("fsize", this.floor.fileSize().toBytes());
		ulimits.put("core", 0L);
		Map<String, String> tmpfs = Map.of("/tmp",
				"rw,nosuid,nodev,noexec,size=" + this.floor.tmpSize().toBytes() + ",mode=1777", "/home/learner",
				"rw,nosuid,nodev,size=" + this.floor.homeSize().toBytes() + ",uid=" + uid + ",gid=" + gid
						+ ",mode=0700");
		// Unprivileged ICMP for the learner's group, so ping works without NET_RAW (gVisor has its own stack).
		Map<String, String> sysctls = "runc".equals(runtime)
				? Map.of("net.ipv4.ping_group_range", gid + " " + gid) : Map.of();
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put(SandboxLabels.OWNER, request.owner().username());
		labels.put(SandboxLabels.EXERCISE, request.exerciseId());
		labels.put(SandboxLabels.SANDBOX, request.sandboxId());
		labels.put(SandboxLabels.INSTALLATION, request.installation());
		labels.put(SandboxLabels.CREATED_AT, request.createdAt().toString());
		labels.put(SandboxLabels.EXPIRES_AT, request.expiresAt().toString());
		return new ContainerPlan("cagelab-" + request.sandboxId(), image(profile), uid + ":" + gid, capabilities,
				(profile.pidsLimit() != null) ? profile.pidsLimit() : this.floor.pidsLimit(), memory,
				Math.round(cpus * 1_000_000_000L), ulimits, tmpfs, sysctls, runtime,
				"isolated".equals(network(profile)), labels);
	}

	/** Keep UIDs inside the 65,536 IDs that user namespace remapping gives the engine. */
	long uid(SandboxOwner owner) {
		return this.floor.uidBase() + Math.floorMod(owner.accountId(), 65_000L - this.floor.uidBase());
	}

	private static List<String> capabilities(SandboxProfile profile) {
		List<String> normalized = new ArrayList<>();
		for (String requested : profile.capabilities()) {
			String name = requested.trim().toUpperCase(Locale.ROOT);
			name = name.startsWith("CAP_") ? name.substring(4) : name;
			if (!ALLOWED_CAPABILITIES.contains(name)) {
				throw new SandboxPolicyException("The profile adds the capability " + requested
						+ ", which no sandbox may have; allowed: " + String.join(", ", ALLOWED_CAPABILITIES.stream().sorted().toList())
						+ ".");
			}
			if (!normalized.contains(name)) {
				normalized.add(name);
			}
		}
		return normalized;
	}

	private String image(SandboxProfile profile) {
		String image = (profile.image() != null) ? profile.image() : this.floor.defaultImage();
		if (!this.floor.images().contains(image)) {
			throw new SandboxPolicyException("The profile asks for the image " + image + ", which is not on the list of"
					+ " sandbox images (" + String.join(", ", this.floor.images()) + ").");
		}
		return image;
	}

	private static String runtime(SandboxProfile profile) {
		String runtime = (profile.runtime() != null) ? profile.runtime() : "runc";
		if (!RUNTIMES.contains(runtime)) {
			throw new SandboxPolicyException("The profile asks for the runtime " + runtime + "; use runc or runsc.");
		}
		return runtime;
	}

	private static String network(SandboxProfile profile) {
		String network = (profile.network() != null) ? profile.network() : "none";
		if (!network.equals("none") && !network.equals("isolated")) {
			throw new SandboxPolicyException("The profile asks for the network " + network
					+ "; a sandbox has either none or an isolated network of its own.");
		}
		return network;
	}

	private static void limit(String name, Number asked, long floorValue) {
		if (asked != null && (asked.longValue() <= 0 || asked.longValue() > floorValue)) {
			throw new SandboxPolicyException("The profile asks for " + name + " " + asked + "; the floor allows more than 0"
					+ " and at most " + floorValue + ".");
		}
	}

}
