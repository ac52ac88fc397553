package io.cagelab.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

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

	/** tmpfs mounts a tried container may have at most. */
	public static final int MAX_TRIAL_TMPFS = 8;

	private static final Pattern TMPFS_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+)+/?");

	private static final Set<String> RESERVED_TMPFS_ROOTS = Set.of("/proc", "/sys", "/dev");

	private static final Pattern TRIAL_USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");

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
			throw new SandboxPolicyException(SandboxPolicyException.Refused.CPUS, profile.cpus(), this.floor.cpus());
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
				throw new SandboxPolicyException(SandboxPolicyException.Refused.CAPABILITY_NEEDS_USERNS, capability);
			}
		}
		String runtime = runtime(profile);
		if (!host.facts().hasRuntime(runtime)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.RUNTIME_MISSING, runtime);
		}
		// Added capabilities only take effect for root: such labs run as root, which a user namespace maps to an
		// unprivileged host UID; every other sandbox runs as its learner's own non-root UID.
		boolean asRoot = !capabilities.isEmpty();
		if (asRoot && !userNamespaces) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.ROOT_NEEDS_USERNS);
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
		Map<String, String> labels = labels(request);
		String seccomp = capabilities.contains("SYS_ADMIN") ? SysAdminSeccompProfile.JSON : null;
		return new ContainerPlan("cagelab-" + request.sandboxId(), image(profile), uid + ":" + gid, capabilities,
				(profile.pidsLimit() != null) ? profile.pidsLimit() : this.floor.pidsLimit(), memory,
				Math.round(cpus * 1_000_000_000L), ulimits, tmpfs, sysctls, runtime,
				"isolated".equals(network(profile)), labels, seccomp).checkedAgainst(rules(request));
	}

	/**
	 * Plan a short-lived container from a learner's own settings, so that a check can look at them from inside. What
	 * the learner wrote is kept (user, capabilities, no-new-privileges, read-only root) so that its effect shows;
	 * what could reach the host (more than Docker's default capabilities, a user namespace turned off, the network)
	 * is refused or never given, and limits are capped by the floor.
	 */
	ContainerPlan planTrial(SandboxRequest request, TrialSettings settings, HostReport host) {
		SandboxProfile profile = request.profile();
		check(profile);
		if (host.facts() == null || !(host.facts().userNamespaces() || host.facts().rootless())) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_NEEDS_USERNS);
		}
		List<String> refused = settings.capabilities().stream()
			.filter((capability) -> !TrialSettings.DOCKER_DEFAULT_CAPABILITIES.contains(capability))
			.toList();
		if (!refused.isEmpty()) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_CAPABILITIES, String.join(", ", refused));
		}
		String user = (settings.user() != null) ? settings.user() : "0:0";
		if (!isTryableUser(user)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_USER, user);
		}
		long pids = ceiling(settings.pidsLimit(), this.floor.trialPidsLimit());
		long memory = ceiling(settings.memoryBytes(), this.floor.memory().toBytes());
		double cpus = (settings.cpus() != null && settings.cpus() > 0)
				? Math.max(Math.min(settings.cpus(), this.floor.cpus()), Math.min(this.floor.trialMinCpus(), this.floor.cpus()))
				: this.floor.cpus();
		Map<String, Long> ulimits = new LinkedHashMap<>();
		ulimits.put("nproc", ceiling(settings.ulimits().get("nproc"), 4L * this.floor.trialPidsLimit()));
		ulimits.put("nofile", ceiling(settings.ulimits().get("nofile"), this.floor.nofile()));
		ulimits.put("fsize", ceiling(settings.ulimits().get("fsize"), this.floor.fileSize().toBytes()));
		ulimits.put("core", 0L);
		if (settings.tmpfs().size() > MAX_TRIAL_TMPFS) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_TMPFS_COUNT, settings.tmpfs().size(),
					MAX_TRIAL_TMPFS);
		}
		Map<String, String> tmpfs = new LinkedHashMap<>();
		settings.tmpfs().forEach((path, options) -> tmpfs.put(trialTmpfsPath(path), trialTmpfsOptions(options)));
		String runtime = runtime(profile);
		if (!host.facts().hasRuntime(runtime)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_RUNTIME_MISSING, runtime);
		}
		if (settings.seccompProfile() != null) {
			List<SeccompFloor.Refusal> lowered = SeccompFloor.refusals(settings.seccompProfile(), settings.capabilities());
			if (!lowered.isEmpty()) {
				throw new SandboxPolicyException(lowered.get(0));
			}
		}
		Map<String, String> labels = labels(request);
		return new ContainerPlan("cagelab-" + request.sandboxId(), image(profile), user, settings.capabilities(), pids,
				memory, Math.round(cpus * 1_000_000_000L), ulimits, tmpfs, Map.of(), runtime, false, labels,
				settings.noNewPrivileges(), settings.readOnlyRoot(), settings.seccompProfile()).checkedAgainst(rules(request));
	}

	private FloorRules rules(SandboxRequest request) {
		return FloorRules.of(this.floor, request.installation());
	}

	/** The learner's value when it is a real limit below the ceiling; the ceiling otherwise (none, -1, 0, above). */
	private static long ceiling(Long asked, long ceiling) {
		return (asked != null && asked > 0) ? Math.min(asked, ceiling) : ceiling;
	}

	/**
	 * Accept a tmpfs only where it hides nothing the engine or a check relies on: an absolute path of plain names,
	 * outside the kernel's and the engine's own file systems.
	 */
	private static String trialTmpfsPath(String written) {
		if (!isTryableTmpfsPath(written)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.TRIAL_TMPFS_PATH, written);
		}
		return written.trim().replaceAll("/+$", "");
	}

	/** Tell whether a tmpfs there hides nothing the kernel, the engine or a check relies on. */
	public static boolean isTryableTmpfsPath(String written) {
		String path = written.trim();
		if (!TMPFS_PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
				|| path.contains("/./") || path.endsWith("/.")) {
			return false;
		}
		String normalized = path.replaceAll("/+$", "");
		return RESERVED_TMPFS_ROOTS.stream()
			.noneMatch((root) -> normalized.equals(root) || normalized.startsWith(root + "/"));
	}

	/** Tell whether a user, as a learner wrote it, is a plain name or {@code uid[:gid]} the engine can be given. */
	public static boolean isTryableUser(String user) {
		return TRIAL_USER.matcher(user).matches();
	}

	/** Keep the options that change what a check sees; the size is always bounded and setuid never honoured. */
	private String trialTmpfsOptions(String written) {
		List<String> kept = new ArrayList<>(List.of("rw", "nosuid", "nodev"));
		long size = this.floor.tmpSize().toBytes();
		for (String option : written.split(",")) {
			String name = option.trim().toLowerCase(Locale.ROOT);
			if (name.equals("noexec") || name.equals("exec") || name.matches("mode=[0-7]{3,4}") || name.matches("(uid|gid)=\\d{1,9}")) {
				kept.add(name);
			}
			else if (name.startsWith("size=") || name.startsWith("tmpfs-size=")) {
				try {
					size = Math.min(size, DataSize.parse(name.substring(name.indexOf('=') + 1).toUpperCase(Locale.ROOT)
						.replaceAll("([KMG])$", "$1B")).toBytes());
				}
				catch (IllegalArgumentException ex) {
					// An unreadable size keeps the floor's.
				}
			}
		}
		kept.add("size=" + Math.max(size, 1024 * 1024));
		return String.join(",", kept);
	}

	private static Map<String, String> labels(SandboxRequest request) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put(SandboxLabels.OWNER, request.owner().username());
		labels.put(SandboxLabels.EXERCISE, request.exerciseId());
		labels.put(SandboxLabels.SANDBOX, request.sandboxId());
		labels.put(SandboxLabels.INSTALLATION, request.installation());
		labels.put(SandboxLabels.CREATED_AT, request.createdAt().toString());
		labels.put(SandboxLabels.EXPIRES_AT, request.expiresAt().toString());
		return labels;
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
				throw new SandboxPolicyException(SandboxPolicyException.Refused.CAPABILITY, requested,
						String.join(", ", ALLOWED_CAPABILITIES.stream().sorted().toList()));
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
			throw new SandboxPolicyException(SandboxPolicyException.Refused.IMAGE, image,
					String.join(", ", this.floor.images()));
		}
		return image;
	}

	private static String runtime(SandboxProfile profile) {
		String runtime = (profile.runtime() != null) ? profile.runtime() : "runc";
		if (!RUNTIMES.contains(runtime)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.RUNTIME, runtime);
		}
		return runtime;
	}

	private static String network(SandboxProfile profile) {
		String network = (profile.network() != null) ? profile.network() : "none";
		if (!network.equals("none") && !network.equals("isolated")) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.NETWORK, network);
		}
		return network;
	}

	private static void limit(String name, Number asked, long floorValue) {
		if (asked != null && (asked.longValue() <= 0 || asked.longValue() > floorValue)) {
			throw new SandboxPolicyException(SandboxPolicyException.Refused.LIMIT, name, asked, floorValue);
		}
	}

}
