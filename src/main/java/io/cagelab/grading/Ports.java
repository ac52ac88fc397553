package io.cagelab.grading;

import io.cagelab.grading.ContainerModel.Port;

/**
 * Published ports as {@code -p} writes them: {@code [ip:][hostPort:]containerPort[/protocol]}, each port alone or
 * as a range. Ports are kept as the engine reads them: {@code 022} is 22, and a range goes from low to high.
 */
final class Ports {

	private Ports() {
	}

	/**
	 * {@code -p} as the CLI reads it: {@code [ip:][hostPort:]containerPort[/protocol]} (nat.ParsePortSpec: an IPv6
	 * address with or without brackets, a host port of 0 for one picked at random), or the long syntax
	 * {@code published=8080,target=80[,protocol=udp][,mode=host]}.
	 */
	static Port parse(String value) {
		if (value.contains("=")) {
			return longSyntax(value);
		}
		String[] parts = value.split(":", -1);
		int n = parts.length;
		String container = parts[n - 1];
		String host = (n >= 2) ? parts[n - 2] : "";
		String hostIp = (n >= 3) ? String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2)) : "";
		container = withProtocolChecked(container);
		if (hostIp.startsWith("[")) {
			if (!hostIp.endsWith("]")) {
				throw new ProblemException("port.ipv6.brackets");
			}
			hostIp = hostIp.substring(1, hostIp.length() - 1);
		}
		if (!hostIp.isEmpty() && !CliValues.isIpAddress(hostIp)) {
			throw new ProblemException("port.ip.invalid", hostIp);
		}
		if (container.isEmpty()) {
			throw new ProblemException("port.syntax");
		}
		if (!container.matches("\\d+(-\\d+)?") || !host.isEmpty() && !host.matches("\\d+(-\\d+)?")) {
			throw new ProblemException("port.syntax");
		}
		String containerPorts = canonical(container, true);
		String hostPorts = canonical(host, true);
		if (!hostPorts.isEmpty() && containerPorts.contains("-") && span(hostPorts) != span(containerPorts)) {
			throw new ProblemException("port.ranges.differ", container, host);
		}
		return new Port(hostIp, hostPorts, containerPorts);
	}

	/** {@code published=8080,target=80,protocol=udp,mode=host}; published may name an address, 127.0.0.1:8080. */
	private static Port longSyntax(String value) {
		String target = null;
		String published = "";
		String hostIp = "";
		for (String field : value.split(",")) {
			String[] pair = field.split("=", 2);
			String content = (pair.length > 1) ? pair[1] : "";
			switch (pair[0].toLowerCase(java.util.Locale.ROOT)) {
				case "target" -> target = content;
				case "published" -> {
					int colon = content.lastIndexOf(':');
					if (colon >= 0) {
						hostIp = content.substring(0, colon).replaceAll("^\\[|]$", "");
						if (!hostIp.isEmpty() && !CliValues.isIpAddress(hostIp)) {
							throw new ProblemException("port.ip.invalid", hostIp);
						}
					}
					published = content.substring(colon + 1);
				}
				case "protocol" -> withProtocolChecked("0/" + content);
				case "mode" -> {
					if (!content.equals("host") && !content.equals("ingress")) {
						throw new ProblemException("port.option.unknown", field);
					}
				}
				default -> throw new ProblemException("port.option.unknown", field);
			}
		}
		if (target == null || !target.matches("\\d+") || !published.isEmpty() && !published.matches("\\d+(-\\d+)?")) {
			throw new ProblemException("port.syntax");
		}
		return new Port(hostIp, canonical(published, true), canonical(target, true));
	}

	/** The port without its protocol, which must be tcp, udp or sctp. */
	private static String withProtocolChecked(String port) {
		int slash = port.indexOf('/');
		if (slash < 0) {
			return port;
		}
		String protocol = port.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
		if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
			throw new ProblemException("port.protocol.unknown", port.substring(slash + 1));
		}
		return port.substring(0, slash);
	}

	private static int span(String ports) {
		String[] ends = ports.split("-");
		return Integer.parseInt(ends[ends.length - 1]) - Integer.parseInt(ends[0]);
	}

	/** A port or range of EXPOSE, with its protocol if it has one: {@code 80}, {@code 53/udp}, {@code 8000-8010}. */
	static String exposed(String value) {
		return canonical(withoutProtocol(value));
	}

	/** The protocol changes nothing the rules check: 22/udp is still port 22. */
	private static String withoutProtocol(String port) {
		return port.replaceFirst("(?i)/(tcp|udp|sctp)$", "");
	}

	/** Ports are 1 to 65535, alone or as a range from low to high; return them as numbers without leading zeros. */
	static String canonical(String ports) {
		return canonical(ports, false);
	}

	/** As {@link #canonical(String)}; with {@code zero}, port 0 is allowed, as -p allows it (a port picked at random). */
	static String canonical(String ports, boolean zero) {
		if (ports.isEmpty()) {
			return "";
		}
		if (!ports.matches("\\d{1,10}(-\\d{1,10})?")) {
			throw new ProblemException("port.notNumber", ports);
		}
		String[] ends = ports.split("-");
		for (String port : ends) {
			long number = Long.parseLong(port);
			if (number < (zero ? 0 : 1) || number > 65535) {
				throw new ProblemException("port.outOfRange", port);
			}
		}
		if (ends.length == 1) {
			return String.valueOf(Integer.parseInt(ends[0]));
		}
		int low = Integer.parseInt(ends[0]);
		int high = Integer.parseInt(ends[1]);
		if (high < low) {
			throw new ProblemException("port.range.reversed", ports);
		}
		return low + "-" + high;
	}

	/** The lowest port of a canonical port or range. */
	static int low(String ports) {
		return Integer.parseInt(ports.split("-")[0]);
	}

	/** Whether a canonical port or range includes {@code port}. */
	static boolean includes(String ports, int port) {
		if (ports.isEmpty()) {
			return false;
		}
		String[] ends = ports.split("-");
		return low(ports) <= port && port <= Integer.parseInt(ends[ends.length - 1]);
	}

}
