package io.cagelab.tls;

import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.context.SmartLifecycle;

/**
 * The plain HTTP port once HTTPS is on: every request is sent, method and body kept (308), to the same path on the
 * HTTPS port, so the address a class already has keeps working. Nothing is served over plain HTTP.
 */
class HttpsRedirect implements SmartLifecycle {

	/** A Host header as a browser sends it: a name or an IPv4 address, or a bracketed IPv6 one, and a port. */
	private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

	private final TlsProperties tls;

	private final String address;

	private final int httpPort;

	private volatile DisposableServer server;

	HttpsRedirect(TlsProperties tls, String address, int httpPort) {
		this.tls = tls;
		this.address = address;
		this.httpPort = httpPort;
	}

	/** Where a request for this host and path goes: the same host, the HTTPS port; an odd host header is not echoed. */
	String location(String host, String uri) {
		String name = "localhost";
		if (host != null) {
			var matcher = HOST.matcher(host.strip());
			if (matcher.matches()) {
				name = matcher.group(1);
			}
		}
		String path = (uri != null && uri.startsWith("/") && !uri.startsWith("//")) ? uri : "/";
		return "https://" + name + ((this.tls.port() == 443) ? "" : ":" + this.tls.port()) + path;
	}

	@Override
	public void start() {
		if (!this.tls.enabled()) {
			return;
		}
		HttpServer http = HttpServer.create().port(this.httpPort);
		if (this.address != null && !this.address.isBlank()) {
			http = http.host(this.address);
		}
		this.server = http.handle((request, response) -> response.status(HttpResponseStatus.PERMANENT_REDIRECT)
			.header(HttpHeaderNames.LOCATION, location(request.requestHeaders().get(HttpHeaderNames.HOST), request.uri()))
			.header(HttpHeaderNames.CONTENT_LENGTH, "0")
			.send())
			.bindNow();
	}

	@Override
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow();
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

}
