package io.cagelab.grading;

import io.cagelab.grading.ContainerModel.Port;

/**
 * Published ports as {@code -p} writes them: {@code [ip:][hostPort:]containerPort[/protocol]}.
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
				throw new IllegalArgumentException("an IPv6 address is written in brackets, such as [::1]:8080:80");
			}
			hostIp = rest.substring(1, close);
			rest = rest.substring(close + 1);
			rest = rest.startsWith(":") ? rest.substring(1) : rest;
		}
		String[] parts = rest.split(":", -1);
		String container = parts[parts.length - 1].replaceFirst("/(tcp|udp|sctp)$", "");
		String host = (parts.length >= 2) ? parts[parts.length - 2] : "";
		if (parts.length == 3 && hostIp.isEmpty()) {
			hostIp = parts[0];
		}
		if (parts.length > 3 || container.isEmpty() || !container.matches("\\d+(-\\d+)?")
				|| !host.isEmpty() && !host.matches("\\d+(-\\d+)?")) {
			throw new IllegalArgumentException("write it as [ip:][hostPort:]containerPort, such as 127.0.0.1:8080:80");
		}
		checkRange(container);
		checkRange(host);
		return new Port(hostIp, host, container);
	}

	/** Ports are 1 to 65535, alone or as a range. */
	static void checkRange(String ports) {
		if (ports.isEmpty()) {
			return;
		}
		if (!ports.matches("\\d{1,5}(-\\d{1,5})?")) {
			throw new IllegalArgumentException("'" + ports + "' is not a port number or range");
		}
		for (String port : ports.split("-")) {
			int number = Integer.parseInt(port);
			if (number < 1 || number > 65535) {
				throw new IllegalArgumentException("port " + port + " is outside 1 to 65535");
			}
		}
	}

}
