package io.cagelab.web;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.sandbox.SandboxController;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.security.CsrfTokenNeed;
import io.cagelab.security.RefusalPages;
import io.cagelab.security.ViewerResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answer every request that fails, whoever refused it (a controller, a missing page, the filter chain), in the
 * reader's language with its status kept: a page with the site's layout and a way back for a browser, an RFC 9457
 * problem for the API and every other client.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorPages implements RefusalPages {

	private static final Logger logger = LoggerFactory.getLogger(ErrorPages.class);

	private final MessageSource messages;

	private final ViewerResolver viewers;

	private final PageModelAdvice layout;

	private final ServerResponse.Context responseContext;

	ErrorPages(MessageSource messages, ViewerResolver viewers, PageModelAdvice layout,
			ServerCodecConfigurer codecs, ObjectProvider<ViewResolver> viewResolvers) {
		this.messages = messages;
		this.viewers = viewers;
		this.layout = layout;
		this.responseContext = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return codecs.getWriters();
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return viewResolvers.orderedStream().toList();
			}

		};
	}

	@ExceptionHandler(Refusal.class)
	Mono<Void> refused(Refusal refusal, ServerWebExchange exchange) {
		Locale locale = locale(exchange);
		return answer(exchange, refusal.status(), null, this.messages.getMessage(refusal, locale),
				refusal.properties(this.messages, locale));
	}

	/** A sandbox refused outside the sandbox API, which answers its own (a page that stops or opens one). */
	@ExceptionHandler(SandboxException.class)
	Mono<Void> sandboxRefused(SandboxException ex, ServerWebExchange exchange) {
		return answer(exchange, SandboxController.status(ex), this.messages.getMessage(ex.key(), ex.arguments(), locale(exchange)));
	}

	/** A status Spring or a controller chose (no such page, a malformed request, a method not allowed). */
	@ExceptionHandler({ ResponseStatusException.class, ErrorResponseException.class })
	Mono<Void> failed(Exception failure, ServerWebExchange exchange) {
		return answer(exchange, ((ErrorResponse) failure).getStatusCode(), null);
	}

	@ExceptionHandler(Exception.class)
	Mono<Void> broke(Exception ex, ServerWebExchange exchange) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		logger.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return answer(exchange, HttpStatus.INTERNAL_SERVER_ERROR, null);
	}

	/** Spring Security's refusal of a signed-in person who lacks the role a page needs. */
	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return answer(exchange, HttpStatus.FORBIDDEN, null);
	}

	Mono<Void> answer(ServerWebExchange exchange, HttpStatusCode status, String detail) {
		return answer(exchange, status, null, detail, Map.of());
	}

	/**
	 * Write the answer: what went wrong in the reader's words (the status's own title and sentence unless the caller
	 * says more), as a page or as a problem.
	 */
	@Override
	public Mono<Void> answer(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
			Map<String, Object> properties) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.empty();
		}
		Locale locale = locale(exchange);
		String titled = (title != null) ? title
				: text("error.status." + status.value() + ".title", "error.status.title", locale);
		String said = (detail != null) ? detail
				: text("error.status." + status.value() + ".detail", "error.status.detail", locale);
		Mono<ServerResponse> response = wantsPage(exchange) ? page(exchange, status, titled, said, locale)
				: Mono.defer(() -> {
					ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, said);
					problem.setTitle(titled);
					problem.setInstance(URI.create(exchange.getRequest().getURI().getRawPath()));
					properties.forEach(problem::setProperty);
					return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.bodyValue(problem);
				});
		return response.flatMap((answer) -> answer.writeTo(exchange, this.responseContext));
	}

	private Mono<ServerResponse> page(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
			Locale locale) {
		Map<String, Object> model = new HashMap<>();
		model.put("status", status.value());
		model.put("title", title);
		model.put("detail", detail);
		// What every page's layout needs, as PageModelAdvice and CsrfTokenAdvice give it to the controllers' pages.
		model.put("lang", this.layout.language(locale));
		model.put("currentPath", this.layout.currentPath(exchange));
		model.put("unsafeHost", this.layout.unsafeHost());
		return CsrfTokenNeed.forForms(exchange).then(this.viewers.resolve(exchange))
			.doOnNext((viewer) -> model.put("viewer", viewer))
			.then(Mono.defer(() -> ServerResponse.status(status).contentType(MediaType.TEXT_HTML).render("error", model)));
	}

	private String text(String key, String fallbackKey, Locale locale) {
		return this.messages.getMessage(key, null, this.messages.getMessage(fallbackKey, null, locale), locale);
	}

	private static Locale locale(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return (locale != null) ? locale : Locale.ENGLISH;
	}

	/**
	 * A browser's page asks for HTML by name; the API, the page's own scripts, event streams and sockets do not, and
	 * whatever is under {@code /api/} is answered as a problem whoever asks.
	 */
	private static boolean wantsPage(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.startsWith("/api/") || path.startsWith("/ws/")) {
			return false;
		}
		return exchange.getRequest().getHeaders().getAccept().stream()
			.anyMatch((type) -> type.getType().equals("text") && type.getSubtype().equals("html"));
	}

}
