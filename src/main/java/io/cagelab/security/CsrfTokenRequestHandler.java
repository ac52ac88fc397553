package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Give pages the session's token masked afresh on every response, so that no constant secret sits in a page that a
 * proxy may compress (BREACH), and take it back either masked (a page's {@code _csrf} field) or plain (the
 * {@code XSRF-TOKEN} cookie's value, in the {@code X-XSRF-TOKEN} header or the {@code _csrf} field of a script).
 */
final class CsrfTokenRequestHandler implements ServerCsrfTokenRequestHandler {

	private final XorServerCsrfTokenRequestAttributeHandler masked = new XorServerCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(ServerWebExchange exchange, Mono<CsrfToken> csrfToken) {
		this.masked.handle(exchange, csrfToken);
	}

	@Override
	public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken expected) {
		// A masked token is twice the plain one's length, Base64-encoded: the two never have the same length.
		return sentValue(exchange, expected).flatMap((sent) -> (sent.length() == expected.getToken().length())
				? Mono.just(sent) : this.masked.resolveCsrfTokenValue(exchange, expected));
	}

	/** What the request sent as its token, as it is: the {@code _csrf} field, else the {@code X-XSRF-TOKEN} header. */
	Mono<String> sentValue(ServerWebExchange exchange, CsrfToken expected) {
		return ServerCsrfTokenRequestHandler.super.resolveCsrfTokenValue(exchange, expected);
	}

}
