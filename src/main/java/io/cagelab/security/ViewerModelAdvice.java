package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Give every page the {@link Viewer} who reads it, for the layout's menus.
 */
@ControllerAdvice
class ViewerModelAdvice {

	private final ViewerResolver viewers;

	ViewerModelAdvice(ViewerResolver viewers) {
		this.viewers = viewers;
	}

	@ModelAttribute("viewer")
	Mono<Viewer> viewer(ServerWebExchange exchange) {
		return this.viewers.resolve(exchange);
	}

}
