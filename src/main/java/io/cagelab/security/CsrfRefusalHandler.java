package io.cagelab.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
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

	private final ServerResponse.Context responseContext;

	CsrfRefusalHandler(SessionCsrfTokenRepository tokens, CsrfTokenRequestHandler requestHandler,
			MessageSource messages, ServerCodecConfigurer codecs, List<ViewResolver> viewResolvers) {
		this.tokens = tokens;
		this.requestHandler = requestHandler;
		this.messages = messages;
		this.responseContext = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return codecs.getWriters();
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return viewResolvers;
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return refusal(exchange).flatMap((refusal) -> answer(exchange, refusal))
			.flatMap((response) -> response.writeTo(exchange, this.responseContext));
	}

	private Mono<Refusal> refusal(ServerWebExchange exchange) {
		return this.tokens.loadToken(exchange)
			.flatMap((expected) -> this.requestHandler.sentValue(exchange, expected)
				.map((sent) -> Refusal.TOKEN_MISMATCH)
				.defaultIfEmpty(Refusal.TOKEN_MISSING))
			.defaultIfEmpty(Refusal.NO_SESSION_TOKEN);
	}

	private Mono<ServerResponse> answer(ServerWebExchange exchange, Refusal refusal) {
		Locale locale = exchange.getLocaleContext().getLocale();
		String detail = this.messages.getMessage(refusal.messageKey, null, locale);
		if (wantsPage(exchange)) {
			return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML)
				.render("error", Map.of("status", HttpStatus.FORBIDDEN.value(), "title",
						this.messages.getMessage("csrf.title", null, locale), "detail", detail, "lang",
						locale.getLanguage(), "currentPath", exchange.getRequest().getPath().pathWithinApplication().value()));
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
		problem.setTitle(this.messages.getMessage("csrf.title", null, locale));
		problem.setProperty("refusal", refusal.code);
		return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem);
	}

	/** A browser submitting a form asks for HTML by name; scripts and the page's own requests do not. */
	private static boolean wantsPage(ServerWebExchange exchange) {
		return exchange.getRequest().getHeaders().getAccept().stream()
			.anyMatch((type) -> type.getType().equals("text") && type.getSubtype().equals("html"));
	}

}
