package io.cagelab.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A learner's own container settings (from a run line or a compose service), to be tried for real so that a check
 * can look at them from inside. Only {@link SandboxFloor} turns them into a container, capped by the floor.
 *
 * @param user {@code uid[:gid]} or a name, as written; {@code null} when not written, which most images resolve to
 * root
 * @param capabilities the effective set asked for: Docker's defaults, minus what is dropped, plus what is added
 * @param noNewPrivileges whether {@code no-new-privileges} is on
 * @param readOnlyRoot whether the root filesystem is read-only
 * @param tmpfs writable mounts: path to the options written
 * @param pidsLimit the pids limit written, or {@code null}
 * @param memoryBytes the memory limit written, or {@code null}
 * @param cpus the CPU quota written, or {@code null}
 * @param ulimits ulimit name to its soft value, as written
 * @param seccompProfile the learner's own seccomp profile as JSON, or {@code null} for the engine's default; the floor
 * runs it only when it refuses at least what Docker's default refuses ({@link SeccompFloor})
 */
public record TrialSettings(String user, List<String> capabilities, boolean noNewPrivileges, boolean readOnlyRoot,
		Map<String, String> tmpfs, Long pidsLimit, Long memoryBytes, Double cpus, Map<String, Long> ulimits,
		String seccompProfile) {

	/** What Docker keeps when a run line says nothing about capabilities; also all a trial may have. */
	public static final Set<String> DOCKER_DEFAULT_CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER",
			"MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
			"AUDIT_WRITE");

	public TrialSettings {
		capabilities = List.copyOf(capabilities);
		tmpfs = Map.copyOf(tmpfs);
		ulimits = Map.copyOf(ulimits);
	}

	/** Settings under the engine's default seccomp profile. */
	public TrialSettings(String user, List<String> capabilities, boolean noNewPrivileges, boolean readOnlyRoot,
			Map<String, String> tmpfs, Long pidsLimit, Long memoryBytes, Double cpus, Map<String, Long> ulimits) {
		this(user, capabilities, noNewPrivileges, readOnlyRoot, tmpfs, pidsLimit, memoryBytes, cpus, ulimits, null);
	}

	/** The same settings, run under the given seccomp profile (JSON). */
	public TrialSettings withSeccompProfile(String profile) {
		return new TrialSettings(this.user, this.capabilities, this.noNewPrivileges, this.readOnlyRoot, this.tmpfs,
				this.pidsLimit, this.memoryBytes, this.cpus, this.ulimits, profile);
	}

}
