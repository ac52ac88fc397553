package io.cagelab.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seccomp profile of a sandbox that holds CAP_SYS_ADMIN. Inside its user namespace the capability lets root
 * change its own mount table, which Docker's default profile then allows in full: remount {@code /} writable and
 * fill the host's disk, unmount the paths Docker masks, or reach the new mount API (CVE-2022-0185). This profile
 * keeps what a namespace lab needs ({@code unshare}, {@code setns}, {@code sethostname}, and {@code mount} for
 * {@code --mount-proc}) and refuses the rest with EPERM. A fresh procfs still lists, in {@code /proc/keys}, the
 * session keyrings of the engine's containers (their ids, nothing more: {@code keyctl} is refused).
 */
public final class SysAdminSeccompProfile {

	/** Refused with EPERM: what would undo the floor, reach the host's kernel, or read other processes. */
	static final Set<String> REFUSED = Set.of(
			// The mount table: the read-only root and the masked paths stay as the engine made them.
			"umount", "umount2", "pivot_root", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
			"mount_setattr",
			// The host's kernel, clock, swap and accounting.
			"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "create_module",
			"query_module", "get_kernel_syms", "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime",
			"clock_adjtime", "iopl", "ioperm", "syslog", "vhangup", "quotactl", "quotactl_fd", "nfsservctl",
			"lookup_dcookie", "_sysctl", "sysfs", "ustat", "uselib", "bpf", "perf_event_open", "fanotify_init",
			// Keys are not namespaced: the keyrings of every container run as the same host UID.
			"add_key", "request_key", "keyctl",
			// Other processes' memory and file handles that bypass the path checks.
			"ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise", "userfaultfd",
			"name_to_handle_at", "open_by_handle_at",
			// Memory placement across the host's NUMA nodes.
			"mbind", "set_mempolicy", "get_mempolicy", "move_pages", "migrate_pages", "set_mempolicy_home_node",
			// io_uring runs work outside the calling task, where seccomp does not look.
			"io_uring_setup", "io_uring_enter", "io_uring_register",
			// Never implemented on x86_64.
			"afs_syscall", "tuxcall", "security", "vserver", "getpmsg", "putpmsg", "epoll_ctl_old", "epoll_wait_old",
			// Allowed below with conditions.
			"mount", "personality", "socket");

	private static final long MS_REMOUNT = 0x20;

	private static final long MS_MOVE = 0x2000;

	private static final long MS_BIND = 0x1000;

	/** Sockets to the hypervisor's host, which a network namespace does not cover. */
	private static final long AF_VSOCK = 40;

	/** The execution domains Docker's default profile allows: Linux, its 32-bit variant, and the query. */
	private static final List<Long> PERSONALITIES = List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);

	private static final int EPERM = 1;

	/**
	 * Calls newer than the table fail as unknown, so that programs fall back to the older call they replace (Docker
	 * 20.10 ignores this and answers EPERM).
	 */
	private static final int ENOSYS = 38;

	/** The profile as the engine takes it after {@code seccomp=}. */
	public static final String JSON = build();

	private SysAdminSeccompProfile() {
	}

	private static String build() {
		List<String> allowed = syscalls().stream().filter((name) -> !REFUSED.contains(name)).toList();
		List<String> conditional = List.of("mount", "personality", "socket");
		List<String> refused = REFUSED.stream().filter((name) -> !conditional.contains(name)).sorted().toList();
		StringBuilder json = new StringBuilder();
		json.append("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":").append(ENOSYS).append(",\"syscalls\":[");
		json.append(rule(allowed, "SCMP_ACT_ALLOW", null, "")).append(',');
		json.append(rule(refused, "SCMP_ACT_ERRNO", EPERM, "")).append(',');
		// A new mount (proc for --mount-proc, a tmpfs) may be made. An existing one may be neither remounted
		// (writable again), moved (off a masked path) nor bound elsewhere (a bind of /proc or /sys leaves its masks).
		long undoing = MS_REMOUNT | MS_MOVE | MS_BIND;
		json.append(rule(List.of("mount"), "SCMP_ACT_ALLOW", null, masked(3, undoing, 0)));
		for (long flag : List.of(MS_REMOUNT, MS_MOVE, MS_BIND)) {
			json.append(',').append(rule(List.of("mount"), "SCMP_ACT_ERRNO", EPERM, masked(3, flag, flag)));
		}
		json.append(',').append(rule(List.of("socket"), "SCMP_ACT_ALLOW", null, compared(0, AF_VSOCK, "SCMP_CMP_NE")));
		json.append(',').append(rule(List.of("socket"), "SCMP_ACT_ERRNO", EPERM, compared(0, AF_VSOCK, "SCMP_CMP_EQ")));
		for (long personality : PERSONALITIES) {
			json.append(',').append(rule(List.of("personality"), "SCMP_ACT_ALLOW", null,
					compared(0, personality, "SCMP_CMP_EQ")));
		}
		return json.append("]}").toString();
	}

	private static String rule(List<String> names, String action, Integer errno, String argument) {
		String quoted = names.stream().map((name) -> '"' + name + '"').collect(Collectors.joining(","));
		return "{\"names\":[" + quoted + "],\"action\":\"" + action + "\""
				+ ((errno != null) ? ",\"errnoRet\":" + errno : "")
				+ (argument.isEmpty() ? "" : ",\"args\":[" + argument + "]") + "}";
	}

	/** Match when {@code (argument & mask) == value}. */
	private static String masked(int index, long mask, long value) {
		return "{\"index\":" + index + ",\"value\":" + mask + ",\"valueTwo\":" + value + ",\"op\":\"SCMP_CMP_MASKED_EQ\"}";
	}

	private static String compared(int index, long value, String operator) {
		return "{\"index\":" + index + ",\"value\":" + value + ",\"valueTwo\":0,\"op\":\"" + operator + "\"}";
	}

	private static List<String> syscalls() {
		try (InputStream table = SysAdminSeccompProfile.class.getResourceAsStream("/sandbox/syscalls.txt")) {
			if (table == null) {
				throw new IllegalStateException("The system call table sandbox/syscalls.txt is missing from the app");
			}
			return new String(table.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
