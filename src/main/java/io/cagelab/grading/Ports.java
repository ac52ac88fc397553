package io.cagelab.grading;

import io.cagelab.grading.ContainerModel.Port;

/**
 * Published ports as {@code -p} writes them: {@code [ip:][hostPort:]containerPort[/protocol]}, each port alone or
 * as a range. Ports are kept as the engine reads them: {@code 022} is 22, and a range goes from low to high.
 */
final class Ports {

	private Ports() {
	}

	static Port parse(String value) {
		String rest = value;
		String hostIp = "";
		if (rest.startsWith("[")) {
			int close = rest.indexOf(']');
			if (close < 0) {
				throw new ProblemException("port.ipv6.brackets");
			}
			hostIp = rest.substring(1, close);
			rest = rest.substring(close + 1);
			rest = rest.startsWith(":") ? rest.substring(1) : rest;
		}
		String[] parts = rest.split(":", -1);
		String container = withoutProtocol(parts[parts.length - 1]);
		String host = (parts.length >= 2) ? parts[parts.length - 2] : "";
		if (parts.length == 3 && hostIp.isEmpty()) {
			hostIp = parts[0];
		}
		if (parts.length > 3 || container.isEmpty() || !container.matches("\\d+(-\\d+)?")
				|| !host.isEmpty() && !host.matches("\\d+(-\\d+)?")) {
			throw new ProblemException("port.syntax");
		}
		return new Port(hostIp, canonical(host), canonical(container));
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
		if (ports.isEmpty()) {
			return "";
		}
		if (!ports.matches("\\d{1,10}(-\\d{1,10})?")) {
			throw new ProblemException("port.notNumber", ports);
		}
		String[] ends = ports.split("-");
		for (String port : ends) {
			long number = Long.parseLong(port);
			if (number < 1 || number > 65535) {
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
