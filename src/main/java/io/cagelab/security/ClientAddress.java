package io.cagelab.security;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request came from, as throttles count it. Forwarded headers are not trusted: any client could pick
 * the address it is counted under.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
