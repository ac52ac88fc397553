package io.cagelab.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.WebSessionServerCsrfTokenRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keep each session's CSRF token in the session, the only copy the server ever compares with, and hand a copy to the
 * page's JavaScript and to scripts in the {@code XSRF-TOKEN} cookie. The cookie a browser sends back is never read: a
 * cookie planted by anyone who can set one for this host is worth nothing.
 */
final class SessionCsrfTokenRepository implements ServerCsrfTokenRepository {

	static final String COOKIE_NAME = "XSRF-TOKEN";

	static final String HEADER_NAME = "X-XSRF-TOKEN";

	private final WebSessionServerCsrfTokenRepository session = new WebSessionServerCsrfTokenRepository();

	private final @Nullable Boolean secure;

	/**
	 * @param secure whether the cookie is {@code Secure}, as configured for the session cookie
	 * ({@code server.reactive.session.cookie.secure}); unset, it is when the request came over HTTPS, as the session
	 * cookie's is: a token sent over plain HTTP while the session cookie is not would be a token for forging requests
	 */
	SessionCsrfTokenRepository(@Nullable Boolean secure) {
		this.secure = secure;
		this.session.setHeaderName(HEADER_NAME);
	}

	@Override
	public Mono<CsrfToken> generateToken(ServerWebExchange exchange) {
		return this.session.generateToken(exchange);
	}

	@Override
	public Mono<Void> saveToken(ServerWebExchange exchange, @Nullable CsrfToken token) {
		return this.session.saveToken(exchange, token).then(Mono.fromRunnable(() -> writeCookie(exchange, token)));
	}

	@Override
	public Mono<CsrfToken> loadToken(ServerWebExchange exchange) {
		// Every response that uses the token says it again, so that a planted cookie is overwritten at once.
		return this.session.loadToken(exchange).doOnNext((token) -> writeCookie(exchange, token));
	}

	/** The last word of a response wins: a token saved after one was loaded (login, logout) replaces it. */
	private void writeCookie(ServerWebExchange exchange, @Nullable CsrfToken token) {
		ResponseCookie cookie = ResponseCookie.from(COOKIE_NAME, (token != null) ? token.getToken() : "")
			.path(exchange.getRequest().getPath().contextPath().value() + "/")
			.httpOnly(false)
			.secure((this.secure != null) ? this.secure : "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme()))
			.sameSite("Lax")
			.maxAge((token != null) ? -1 : 0)
			.build();
		exchange.getResponse().getCookies().set(COOKIE_NAME, cookie);
	}

}
