package io.cagelab.grading;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One container's configuration, shaped like the engine's own (Config and HostConfig), whatever it was written as:
 * a {@code docker run} line today, a Dockerfile or a compose service next. Rules read only this model.
 * Every setting remembers the line it came from, so that a finding can point at it.
 */
public final class ContainerModel {

	/** A bind mount, volume or tmpfs, as {@code -v} and {@code --mount} describe it. */
	public record Mount(String type, String source, String target, boolean readOnly, String propagation) {
	}

	/** A published port; {@code hostIp} is empty when it listens on every interface. */
	public record Port(String hostIp, String hostPort, String containerPort) {
	}

	final Kind kind;

	String image;

	String user;

	boolean privileged;

	final List<String> capAdd = new ArrayList<>();

	final List<String> capDrop = new ArrayList<>();

	final List<String> securityOpts = new ArrayList<>();

	Long pidsLimit;

	Long memory;

	Long memorySwap;

	Double cpus;

	Long cpuQuota;

	Long cpuShares;

	boolean readOnly;

	final List<String> tmpfs = new ArrayList<>();

	String network;

	String pid;

	String ipc;

	String uts;

	String userns;

	String cgroupParent;

	final List<Mount> mounts = new ArrayList<>();

	/** Containers or services whose mounts this one inherits, whatever they are. */
	final List<String> volumesFrom = new ArrayList<>();

	final List<String> devices = new ArrayList<>();

	final List<Port> ports = new ArrayList<>();

	/** {@code -P}: every port the image exposes, published on every interface. */
	boolean publishAll;

	final Map<String, String> ulimits = new LinkedHashMap<>();

	String restart;

	boolean healthCheck;

	boolean noHealthCheck;

	final Map<String, String> env = new LinkedHashMap<>();

	final List<String> command = new ArrayList<>();

	/** Every image a Dockerfile's FROM lines pull, stages built from earlier stages aside, in order. */
	final List<String> baseImages = new ArrayList<>();

	/** The instructions of a Dockerfile's final stage, for the rules about how an image is built. */
	final List<DockerfileParser.Instruction> buildSteps = new ArrayList<>();

	private final Map<String, Integer> lines = new LinkedHashMap<>();

	ContainerModel(Kind kind) {
		this.kind = kind;
	}

	/** A copy of every setting and line, for a Dockerfile stage built FROM an earlier stage. */
	ContainerModel copy() {
		ContainerModel copy = new ContainerModel(this.kind);
		copy.image = this.image;
		copy.user = this.user;
		copy.privileged = this.privileged;
		copy.capAdd.addAll(this.capAdd);
		copy.capDrop.addAll(this.capDrop);
		copy.securityOpts.addAll(this.securityOpts);
		copy.pidsLimit = this.pidsLimit;
		copy.memory = this.memory;
		copy.memorySwap = this.memorySwap;
		copy.cpus = this.cpus;
		copy.cpuQuota = this.cpuQuota;
		copy.cpuShares = this.cpuShares;
		copy.readOnly = this.readOnly;
		copy.tmpfs.addAll(this.tmpfs);
		copy.network = this.network;
		copy.pid = this.pid;
		copy.ipc = this.ipc;
		copy.uts = this.uts;
		copy.userns = this.userns;
		copy.cgroupParent = this.cgroupParent;
		copy.mounts.addAll(this.mounts);
		copy.volumesFrom.addAll(this.volumesFrom);
		copy.devices.addAll(this.devices);
		copy.ports.addAll(this.ports);
		copy.publishAll = this.publishAll;
		copy.ulimits.putAll(this.ulimits);
		copy.restart = this.restart;
		copy.healthCheck = this.healthCheck;
		copy.noHealthCheck = this.noHealthCheck;
		copy.env.putAll(this.env);
		copy.command.addAll(this.command);
		copy.baseImages.addAll(this.baseImages);
		copy.buildSteps.addAll(this.buildSteps);
		copy.lines.putAll(this.lines);
		return copy;
	}

	/** What the model was read from. */
	public Kind kind() {
		return this.kind;
	}

	/** Name a capability the way the engine does: upper case, without the CAP_ prefix. */
	static String capabilityName(String written) {
		String upper = written.trim().toUpperCase(Locale.ROOT);
		return upper.startsWith("CAP_") ? upper.substring(4) : upper;
	}

	/** Return the line a setting was written on, or the line of the whole container when it was not written. */
	public int lineOf(String setting) {
		return this.lines.getOrDefault(setting, this.lines.getOrDefault("container", 1));
	}

	void wrote(String setting, int line) {
		this.lines.putIfAbsent(setting, line);
	}

	/** Point a setting at a later line, for instructions where the last one wins (USER, HEALTHCHECK). */
	void overwrote(String setting, int line) {
		this.lines.put(setting, line);
	}

	public String image() {
		return this.image;
	}

	public String user() {
		return this.user;
	}

	public boolean privileged() {
		return this.privileged;
	}

	public List<String> capAdd() {
		return List.copyOf(this.capAdd);
	}

	public List<String> capDrop() {
		return List.copyOf(this.capDrop);
	}

	/**
	 * Tell whether no-new-privileges is on: as with the engine, the last option that names it wins, its value a Go
	 * boolean ({@code =1}, {@code :t}...); the key is read as written (the engine knows no NO-NEW-PRIVILEGES).
	 */
	public boolean noNewPrivileges() {
		boolean on = false;
		for (String option : this.securityOpts) {
			String value = CliValues.securityValue(option.strip(), "no-new-privileges");
			if (value != null) {
				on = value.isEmpty() || Boolean.TRUE.equals(CliValues.goBoolean(value));
			}
		}
		return on;
	}

	public List<String> securityOpts() {
		return List.copyOf(this.securityOpts);
	}

	public Long pidsLimit() {
		return this.pidsLimit;
	}

	public Long memory() {
		return this.memory;
	}

	public Long memorySwap() {
		return this.memorySwap;
	}

	public Double cpus() {
		return this.cpus;
	}

	public Long cpuQuota() {
		return this.cpuQuota;
	}

	public Long cpuShares() {
		return this.cpuShares;
	}

	public boolean readOnly() {
		return this.readOnly;
	}

	public List<String> tmpfs() {
		return List.copyOf(this.tmpfs);
	}

	public String network() {
		return this.network;
	}

	public String pid() {
		return this.pid;
	}

	public String ipc() {
		return this.ipc;
	}

	public String uts() {
		return this.uts;
	}

	public String userns() {
		return this.userns;
	}

	public String cgroupParent() {
		return this.cgroupParent;
	}

	public List<Mount> mounts() {
		return List.copyOf(this.mounts);
	}

	public List<String> volumesFrom() {
		return List.copyOf(this.volumesFrom);
	}

	public List<String> devices() {
		return List.copyOf(this.devices);
	}

	public List<Port> ports() {
		return List.copyOf(this.ports);
	}

	public boolean publishAll() {
		return this.publishAll;
	}

	public Map<String, String> ulimits() {
		return Collections.unmodifiableMap(this.ulimits);
	}

	public String restart() {
		return this.restart;
	}

	public boolean healthCheck() {
		return this.healthCheck;
	}

	public boolean noHealthCheck() {
		return this.noHealthCheck;
	}

	/** Environment variables; a {@code null} value passes the variable through from where the command runs. */
	public Map<String, String> env() {
		return Collections.unmodifiableMap(this.env);
	}

	public List<String> command() {
		return List.copyOf(this.command);
	}

	public List<String> baseImages() {
		return List.copyOf(this.baseImages);
	}

	public List<DockerfileParser.Instruction> buildSteps() {
		return List.copyOf(this.buildSteps);
	}

}
