package io.cagelab.security;

import reactor.core.publisher.Mono;

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
		return CsrfTokenNeed.forForms(exchange);
	}

}
