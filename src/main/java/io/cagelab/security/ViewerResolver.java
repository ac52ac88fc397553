package io.cagelab.security;

import io.cagelab.account.Role;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolve the {@link Viewer} of a request once, for controllers (as a method argument), streams and sockets.
 */
@Component
public class ViewerResolver implements HandlerMethodArgumentResolver {

	private static final String ATTRIBUTE = Viewer.class.getName();

	private final TeachingScopes teachingScopes;

	ViewerResolver(TeachingScopes teachingScopes) {
		this.teachingScopes = teachingScopes;
	}

	/** Return the viewer of a signed-in person; learners need no look-up, trainers one query for their classes. */
	public Mono<Viewer> resolve(Authentication authentication) {
		if (!(authentication.getPrincipal() instanceof AccountUser user)) {
			return Mono.empty();
		}
		Role role = user.role();
		Mono<Viewer.TeachingScope> scope = (role == Role.TRAINER) ? this.teachingScopes.scopeOf(user.accountId())
				: Mono.just(Viewer.TeachingScope.NONE);
		return scope.map((teaching) -> new Viewer(user.accountId(), user.getUsername(), role, teaching));
	}

	/** Return the viewer of an exchange, resolving it on first use; empty when nobody is signed in. */
	public Mono<Viewer> resolve(ServerWebExchange exchange) {
		Mono<Viewer> cached = exchange.getAttribute(ATTRIBUTE);
		if (cached == null) {
			cached = exchange.getPrincipal()
				.filter(Authentication.class::isInstance)
				.cast(Authentication.class)
				.flatMap(this::resolve)
				.cache();
			exchange.getAttributes().put(ATTRIBUTE, cached);
		}
		return cached;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Viewer.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return resolve(exchange).cast(Object.class);
	}

}
