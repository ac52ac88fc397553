package io.cagelab.terminal;

import java.time.Clock;
import java.util.Map;

import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.ViewerResolver;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.server.WebFilter;

@Configuration(proxyBeanMethods = false)
class TerminalConfiguration {

	/** The terminal socket and the watch socket, which share the audiences: what a terminal shows, its watchers see. */
	@Bean
	HandlerMapping terminalHandlerMapping(SandboxService sandboxes, ViewerResolver viewers, TerminalProperties properties,
			TerminalWatchLog watchLog, JsonMapper json, MessageSource messages, Clock clock) {
		TerminalAudiences audiences = new TerminalAudiences(properties);
		return new SimpleUrlHandlerMapping(Map.of(
				TerminalWebSocketHandler.PATH,
				new TerminalWebSocketHandler(sandboxes, viewers, TerminalSlots.terminals(properties), audiences, json,
						messages, clock),
				TerminalWatchHandler.PATH,
				new TerminalWatchHandler(sandboxes, viewers, TerminalSlots.watches(properties), audiences, watchLog, json,
						messages, clock)), -1);
	}

	/**
	 * Refuse a WebSocket upgrade from another site's page: the session cookie would go along with it
	 * (cross-site WebSocket hijacking). Browsers always send {@code Origin} on WebSocket requests.
	 */
	@Bean
	WebFilter webSocketOriginFilter() {
		return (exchange, chain) -> {
			HttpHeaders headers = exchange.getRequest().getHeaders();
			String origin = headers.getOrigin();
			// Every upgrade, whatever its path looks like before decoding, and whatever scheme a proxy terminated.
			if (!"websocket".equalsIgnoreCase(headers.getUpgrade()) || origin == null) {
				return chain.filter(exchange);
			}
			String host = headers.getFirst(HttpHeaders.HOST);
			if (origin.equals("http://" + host) || origin.equals("https://" + host)) {
				return chain.filter(exchange);
			}
			exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
			return exchange.getResponse().setComplete().then(Mono.empty());
		};
	}

}
