package io.cagelab.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as the Docker CLI and the engine read them, and refuse them: Go's booleans and integers, sizes as go-units
 * reads them, CPUs as a rational number, capabilities, security options, namespace modes, restart policies and
 * ulimits. A value Docker refuses throws a {@link ProblemException} with Docker's reason, told in the learner's
 * language: a submission Docker would refuse is not graded.
 */
final class CliValues {

	private CliValues() {
	}

	/** The capabilities the engine knows, without their CAP_ prefix. */
	static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF",
			"CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER",
			"KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE",
			"NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT",
			"SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME",
			"SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

	/** The ulimits the CLI knows (go-units). */
	static final List<String> ULIMITS = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
			"nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

	/** The engine's smallest memory limit. */
	static final long MIN_MEMORY = 6L * 1024 * 1024;

	private static final Pattern GO_INT = Pattern.compile("[+-]?(0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*"
			+ "|0[bB]_?[01]+(_[01]+)*|0[oO]_?[0-7]+(_[0-7]+)*|0_?[0-7]+(_[0-7]+)*|0|[1-9](_?[0-9])*)");

	private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

	private static final Pattern CONTAINER_NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

	/** A boolean as Go's strconv.ParseBool reads it; null when it is none. */
	static Boolean goBoolean(String value) {
		return switch (value) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> null;
		};
	}

	/** A whole number as Go's strconv.ParseInt(text, 0, 64) reads it: 0x10, 0b101, 0o17, 010 (octal), 1_000. */
	static long goInteger(String text) {
		if (!GO_INT.matcher(text).matches()) {
			throw new ProblemException("number.whole", text);
		}
		String digits = text.replace("_", "");
		boolean negative = digits.startsWith("-");
		if (digits.startsWith("-") || digits.startsWith("+")) {
			digits = digits.substring(1);
		}
		int base = 10;
		if (digits.length() > 1 && digits.charAt(0) == '0') {
			switch (Character.toLowerCase(digits.charAt(1))) {
				case 'x' -> {
					base = 16;
					digits = digits.substring(2);
				}
				case 'b' -> {
					base = 2;
					digits = digits.substring(2);
				}
				case 'o' -> {
					base = 8;
					digits = digits.substring(2);
				}
				default -> {
					base = 8;
					digits = digits.substring(1);
				}
			}
		}
		BigInteger value = new BigInteger(digits, base);
		if (negative) {
			value = value.negate();
		}
		if (value.bitLength() > 63) {
			throw new ProblemException("number.tooLarge", text);
		}
		return value.longValue();
	}

	/**
	 * A size as go-units' RAMInBytes reads it: a number (an exponent allowed, as 1e9), then an optional unit among
	 * b, k, m, g, t and p, with an optional b or ib after it, in powers of 1024.
	 */
	static long ramInBytes(String text) {
		int separator = -1;
		for (int i = text.length() - 1; i >= 0; i--) {
			if ("0123456789. ".indexOf(text.charAt(i)) >= 0) {
				separator = i;
				break;
			}
		}
		if (separator < 0) {
			throw new ProblemException("size.syntax");
		}
		String number = (text.charAt(separator) != ' ') ? text.substring(0, separator + 1) : text.substring(0, separator);
		String suffix = text.substring(separator + 1).toLowerCase(Locale.ROOT);
		if (!DECIMAL.matcher(number).matches()) {
			throw new ProblemException("size.syntax");
		}
		double size = Double.parseDouble(number);
		if (size < 0 || Double.isInfinite(size)) {
			throw new ProblemException("size.syntax");
		}
		if (suffix.isEmpty() || suffix.equals("b")) {
			return (long) size;
		}
		int power = "kmgtp".indexOf(suffix.charAt(0)) + 1;
		if (power == 0 || suffix.length() > 3 || suffix.length() == 2 && suffix.charAt(1) != 'b'
				|| suffix.length() == 3 && !suffix.substring(1).equals("ib")) {
			throw new ProblemException("size.syntax");
		}
		return (long) (size * Math.pow(1024, power));
	}

	/** A memory limit: a size the engine accepts, 0 for none, and never below its minimum of 6 MB. */
	static long memory(String text) {
		long bytes = ramInBytes(text);
		if (bytes > 0 && bytes < MIN_MEMORY) {
			throw new ProblemException("memory.tooSmall", text);
		}
		return bytes;
	}

	/**
	 * CPUs as the CLI reads them, a rational number (0.5, 1/2, 1e-1, 0x1) to a billionth at most, never below zero.
	 */
	static double cpus(String text) {
		BigDecimal value;
		try {
			int slash = text.indexOf('/');
			if (slash >= 0) {
				BigDecimal dividend = BigDecimal.valueOf(goInteger(text.substring(0, slash)));
				String divisorText = text.substring(slash + 1);
				if (divisorText.startsWith("-") || divisorText.startsWith("+")) {
					throw new ProblemException("cpus.syntax", text);
				}
				long divisor = goInteger(divisorText);
				if (divisor == 0) {
					throw new ProblemException("cpus.syntax", text);
				}
				BigDecimal nano = dividend.multiply(BigDecimal.valueOf(1_000_000_000L));
				BigDecimal[] division = nano.divideAndRemainder(BigDecimal.valueOf(divisor));
				if (division[1].signum() != 0) {
					throw new ProblemException("cpus.tooPrecise", text);
				}
				value = division[0].movePointLeft(9);
			}
			else if (text.matches("[+-]?0[xXbBoO].*")) {
				value = BigDecimal.valueOf(goInteger(text));
			}
			else if (DECIMAL.matcher(text).matches()) {
				value = new BigDecimal(text.replaceFirst("^\\+", "").replaceFirst("\\.(?=[eE]|$)", ""));
			}
			else {
				throw new ProblemException("cpus.syntax", text);
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new ProblemException("cpus.syntax", text);
		}
		catch (ProblemException ex) {
			if (ex.problem().key().equals("cpus.tooPrecise")) {
				throw ex;
			}
			throw new ProblemException("cpus.syntax", text);
		}
		if (value.movePointRight(9).stripTrailingZeros().scale() > 0) {
			throw new ProblemException("cpus.tooPrecise", text);
		}
		if (value.signum() < 0) {
			throw new ProblemException("cpus.negative", text);
		}
		return value.doubleValue();
	}

	/**
	 * A capability as the engine reads it: any case, with or without CAP_, or ALL (never CAP_ALL); one name per
	 * value, a comma is not a separator.
	 */
	static String capability(String written) {
		String upper = written.trim().toUpperCase(Locale.ROOT);
		if (upper.equals("ALL")) {
			return upper;
		}
		String name = upper.startsWith("CAP_") ? upper.substring(4) : upper;
		if (!CAPABILITIES.contains(name)) {
			throw new ProblemException("capability.unknown", written);
		}
		return name;
	}

	/**
	 * A security option as the CLI and then the engine check it: {@code key=value} (or the older {@code key:value}),
	 * a key among no-new-privileges, seccomp, apparmor and label, or exactly {@code systempaths=unconfined}; a bare
	 * {@code no-new-privileges}; a Go boolean for no-new-privileges. Keys are read as written: NO-NEW-PRIVILEGES is
	 * none of them.
	 */
	static void securityOption(String option) {
		if (option.equals("no-new-privileges") || option.strip().equals("systempaths=unconfined")) {
			return;
		}
		String[] pair = option.split("=", 2);
		if (pair.length < 2) {
			pair = option.split(":", 2);
		}
		if (pair.length < 2 || pair[1].isEmpty()) {
			throw new ProblemException("securityOpt.syntax", option);
		}
		switch (pair[0]) {
			case "label", "apparmor", "seccomp" -> {
			}
			case "no-new-privileges" -> {
				if (goBoolean(pair[1]) == null) {
					throw new ProblemException("securityOpt.notBoolean", option);
				}
			}
			default -> throw new ProblemException("securityOpt.unknown", option);
		}
	}

	/** The value of a security option's key as the engine takes it ({@code seccomp:x} is seccomp=x), or null. */
	static String securityValue(String option, String key) {
		if (option.equals(key)) {
			return "";
		}
		if (option.startsWith(key + "=")) {
			return option.substring(key.length() + 1);
		}
		if (!option.contains("=") && option.startsWith(key + ":")) {
			return option.substring(key.length() + 1);
		}
		return null;
	}

	/** Return a namespace mode the CLI or the engine accepts, or refuse it: {@code kind} is pid, ipc, uts, userns or cgroupns. */
	static String namespace(String kind, String mode) {
		boolean container = mode.startsWith("container:") && mode.length() > "container:".length();
		boolean empty = mode.isEmpty();
		// Each kind names its own key in full, so that every key the parsers use can be found in the sources.
		String refusal = switch (kind) {
			case "pid" -> (empty || mode.equals("host") || container) ? null : "namespace.invalid.pid";
			case "ipc" -> (empty || List.of("host", "none", "private", "shareable").contains(mode) || container) ? null
					: "namespace.invalid.ipc";
			case "cgroupns" -> (empty || mode.equals("host") || mode.equals("private")) ? null
					: "namespace.invalid.cgroupns";
			case "uts" -> (empty || mode.equals("host")) ? null : "namespace.invalid.uts";
			case "userns" -> (empty || mode.equals("host")) ? null : "namespace.invalid.userns";
			default -> throw new IllegalArgumentException("not a namespace kind: " + kind);
		};
		if (refusal != null) {
			throw new ProblemException(refusal, mode);
		}
		return mode;
	}

	/** Whether a network mode is one of the engine's own rather than a network of the user's. */
	static boolean isBuiltInNetwork(String network) {
		return List.of("default", "bridge", "host", "none").contains(network) || network.startsWith("container:");
	}

	/**
	 * The network a {@code --network} value names: a name, or {@code name=...,alias=...} as the CLI also reads it.
	 * A name that is no mode of the engine's must be one a network can have.
	 */
	static String network(String value) {
		String name = value;
		boolean aliased = false;
		if (value.contains("=")) {
			name = null;
			for (String field : value.split(",")) {
				String[] pair = field.split("=", 2);
				String key = pair[0].trim().toLowerCase(Locale.ROOT);
				String content = (pair.length > 1) ? pair[1].trim() : "";
				switch (key) {
					case "name" -> name = content;
					case "alias" -> aliased = true;
					case "ip", "ip6", "link-local-ip", "mac-address", "driver-opt", "gw-priority" -> {
					}
					default -> throw new ProblemException("network.option.unknown", pair[0]);
				}
			}
			if (name == null || name.isEmpty()) {
				throw new ProblemException("network.name.missing", value);
			}
		}
		if (aliased && isBuiltInNetwork(name)) {
			throw new ProblemException("network.alias.builtIn", name);
		}
		if (!isBuiltInNetwork(name) && !NETWORK_NAME.matcher(name).matches()) {
			throw new ProblemException("network.name.invalid", name);
		}
		return name;
	}

	static void containerName(String name) {
		if (!CONTAINER_NAME.matcher(name).matches()) {
			throw new ProblemException("name.invalid", name);
		}
	}

	/** {@code name=soft[:hard]} as go-units reads it, the limits in base 10; returns {@code soft:hard}. */
	static String ulimit(String value) {
		String[] pair = value.split("=", 2);
		if (pair.length < 2) {
			throw new ProblemException("run.ulimit.syntax");
		}
		if (!ULIMITS.contains(pair[0])) {
			throw new ProblemException("ulimit.name.unknown", pair[0]);
		}
		String[] limits = pair[1].split(":", -1);
		if (limits.length > 2) {
			throw new ProblemException("ulimit.tooManyValues", pair[1]);
		}
		long soft = ulimitNumber(limits[0]);
		long hard = (limits.length > 1) ? ulimitNumber(limits[1]) : soft;
		if (soft > hard) {
			throw new ProblemException("ulimit.softAboveHard", soft, hard);
		}
		return soft + ":" + hard;
	}

	private static long ulimitNumber(String text) {
		if (!text.matches("[+-]?\\d+")) {
			throw new ProblemException("ulimit.notNumber", text);
		}
		try {
			return Long.parseLong(text.replaceFirst("^\\+", ""));
		}
		catch (NumberFormatException ex) {
			throw new ProblemException("ulimit.notNumber", text);
		}
	}

	/** A restart policy: no, always, unless-stopped, or on-failure with an optional count. */
	static String restart(String value) {
		String[] parts = value.split(":", 2);
		if (parts.length > 1) {
			try {
				int count = Integer.parseInt(parts[1]);
				if (count < 0) {
					throw new ProblemException("restart.retryCount.negative");
				}
			}
			catch (NumberFormatException ex) {
				throw new ProblemException("restart.retryCount");
			}
		}
		switch (parts[0]) {
			case "", "no", "always", "unless-stopped" -> {
				if (parts.length > 1 && !parts[0].isEmpty()) {
					throw new ProblemException("restart.retryNotAllowed", parts[0]);
				}
			}
			case "on-failure" -> {
			}
			default -> throw new ProblemException("restart.invalid", parts[0]);
		}
		return value;
	}

	/** A Go duration, such as 30s, 1m30s or 500ms; never negative. */
	static void duration(String value) {
		if (value.equals("0")) {
			return;
		}
		if (!value.matches("[+-]?((\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+")) {
			throw new ProblemException("duration.syntax", value);
		}
		if (value.startsWith("-")) {
			throw new ProblemException("duration.negative", value);
		}
	}

	/** An IP address written as an address, never a host name: 127.0.0.1, ::1. */
	static boolean isIpAddress(String text) {
		if (text.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
			for (String part : text.split("\\.")) {
				if (Integer.parseInt(part) > 255 || part.length() > 1 && part.startsWith("0")) {
					return false;
				}
			}
			return true;
		}
		if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
			return false;
		}
		try {
			return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

	private static final String DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
			+ "[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?";

	/** An image reference as the distribution library reads it: [domain/]path[:tag][@digest]. */
	private static final Pattern REFERENCE = Pattern.compile("(?:(" + DOMAIN + ")/)?(" + COMPONENT + "(?:/" + COMPONENT
			+ ")*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");

	/** Refuse an image reference Docker cannot read; one made of shell variables is left to the shell. */
	static void image(String image) {
		if (image.contains("$") || image.contains("`")) {
			return;
		}
		Matcher matcher = REFERENCE.matcher(image);
		if (matcher.matches()) {
			return;
		}
		if (REFERENCE.matcher(image.toLowerCase(Locale.ROOT)).matches()) {
			throw new ProblemException("image.lowercase", image);
		}
		throw new ProblemException("image.invalid", image);
	}

}
