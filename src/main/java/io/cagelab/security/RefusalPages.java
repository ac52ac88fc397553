package io.cagelab.security;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The app's one way of answering a refused request: a page in the reader's language for a browser, an RFC 9457
 * problem for a script, with the reader's own menu either way.
 */
public interface RefusalPages extends ServerAccessDeniedHandler {

	/**
	 * @param title the refusal's title, {@code null} for the status's own
	 * @param detail what went wrong in the reader's words, {@code null} for the status's own sentence
	 * @param properties what a script also gets in the problem, beside the title and detail
	 */
	Mono<Void> answer(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
			Map<String, Object> properties);

}
