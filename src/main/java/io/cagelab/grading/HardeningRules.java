package io.cagelab.grading;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.grading.ContainerModel.Mount;
import io.cagelab.grading.ContainerModel.Port;

/**
 * The hardening rules a container model is graded against, after the CIS Docker Benchmark 1.6.0 (sections 4 and 5).
 * Where tools disagree, the rules follow the CIS intent: a missing limit fails, {@code no-new-privileges=false} is
 * not no-new-privileges, a sensitive host path mounted read-only is still a sensitive host path.
 */
public final class HardeningRules {

	/** The rule on capabilities added back, whose allowed set an exercise may change. */
	public static final String CAPABILITY_RULE = "HR-04";

	/** Capabilities an application may add back after dropping all: binding to a port below 1024. */
	static final Set<String> ALLOWED_CAPABILITIES = Set.of("NET_BIND_SERVICE");

	/**
	 * Capabilities of Docker's default set that give a workload nothing over the host or its neighbours: added back
	 * after --cap-drop ALL, as CIS's own remediation says (drop all, add what is needed), they fail HR-04 as a LOW
	 * finding rather than a CRITICAL one. NET_RAW (packet forging) and MKNOD (device files) are not among them.
	 */
	public static final Set<String> HARMLESS_CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
			"SETGID", "SETUID", "SETPCAP", "SETFCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "AUDIT_WRITE");

	/** Settings of a running container: what a run line or a compose service says, and a Dockerfile cannot. */
	private static final Set<Kind> RUNTIME = Set.of(Kind.RUN, Kind.COMPOSE);

	private static final Set<Kind> ALL_KINDS = Set.of(Kind.RUN, Kind.DOCKERFILE, Kind.COMPOSE);

	private static final Set<Kind> BUILD = Set.of(Kind.DOCKERFILE);

	/**
	 * Base images made small on purpose (fewer binaries, fewer setuid programs, fewer vulnerabilities), named by a
	 * whole word of the repository name or of the tag: alpine, node:22-alpine, python:3.12-slim, wolfi-base.
	 */
	static final Pattern MINIMAL_WORD = Pattern.compile(
			"(?i)(^|[-_.])(distroless|alpine|slim|busybox|chainguard|wolfi)(?=$|[-_.0-9])");

	/**
	 * Minimal bases that ship no setuid or setgid program. A -slim Debian or Ubuntu does not belong here: it still
	 * ships su, mount, passwd, chfn, chsh, gpasswd, newgrp and unix_chkpwd (11 such files in cagelab/base:bookworm).
	 */
	static final Pattern SETUID_FREE_WORD = Pattern.compile(
			"(?i)(^|[-_.])(distroless|alpine|busybox|chainguard|wolfi)(?=$|[-_.0-9])");

	/** Red Hat's minimal images: ubi9-micro, ubi9/ubi-minimal. */
	static final Pattern MINIMAL_UBI = Pattern.compile("(?i)^ubi[0-9]*-(micro|minimal)$");

	/** Publishers whose every image is minimal: gcr.io/distroless/static, cgr.dev/chainguard/node. */
	static final Set<String> MINIMAL_PUBLISHERS = Set.of("distroless", "chainguard");

	static final Pattern ADDS_SETUID_MODE = Pattern.compile("([ugoa]*\\+[rwxt]*s|^0*[2467][0-7]{3}$)");

	static final Pattern STRIPS_SETUID_MODE = Pattern.compile("[ugoa]*-[rwxt]*s");

	/** SSH, whatever the protocol written next to it. */
	static final int SSH_PORT = 22;

	/** The highest pids limit that still counts as a limit in the labs. */
	static final long MAX_PIDS = 4096;

	static final Set<String> SENSITIVE_PATHS = Set.of("/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc",
			"/sys", "/usr", "/var/lib/docker", "/root", "/home", "/run", "/var/run", "/bin", "/sbin");

	static final Pattern RUNTIME_SOCKET = Pattern.compile("(^|/)(docker|containerd|podman|crio)\\.sock$");

	/** The directories the engines put their sockets in. */
	static final List<String> SOCKET_DIRECTORIES = List.of("/run", "/var/run");

	/** A home directory at the start of a path: {@code ~}, {@code ~name}, {@code $HOME} or {@code ${HOME}}. */
	static final Pattern HOME = Pattern.compile("^(?:~([A-Za-z0-9._-]*)|\\$HOME|\\$\\{HOME})(?=/|$)");

	/** Variable names that announce a secret, after Trivy's DS-0031. */
	static final Pattern SECRET_NAME = Pattern.compile(
			"(?i).*(pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth).*");

	public static final List<HardeningRule> ALL = List.of(
			rule("HR-01", ALL_KINDS, "4.1", "Trivy DS-0002, hadolint DL3002, KSV-0012", Severity.HIGH, "user",
					(c) -> !isRoot(c.user())),
			rule("HR-02", RUNTIME, "5.5", "KICS privileged_containers_enabled, KSV-0017", Severity.CRITICAL, "privileged",
					(c) -> !c.privileged()),
			rule("HR-03", RUNTIME, "5.4", "KSV-0003", Severity.HIGH, "cap-drop",
					(c) -> c.capDrop().contains("ALL")),
			rule(CAPABILITY_RULE, RUNTIME, "5.4", "KSV-0005, KSV-0022", Severity.CRITICAL, "cap-add",
					(c) -> ALLOWED_CAPABILITIES.containsAll(c.capAdd()))
				.grading((c) -> HARMLESS_CAPABILITIES.containsAll(c.capAdd()) ? Severity.LOW : Severity.CRITICAL)
				.blaming((c) -> HARMLESS_CAPABILITIES.containsAll(c.capAdd()) ? "harmless" : "cap-add"),
			rule("HR-05", RUNTIME, "5.26", "KICS no_new_privileges_not_set, KSV-0001", Severity.HIGH, "security-opt",
					ContainerModel::noNewPrivileges),
			rule("HR-06", RUNTIME, "5.22", "KICS seccomp_disabled, KSV-0104", Severity.CRITICAL, "security-opt",
					(c) -> !hasOption(c, "seccomp", "unconfined")),
			rule("HR-07", RUNTIME, "5.2", "KSV-0002", Severity.HIGH, "security-opt",
					(c) -> !hasOption(c, "apparmor", "unconfined")),
			rule("HR-08", RUNTIME, "5.3", "KSV-0025", Severity.HIGH, "security-opt",
					(c) -> !hasOption(c, "label", "disable") && !hasOption(c, "systempaths", "unconfined")),
			rule("HR-09", RUNTIME, "5.29", "KICS pids_limit_not_set", Severity.CRITICAL, "pids-limit",
					(c) -> c.pidsLimit() != null && c.pidsLimit() > 0 && c.pidsLimit() <= MAX_PIDS),
			rule("HR-11", RUNTIME, "5.19", "", Severity.INFO, "ulimit",
					(c) -> c.ulimits().containsKey("nproc") || c.ulimits().containsKey("nofile")),
			rule("HR-12", RUNTIME, "5.11", "KICS memory_not_limited, KSV-0018", Severity.HIGH, "memory",
					(c) -> c.memory() != null && c.memory() > 0),
			rule("HR-13", RUNTIME, "5.12", "KICS cpus_not_limited, KSV-0011", Severity.MEDIUM, "cpus",
					(c) -> c.cpus() != null && c.cpus() > 0 || c.cpuQuota() != null && c.cpuQuota() > 0),
			rule("HR-14", RUNTIME, "5.13", "KSV-0014", Severity.MEDIUM, "read-only",
					ContainerModel::readOnly),
			rule("HR-15", RUNTIME, "5.10", "KICS shared_host_network_namespace, KSV-0009", Severity.CRITICAL, "network",
					(c) -> !"host".equals(c.network())),
			rule("HR-16", RUNTIME, "5.16", "KICS host_namespace_is_shared, KSV-0010", Severity.CRITICAL, "pid",
					// Compose's service:db shares another container's namespace, as container:db does.
					(c) -> c.pid() == null || !c.pid().equals("host") && !c.pid().startsWith("container:")
							&& !c.pid().startsWith("service:")),
			rule("HR-17", RUNTIME, "5.17", "KICS shared_host_ipc_namespace, KSV-0008", Severity.HIGH, "ipc",
					(c) -> !"host".equals(c.ipc())),
			rule("HR-18", RUNTIME, "5.21", "", Severity.MEDIUM, "uts",
					(c) -> !"host".equals(c.uts())),
			rule("HR-19", RUNTIME, "5.31", "KICS shared_host_user_namespace", Severity.HIGH, "userns",
					(c) -> !"host".equals(c.userns())),
			rule("HR-20", RUNTIME, "5.32", "KICS docker_socket_mounted_in_container, KSV-0006", Severity.CRITICAL, "volume",
					(c) -> c.mounts().stream().noneMatch(HardeningRules::isRuntimeSocket)),
			// Mounts inherited from another container are unknown, so they may be anything, a sensitive path included.
			rule("HR-21", RUNTIME, "5.6", "KICS volume_has_sensitive_host_directory, KSV-0023", Severity.CRITICAL, "volume",
					(c) -> c.mounts().stream().noneMatch(HardeningRules::isSensitiveHostPath)
							&& c.volumesFrom().isEmpty())
				.blaming((c) -> c.mounts().stream().anyMatch(HardeningRules::isSensitiveHostPath) ? "volume"
						: "volumes-from"),
			rule("HR-22", RUNTIME, "5.18", "", Severity.HIGH, "device",
					(c) -> c.devices().isEmpty()),
			rule("HR-23", RUNTIME, "5.20", "", Severity.MEDIUM, "volume",
					(c) -> c.mounts().stream().noneMatch((m) -> m.propagation().endsWith("shared"))),
			rule("HR-24", ALL_KINDS, "5.7, 5.8, 5.14", "Trivy DS-0004, KSV-0024", Severity.MEDIUM, "publish",
					// A Dockerfile only exposes ports; what it must not do is offer SSH.
					(c) -> (c.kind() == Kind.DOCKERFILE)
							? c.ports().stream().noneMatch((p) -> Ports.includes(p.containerPort(), SSH_PORT))
							: !c.publishAll() && c.ports().stream().allMatch(HardeningRules::isNarrowPort))
				.blaming((c) -> c.ports().stream().allMatch(HardeningRules::isNarrowPort) ? "publish-all" : "publish")
				.reporting(HardeningRules::portControls),
			rule("HR-25", RUNTIME, "5.25", "KICS cgroup_not_default", Severity.LOW, "cgroup-parent",
					(c) -> c.cgroupParent() == null || c.cgroupParent().isEmpty()),
			rule("HR-26", ALL_KINDS, "5.27", "Trivy DS-0026, hadolint DL3057", Severity.MEDIUM, "health-cmd",
					(c) -> c.healthCheck() && !c.noHealthCheck()),
			rule("HR-27", RUNTIME, "5.15", "KICS restart_policy_on_failure_not_set_to_5", Severity.LOW, "restart",
					(c) -> isBoundedRestart(c.restart())),
			// Every FROM of a Dockerfile pulls an image, in a build stage as much as in the last one.
			rule("HR-28", ALL_KINDS, "4.2, 5.28", "Trivy DS-0001, hadolint DL3006, DL3007", Severity.MEDIUM, "image",
					(c) -> (c.kind() == Kind.DOCKERFILE) ? unpinnedBase(c) == null : isPinned(c.image()))
				.blaming((c) -> (c.kind() == Kind.DOCKERFILE) ? "from:" + unpinnedBase(c) : "image"),
			rule("HR-29", ALL_KINDS, "4.10", "Trivy DS-0031", Severity.CRITICAL, "env",
					(c) -> c.env().entrySet().stream().noneMatch((e) -> SECRET_NAME.matcher(e.getKey()).matches()
							&& e.getValue() != null && !e.getValue().isEmpty() && !e.getValue().startsWith("$"))),
			rule("HR-30", BUILD, "4.7, 4.9", "Trivy DS-0005, DS-0010, DS-0017, hadolint DL3020, DL3004, DL4006",
					Severity.LOW, "container", HardeningRules::isCleanBuild),
			rule("HR-31", BUILD, "4.8", "", Severity.MEDIUM, "run", (c) -> {
				List<String> runs = runCommands(c);
				if (runs.stream().anyMatch((run) -> chmodModes(run).stream().anyMatch((m) -> ADDS_SETUID_MODE.matcher(m).find()))) {
					return false;
				}
				return isSetuidFreeBase(c.image()) || runs.stream()
					.anyMatch((run) -> chmodModes(run).stream().anyMatch((m) -> STRIPS_SETUID_MODE.matcher(m).find()));
			}),
			rule("HR-32", BUILD, "4.2, 4.3", "hadolint DL3026, KSV-0125", Severity.LOW, "image",
					(c) -> isMinimalBase(c.image())));

	private HardeningRules() {
	}

	private static HardeningRule rule(String id, Set<Kind> kinds, String cis, String references, Severity severity,
			String setting, Predicate<ContainerModel> passes) {
		return new HardeningRule(id, cis, references, severity, kinds, setting, passes);
	}

	/** An image reference as the engine splits it: the path between the registry host and the name, name, tag. */
	record ImageName(List<String> namespace, String repository, String tag) {

		static ImageName of(String image) {
			List<String> segments = List.of(image.split("@", 2)[0].split("/", -1));
			String last = segments.get(segments.size() - 1);
			int colon = last.indexOf(':');
			String first = segments.get(0);
			// The first segment is a registry host when it looks like one: registry:5000/team/app, localhost/app.
			boolean registry = segments.size() > 1 && (first.contains(".") || first.contains(":")
					|| first.equals("localhost"));
			return new ImageName(segments.subList(registry ? 1 : 0, segments.size() - 1),
					(colon >= 0) ? last.substring(0, colon) : last, (colon >= 0) ? last.substring(colon + 1) : "");
		}

	}

	/** Minimal by its repository name or its tag, not by the registry or team it comes from (slimcorp/ubuntu). */
	static boolean isMinimalBase(String image) {
		if (image == null) {
			return false;
		}
		ImageName name = ImageName.of(image);
		return image.equals("scratch") || MINIMAL_WORD.matcher(name.repository()).find()
				|| MINIMAL_UBI.matcher(name.repository()).matches() || MINIMAL_WORD.matcher(name.tag()).find()
				|| name.namespace().stream().anyMatch(MINIMAL_PUBLISHERS::contains);
	}

	/** A base that ships no setuid program by its repository name, tag or publisher: not a -slim Debian. */
	static boolean isSetuidFreeBase(String image) {
		if (image == null) {
			return false;
		}
		ImageName name = ImageName.of(image);
		return image.equals("scratch") || SETUID_FREE_WORD.matcher(name.repository()).find()
				|| SETUID_FREE_WORD.matcher(name.tag()).find()
				|| name.namespace().stream().anyMatch(MINIMAL_PUBLISHERS::contains);
	}

	/** The first image a Dockerfile's FROM lines pull without pinning it, or null; FROM scratch pulls nothing. */
	static String unpinnedBase(ContainerModel container) {
		return container.baseImages().stream().filter((image) -> !image.equals("scratch") && !isPinned(image))
			.findFirst().orElse(null);
	}

	private static List<String> runCommands(ContainerModel container) {
		return container.buildSteps().stream().filter((step) -> step.keyword().equals("RUN"))
			.map(DockerfileParser.Instruction::arguments).toList();
	}

	private static final Pattern SUDO = Pattern.compile("(^|[;&|(]\\s*)sudo\\s");

	private static final Pattern INDEX_UPDATE = Pattern.compile("\\b(apt-get|apt|yum|dnf)\\s+update\\b");

	private static final Pattern INSTALL = Pattern.compile("\\b(install|upgrade)\\b");

	private static final Pattern DOWNLOAD = Pattern.compile("\\b(curl|wget)\\b");

	private static final Pattern SHELL_START = Pattern.compile("^\\s*(ba|z|da)?sh\\b");

	/** COPY rather than ADD, no sudo, no package index update left alone, no piped download without pipefail. */
	static boolean isCleanBuild(ContainerModel container) {
		boolean pipefail = container.buildSteps().stream()
			.anyMatch((step) -> step.keyword().equals("SHELL") && step.arguments().contains("pipefail"));
		for (DockerfileParser.Instruction step : container.buildSteps()) {
			String text = step.arguments();
			if (step.keyword().equals("ADD")) {
				return false;
			}
			if (!step.keyword().equals("RUN")) {
				continue;
			}
			boolean updateAlone = INDEX_UPDATE.matcher(text).find() && !INSTALL.matcher(text).find();
			boolean pipedDownload = !pipefail && !text.contains("pipefail") && isDownloadPipedToShell(text);
			if (SUDO.matcher(text).find() || updateAlone || pipedDownload) {
				return false;
			}
		}
		return true;
	}

	/** The mode word of every chmod in a command: the first word after chmod that is not an option. */
	static List<String> chmodModes(String run) {
		List<String> modes = new java.util.ArrayList<>();
		String[] words = run.split("\\s+");
		for (int i = 0; i < words.length; i++) {
			if (words[i].equals("chmod")) {
				int j = i + 1;
				while (j < words.length && words[j].startsWith("-")) {
					j++;
				}
				if (j < words.length) {
					modes.add(words[j]);
				}
			}
		}
		return modes;
	}

	/** Linear in the text: a segment that downloads, followed by a segment that starts a shell. */
	private static boolean isDownloadPipedToShell(String text) {
		String[] segments = text.split("\\|");
		for (int i = 0; i + 1 < segments.length; i++) {
			if (DOWNLOAD.matcher(segments[i]).find() && SHELL_START.matcher(segments[i + 1]).find()) {
				return true;
			}
		}
		return false;
	}

	/** Root however it is spelled: no user, an empty name ({@code :1000}), {@code root}, or a uid of zero ({@code 00}). */
	public static boolean isRoot(String user) {
		if (user == null || user.isBlank()) {
			return true;
		}
		String name = user.split(":", 2)[0].trim();
		return name.isEmpty() || name.equals("root") || name.matches("0+");
	}

	/**
	 * Whether a security option sets {@code name} to {@code value} as the engine reads it: the key and the value as
	 * written ({@code seccomp=UNCONFINED} names a profile file, not unconfined), {@code key:value} as the older form.
	 */
	private static boolean hasOption(ContainerModel container, String name, String value) {
		return container.securityOpts().stream()
			.anyMatch((option) -> value.equals(CliValues.securityValue(option.strip(), name)));
	}

	/**
	 * The controls of HR-24 that a container fails, each on its own condition: 5.7 for SSH in the container, 5.8 for a
	 * privileged host port (below 1024), 5.14 for a binding on every interface (-P included).
	 */
	static List<String> portControls(ContainerModel container) {
		List<String> controls = new java.util.ArrayList<>();
		if (container.ports().stream().anyMatch((p) -> Ports.includes(p.containerPort(), SSH_PORT))) {
			controls.add("5.7");
		}
		if (container.kind() != Kind.DOCKERFILE) {
			if (container.ports().stream().anyMatch((p) -> !isUnprivilegedHostPort(p))) {
				controls.add("5.8");
			}
			if (container.publishAll() || container.ports().stream().anyMatch((p) -> !isSpecificAddress(p))) {
				controls.add("5.14");
			}
		}
		return controls;
	}

	/**
	 * The socket itself, the directory it is in, or a directory above that ({@code /var}, {@code /}), bound from the
	 * host. A volume or a tmpfs is never the host's socket: a volume's name holds no path, and a volume whose driver
	 * binds a host path is read as that bind mount.
	 */
	static boolean isRuntimeSocket(Mount mount) {
		if (!mount.type().equals("bind")) {
			return false;
		}
		String source = hostPath(mount.source());
		return RUNTIME_SOCKET.matcher(source).find() || source.equals("/") || SOCKET_DIRECTORIES.stream()
			.anyMatch((directory) -> directory.equals(source) || directory.startsWith(source + "/"));
	}

	/** A sensitive path, a path inside one, or a directory that holds one ({@code /var} holds /var/lib/docker). */
	static boolean isSensitiveHostPath(Mount mount) {
		if (!mount.type().equals("bind")) {
			return false;
		}
		String source = hostPath(mount.source());
		if (RUNTIME_SOCKET.matcher(source).find()) {
			// The engine's socket is HR-20's finding (CIS 5.32), told once.
			return false;
		}
		return source.isEmpty() || source.equals("/") || SENSITIVE_PATHS.stream().anyMatch((path) -> source.equals(path)
				|| source.startsWith(path + "/") || path.startsWith(source + "/"));
	}

	/**
	 * The host path a bind source names, as the engine resolves it: {@code .} and {@code ..} resolved and repeated
	 * slashes collapsed ({@code /tmp/../etc/} is /etc), and a home directory for {@code ~} and {@code $HOME}, taken
	 * to be under /home (or /root for {@code ~root}). A relative path is left as written: where it points depends on
	 * where the command runs.
	 */
	static String hostPath(String source) {
		String path = source;
		Matcher home = HOME.matcher(path);
		if (home.find()) {
			String user = (home.group(1) == null || home.group(1).isEmpty()) ? "user" : home.group(1);
			path = (user.equals("root") ? "/root" : "/home/" + user) + path.substring(home.end());
		}
		if (!path.startsWith("/")) {
			return path;
		}
		Deque<String> segments = new ArrayDeque<>();
		for (String segment : path.split("/")) {
			if (segment.equals("..")) {
				segments.pollLast();
			}
			else if (!segment.isEmpty() && !segment.equals(".")) {
				segments.addLast(segment);
			}
		}
		return "/" + String.join("/", segments);
	}

	/** One address, a host port (or the lowest of a range) that is not privileged, and no SSH in the container. */
	static boolean isNarrowPort(Port port) {
		return isSpecificAddress(port) && isUnprivilegedHostPort(port)
				&& !Ports.includes(port.containerPort(), SSH_PORT);
	}

	static boolean isSpecificAddress(Port port) {
		return !port.hostIp().isEmpty() && !port.hostIp().equals("0.0.0.0") && !port.hostIp().equals("::");
	}

	/** No host port, or 0 (one the engine picks, above 1024), or one of 1024 and above. */
	static boolean isUnprivilegedHostPort(Port port) {
		return port.hostPort().isEmpty() || port.hostPort().equals("0") || Ports.low(port.hostPort()) >= 1024;
	}

	static boolean isBoundedRestart(String restart) {
		if (restart == null || restart.equals("no")) {
			return true;
		}
		if (restart.startsWith("on-failure:")) {
			try {
				int retries = Integer.parseInt(restart.substring("on-failure:".length()));
				return retries > 0 && retries <= 5;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return false;
	}

	/** A digest, or a tag other than latest; {@code debian:} (a tag variable left empty) is no tag. */
	static boolean isPinned(String image) {
		if (image == null) {
			return false;
		}
		if (image.contains("@sha256:")) {
			return true;
		}
		String tag = ImageName.of(image).tag();
		return !tag.isEmpty() && !tag.equals("latest");
	}

}
