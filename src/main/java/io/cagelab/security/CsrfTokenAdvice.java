package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolve the CSRF token before a page renders, so that every {@code th:action} form carries it.
 */
@ControllerAdvice
class CsrfTokenAdvice {

	@ModelAttribute
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		if (token == null) {
			return Mono.empty();
		}
		return CsrfTokenNeed.isNeeded(exchange).flatMap((needed) -> needed ? token : Mono.empty())
			.doOnNext((resolved) -> exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME,
					resolved));
	}

}
