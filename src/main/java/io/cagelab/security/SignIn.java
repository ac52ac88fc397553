package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Sign in an account that was just created, as form login would: a new session id, then the account in it.
 */
@Component
public class SignIn {

	private final AccountUserDetailsService accounts;

	private final ServerSecurityContextRepository contexts = new WebSessionServerSecurityContextRepository();

	SignIn(AccountUserDetailsService accounts) {
		this.accounts = accounts;
	}

	public Mono<Void> signIn(ServerWebExchange exchange, String username) {
		return this.accounts.findByUsername(username)
			.flatMap((user) -> exchange.getSession().flatMap(WebSession::changeSessionId)
				.then(this.contexts.save(exchange, new SecurityContextImpl(
						UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())))));
	}

}
