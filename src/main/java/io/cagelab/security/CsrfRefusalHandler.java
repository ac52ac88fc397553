package io.cagelab.security;

import java.util.Locale;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answer a request refused for its CSRF token with 403 and why: a problem detail for scripts, the error page for a
 * browser's form. The most common honest cause is a page left open until its session ended.
 */
final class CsrfRefusalHandler implements ServerAccessDeniedHandler {

	/** Why a token was refused; the code goes into the problem detail's {@code refusal} property. */
	enum Refusal {

		/** The session holds no token: it ended, or the request came without the session cookie. */
		NO_SESSION_TOKEN("csrf-no-session-token", "csrf.no-session-token"),

		/** Neither the {@code X-XSRF-TOKEN} header nor the {@code _csrf} field was sent. */
		TOKEN_MISSING("csrf-token-missing", "csrf.token-missing"),

		/** A token was sent, but not the one of this session. */
		TOKEN_MISMATCH("csrf-token-mismatch", "csrf.token-mismatch");

		final String code;

		final String messageKey;

		Refusal(String code, String messageKey) {
			this.code = code;
			this.messageKey = messageKey;
		}

	}

	private final SessionCsrfTokenRepository tokens;

	private final CsrfTokenRequestHandler requestHandler;

	private final MessageSource messages;

	private final RefusalPages pages;

	CsrfRefusalHandler(SessionCsrfTokenRepository tokens, CsrfTokenRequestHandler requestHandler,
			MessageSource messages, RefusalPages pages) {
		this.tokens = tokens;
		this.requestHandler = requestHandler;
		this.messages = messages;
		this.pages = pages;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return refusal(exchange).flatMap((refusal) -> this.pages.answer(exchange, HttpStatus.FORBIDDEN,
				this.messages.getMessage("csrf.title", null, locale),
				this.messages.getMessage(refusal.messageKey, null, locale), Map.of("refusal", refusal.code)));
	}

	private Mono<Refusal> refusal(ServerWebExchange exchange) {
		return this.tokens.loadToken(exchange)
			.flatMap((expected) -> this.requestHandler.sentValue(exchange, expected)
				.map((sent) -> Refusal.TOKEN_MISMATCH)
				.defaultIfEmpty(Refusal.TOKEN_MISSING))
			.defaultIfEmpty(Refusal.NO_SESSION_TOKEN);
	}

}
