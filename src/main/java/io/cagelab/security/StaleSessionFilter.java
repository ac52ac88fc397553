package io.cagelab.security;

import io.cagelab.account.AccountChanges;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * End a session whose account was disabled, deleted, given another role or a new password after it signed in: the
 * request goes on as anonymous (pages then ask to log in, the API answers 401), and the session is gone.
 */
class StaleSessionFilter implements WebFilter {

	private final AccountChanges changes;

	StaleSessionFilter(AccountChanges changes) {
		this.changes = changes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map((context) -> context.getAuthentication())
			.filter((authentication) -> isStale(authentication))
			.flatMap((stale) -> exchange.getSession().flatMap(WebSession::invalidate).thenReturn(true))
			.defaultIfEmpty(false)
			.flatMap((stale) -> stale
					? chain.filter(exchange.mutate().principal(Mono.empty()).build())
						.contextWrite(ReactiveSecurityContextHolder.clearContext())
					: chain.filter(exchange));
	}

	private boolean isStale(Authentication authentication) {
		return authentication != null && authentication.getPrincipal() instanceof AccountUser user
				&& this.changes.changedSince(user.accountId(), user.signedInAt());
	}

}
