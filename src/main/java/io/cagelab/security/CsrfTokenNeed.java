package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Tell whether an answer carries the session's CSRF token. A token lives in a session, and a session costs memory:
 * so only a visitor who already has one (signed in, or on their way) gets a token, and an anonymous one only on the
 * pages whose forms they post (log in, join a class). A crawler of the course leaves no sessions behind.
 */
public final class CsrfTokenNeed {

	private static final ServerWebExchangeMatcher ANONYMOUS_FORMS = ServerWebExchangeMatchers.pathMatchers("/login",
			"/join/**");

	private CsrfTokenNeed() {
	}

	/**
	 * Resolve the CSRF token where {@code th:action} forms find it, when the answer carries one: what every page,
	 * error pages included, does before it renders.
	 */
	public static Mono<CsrfToken> forForms(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		if (token == null) {
			return Mono.empty();
		}
		return isNeeded(exchange).flatMap((needed) -> needed ? token : Mono.empty())
			.doOnNext((resolved) -> exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME,
					resolved));
	}

	static Mono<Boolean> isNeeded(ServerWebExchange exchange) {
		return ANONYMOUS_FORMS.matches(exchange)
			.flatMap((match) -> match.isMatch() ? Mono.just(true) : exchange.getSession().map(WebSession::isStarted));
	}

}
