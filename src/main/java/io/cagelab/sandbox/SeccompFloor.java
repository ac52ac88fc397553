package io.cagelab.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor for a learner's own seccomp profile: it may only refuse more than Docker's default profile (Moby 20.10,
 * {@code profiles/seccomp/default.json}) refuses to the same container, never less. A profile replaces Docker's
 * default rather than stacking on it, so a profile that lets one of the default's refused calls through would lower
 * the floor for the container that runs with it; such a profile is refused before anything starts.
 * <p>
 * The check is conservative: a rule counts as allowing when its action is anything but a refusal (ERRNO, KILL,
 * TRAP), and a rule of the profile counts as in force unless it {@code includes} a capability the container lacks
 * (as Docker itself decides).
 */
public final class SeccompFloor {

	/** What a refusal of the floor names: a key into the app's messages and its arguments. */
	public record Refusal(String key, List<String> arguments) {

		public Refusal {
			arguments = List.copyOf(arguments);
		}

	}

	/** Actions that stop the call: the only default action the floor takes, and never a way round it. */
	static final Set<String> REFUSING = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD",
			"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP");

	static final Set<String> ACTIONS = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD",
			"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE",
			"SCMP_ACT_NOTIFY");

	/**
	 * Calls Docker's default profile never lets through to a container holding at most Docker's default capabilities:
	 * the ones it leaves out of its allow-list, those it allows only with CAP_SYS_ADMIN, CAP_SYS_PTRACE, CAP_SYS_MODULE,
	 * CAP_SYS_TIME, CAP_SYS_BOOT, CAP_SYS_PACCT, CAP_SYS_RAWIO, CAP_SYS_NICE, CAP_SYSLOG or CAP_SYS_TTY_CONFIG, and
	 * clone3 (ENOSYS without CAP_SYS_ADMIN). {@code clone} and {@code personality} are allowed only with the
	 * default's own argument conditions.
	 */
	static final Set<String> REFUSED_BY_DEFAULT = Set.of(
			// Namespaces, mounts and the host's identity.
			"unshare", "setns", "clone3", "mount", "umount", "umount2", "pivot_root", "open_tree", "move_mount",
			"fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "sethostname", "setdomainname",
			// The host's kernel, clock, swap and accounting.
			"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "create_module",
			"query_module", "get_kernel_syms", "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime",
			"clock_adjtime", "iopl", "ioperm", "syslog", "vhangup", "quotactl", "quotactl_fd", "nfsservctl",
			"lookup_dcookie", "_sysctl", "sysfs", "ustat", "uselib", "bpf", "perf_event_open", "fanotify_init",
			// Keyrings, which are not namespaced.
			"add_key", "request_key", "keyctl",
			// Other processes' memory, and file handles past the container's root.
			"process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise", "userfaultfd",
			"name_to_handle_at", "open_by_handle_at",
			// NUMA placement on the host.
			"mbind", "set_mempolicy", "get_mempolicy", "move_pages", "migrate_pages", "set_mempolicy_home_node",
			// Never implemented on x86_64.
			"afs_syscall", "tuxcall", "security", "vserver", "getpmsg", "putpmsg", "epoll_ctl_old", "epoll_wait_old");

	/** The namespace flags of clone(2) that Docker's default refuses without CAP_SYS_ADMIN (CLONE_NEWNS and up). */
	static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

	/** The execution domains Docker's default allows to personality(2). */
	static final Set<Long> PERSONALITIES = Set.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);

	/** More rules than any real profile holds (Docker's default has about 40). */
	static final int MAX_RULES = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SeccompFloor() {
	}

	/**
	 * Return why the profile may not run a container holding the given capabilities, or an empty list when it only
	 * refuses more than Docker's default.
	 */
	public static List<Refusal> refusals(String profile, Collection<String> capabilities) {
		JsonNode root;
		try {
			root = JSON.readTree(profile);
		}
		catch (JacksonException ex) {
			String where = (ex.getLocation() != null)
					? ex.getLocation().getLineNr() + ":" + ex.getLocation().getColumnNr() : "1:1";
			return List.of(refusal("unreadable", where));
		}
		if (root == null || !root.isObject()) {
			return List.of(refusal("not-an-object"));
		}
		List<Refusal> refusals = new ArrayList<>();
		JsonNode defaultAction = root.get("defaultAction");
		if (defaultAction == null || !defaultAction.isString()) {
			refusals.add(refusal("no-default-action"));
		}
		else if (!REFUSING.contains(defaultAction.asString())) {
			refusals.add(refusal("default-allows", defaultAction.asString()));
		}
		JsonNode rules = root.get("syscalls");
		if (rules == null || rules.isNull()) {
			return refusals;
		}
		if (!rules.isArray()) {
			refusals.add(refusal("rules-not-a-list"));
			return refusals;
		}
		if (rules.size() > MAX_RULES) {
			refusals.add(refusal("too-many-rules", String.valueOf(MAX_RULES)));
			return refusals;
		}
		Set<String> held = new TreeSet<>();
		capabilities.forEach((capability) -> held.add(capability.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")));
		for (int i = 0; i < rules.size(); i++) {
			JsonNode rule = rules.get(i);
			int number = i + 1;
			if (!rule.isObject()) {
				refusals.add(refusal("rule-not-an-object", String.valueOf(number)));
				continue;
			}
			JsonNode action = rule.get("action");
			if (action == null || !action.isString() || !ACTIONS.contains(action.asString())) {
				refusals.add(refusal("unknown-action", String.valueOf(number),
						(action == null) ? "" : action.asString("")));
				continue;
			}
			if (REFUSING.contains(action.asString()) || !inForce(rule, held)) {
				continue;
			}
			Set<String> lifted = new TreeSet<>();
			for (String name : names(rule)) {
				String call = name.toLowerCase(Locale.ROOT);
				if (REFUSED_BY_DEFAULT.contains(call)
						|| (call.equals("clone") && !keepsNamespacesOut(rule.get("args")))
						|| (call.equals("personality") && !allowedPersonality(rule.get("args")))) {
					lifted.add(call);
				}
			}
			if (!lifted.isEmpty()) {
				refusals.add(refusal("allows-refused", String.valueOf(number), action.asString(),
						String.join(", ", lifted)));
			}
		}
		return refusals;
	}

	/** Docker applies a rule only when the container holds every capability the rule includes. */
	private static boolean inForce(JsonNode rule, Set<String> held) {
		JsonNode includes = rule.get("includes");
		JsonNode caps = (includes != null && includes.isObject()) ? includes.get("caps") : null;
		if (caps == null || !caps.isArray()) {
			return true;
		}
		for (JsonNode cap : caps) {
			if (!held.contains(cap.asString("").toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))) {
				return false;
			}
		}
		return true;
	}

	private static List<String> names(JsonNode rule) {
		List<String> names = new ArrayList<>();
		JsonNode list = rule.get("names");
		if (list != null && list.isArray()) {
			list.forEach((name) -> names.add(name.asString("")));
		}
		JsonNode single = rule.get("name");
		if (single != null && single.isString()) {
			names.add(single.asString());
		}
		return names;
	}

	/** clone is allowed only when a condition on its flags (argument 0 on x86_64) leaves every namespace flag out. */
	private static boolean keepsNamespacesOut(JsonNode args) {
		if (args == null || !args.isArray()) {
			return false;
		}
		for (JsonNode arg : args) {
			if (arg.path("index").asLong(-1) == 0 && "SCMP_CMP_MASKED_EQ".equals(arg.path("op").asString(""))
					&& (arg.path("value").asLong(0) & CLONE_NAMESPACE_FLAGS) == CLONE_NAMESPACE_FLAGS
					&& arg.path("valueTwo").asLong(-1) == 0) {
				return true;
			}
		}
		return false;
	}

	/** personality is allowed only for one of the default's values, compared for equality. */
	private static boolean allowedPersonality(JsonNode args) {
		if (args == null || !args.isArray() || args.isEmpty()) {
			return false;
		}
		for (JsonNode arg : args) {
			if (arg.path("index").asLong(-1) == 0 && "SCMP_CMP_EQ".equals(arg.path("op").asString(""))
					&& PERSONALITIES.contains(arg.path("value").asLong(-1))) {
				return true;
			}
		}
		return false;
	}

	private static Refusal refusal(String name, String... arguments) {
		return new Refusal("sandbox.floor.seccomp." + name, List.of(arguments));
	}

}
