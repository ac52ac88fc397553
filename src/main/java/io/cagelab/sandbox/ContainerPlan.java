package io.cagelab.sandbox;

import java.util.List;
import java.util.Map;

/**
 * Everything a backend needs to run one sandbox container, with the floor already applied. Only
 * {@link SandboxFloor} can make a plan, so no other path can create a container without the floor.
 */
public final class ContainerPlan {

	/** A sandbox's own network, named after it. */
	public static final String NETWORK_PREFIX = "cagelab-net-";

	private final String name;
	private final String image;
	private final String user;
	private final List<String> addedCapabilities;
	private final long pidsLimit;
	private final long memoryBytes;
	private final long nanoCpus;
	private final Map<String, Long> ulimits;
	private final Map<String, String> tmpfs;
	private final Map<String, String> sysctls;
	private final String runtime;
	private final boolean isolatedNetwork;
	private final Map<String, String> labels;

	private final boolean noNewPrivileges;

	private final boolean readOnlyRoot;

	private final String seccompProfile;

	private FloorRules rules;

	ContainerPlan(String name, String image, String user, List<String> addedCapabilities, long pidsLimit, long memoryBytes, long nanoCpus, Map<String, Long> ulimits, Map<String, String> tmpfs, Map<String, String> sysctls, String runtime, boolean isolatedNetwork, Map<String, String> labels, String seccompProfile) {
		this(name, image, user, addedCapabilities, pidsLimit, memoryBytes, nanoCpus, ulimits, tmpfs, sysctls, runtime,
				isolatedNetwork, labels, true, true, seccompProfile);
	}

	ContainerPlan(String name, String image, String user, List<String> addedCapabilities, long pidsLimit, long memoryBytes, long nanoCpus, Map<String, Long> ulimits, Map<String, String> tmpfs, Map<String, String> sysctls, String runtime, boolean isolatedNetwork, Map<String, String> labels, boolean noNewPrivileges, boolean readOnlyRoot, String seccompProfile) {
		this.name = name;
		this.image = image;
		this.user = user;
		this.addedCapabilities = List.copyOf(addedCapabilities);
		this.pidsLimit = pidsLimit;
		this.memoryBytes = memoryBytes;
		this.nanoCpus = nanoCpus;
		this.ulimits = Map.copyOf(ulimits);
		this.tmpfs = Map.copyOf(tmpfs);
		this.sysctls = Map.copyOf(sysctls);
		this.runtime = runtime;
		this.isolatedNetwork = isolatedNetwork;
		this.labels = Map.copyOf(labels);
		this.noNewPrivileges = noNewPrivileges;
		this.readOnlyRoot = readOnlyRoot;
		this.seccompProfile = seccompProfile;
	}

	public String name() {
		return this.name;
	}

	public String image() {
		return this.image;
	}

	/** Return {@code uid:gid}: the learner's own UID, or root inside the user namespace for labs that add capabilities. */
	public String user() {
		return this.user;
	}

	/** Return the capabilities added back after dropping all of them. */
	public List<String> addedCapabilities() {
		return this.addedCapabilities;
	}

	public long pidsLimit() {
		return this.pidsLimit;
	}

	public long memoryBytes() {
		return this.memoryBytes;
	}

	public long nanoCpus() {
		return this.nanoCpus;
	}

	/** Return ulimit name to its soft-and-hard value. */
	public Map<String, Long> ulimits() {
		return this.ulimits;
	}

	/** Return writable mount point to its mount options. */
	public Map<String, String> tmpfs() {
		return this.tmpfs;
	}

	/** Return namespaced kernel settings of the sandbox. */
	public Map<String, String> sysctls() {
		return this.sysctls;
	}

	/** Return the OCI runtime: {@code runc} or {@code runsc}. */
	public String runtime() {
		return this.runtime;
	}

	/** Return whether the sandbox gets a network of its own with no route out, instead of none. */
	public boolean isolatedNetwork() {
		return this.isolatedNetwork;
	}

	public Map<String, String> labels() {
		return this.labels;
	}

	/**
	 * Return whether setuid programs are kept from raising privileges: always for a sandbox; for a trial of a
	 * learner's run line, as the learner wrote it, so that a check can see the difference.
	 */
	public boolean noNewPrivileges() {
		return this.noNewPrivileges;
	}

	/** Return whether the root filesystem is read-only: always for a sandbox; for a trial, as the learner wrote it. */
	public boolean readOnlyRoot() {
		return this.readOnlyRoot;
	}

	/**
	 * Return the seccomp profile as JSON, or {@code null} for the engine's default profile; never {@code unconfined}.
	 */
	public String seccompProfile() {
		return this.seccompProfile;
	}

	/** The floor this plan was checked against, for the backend to check the engine's own view of it again. */
	public FloorRules rules() {
		return this.rules;
	}

	ContainerPlan checkedAgainst(FloorRules rules) {
		List<String> broken = rules.breaches(view());
		if (!broken.isEmpty()) {
			throw new IllegalStateException("A plan below the floor: " + String.join(", ", broken));
		}
		this.rules = rules;
		return this;
	}

	/** The settings a backend asks the engine for, as the floor's rules read them. */
	public ContainerView view() {
		List<String> securityOptions = new java.util.ArrayList<>();
		securityOptions.add("no-new-privileges:" + this.noNewPrivileges);
		if (this.seccompProfile != null) {
			securityOptions.add("seccomp=" + this.seccompProfile);
		}
		String network = this.isolatedNetwork ? NETWORK_PREFIX + this.labels.get(SandboxLabels.SANDBOX) : "none";
		return new ContainerView(this.image, this.labels, false, this.addedCapabilities, List.of("ALL"), null, null, null,
				network, null, "private", List.of(), List.of(), List.of(), 0, 0, 0, securityOptions, null, null,
				this.pidsLimit, this.memoryBytes, this.memoryBytes, this.nanoCpus, null, this.runtime, this.sysctls);
	}

}
