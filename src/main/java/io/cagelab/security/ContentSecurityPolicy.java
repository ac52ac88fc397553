package io.cagelab.security;

import org.springframework.security.web.server.header.ContentSecurityPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The Content-Security-Policy of every answer that does not set its own (the course's SVG diagrams do): scripts,
 * styles, images and connections from the app only, same-origin WebSockets included (CSP 3 {@code 'self'} covers
 * {@code ws:} and {@code wss:} to the same host), no plugins, no framing, forms posted to the app only.
 */
final class ContentSecurityPolicy {

	static final String PAGES = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/**
	 * A lab, its author's preview or a watch page's terminal needs inline styles: xterm.js's DOM renderer writes its theme and cell sizes
	 * into {@code <style>} elements it creates, and true colours into {@code style} attributes. Scripts stay as strict.
	 */
	static final String LAB_PAGES = PAGES.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

	private ContentSecurityPolicy() {
	}

	static ServerHttpHeadersWriter writer() {
		ServerWebExchangeMatcher labPages = ServerWebExchangeMatchers.pathMatchers("/labs/*", "/authoring/*/preview",
				"/sandboxes/*/watch");
		ServerHttpHeadersWriter pages = policy(PAGES);
		ServerHttpHeadersWriter lab = policy(LAB_PAGES);
		return (exchange) -> labPages.matches(exchange)
			.flatMap((match) -> (match.isMatch() ? lab : pages).writeHttpHeaders(exchange));
	}

	private static ServerHttpHeadersWriter policy(String directives) {
		var writer = new ContentSecurityPolicyServerHttpHeadersWriter();
		writer.setPolicyDirectives(directives);
		return writer;
	}

}
