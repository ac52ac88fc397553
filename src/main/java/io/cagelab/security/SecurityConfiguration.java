package io.cagelab.security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * One filter chain: public course pages, form login, admin-only administration, CSRF everywhere.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, LoginThrottle throttle) {
		var failure = new RedirectServerAuthenticationFailureHandler("/login?error");
		var success = new RedirectServerAuthenticationSuccessHandler("/");
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/", "/login", "/modules", "/modules/**", "/css/**", "/js/**", "/img/**", "/webjars/**",
						"/favicon.ico", "/actuator/health", "/actuator/health/**", "/error", "/join/**", "/api/join")
				.permitAll()
				.pathMatchers("/admin/**", "/api/admin/**", "/actuator/**")
				.hasRole("ADMIN")
				.anyExchange()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.authenticationFailureHandler((exchange, ex) -> {
					throttle.recordFailure(clientAddress(exchange.getExchange()));
					return failure.onAuthenticationFailure(exchange, ex);
				})
				.authenticationSuccessHandler((exchange, authentication) -> {
					throttle.recordSuccess(clientAddress(exchange.getExchange()));
					return success.onAuthenticationSuccess(exchange, authentication);
				}))
			.logout((logout) -> logout.logoutSuccessHandler(logoutSuccessHandler()))
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(entryPoint()))
			.addFilterBefore(loginThrottleFilter(throttle), SecurityWebFiltersOrder.FORM_LOGIN)
			.addFilterAfter(csrfCookieFilter(), SecurityWebFiltersOrder.CSRF)
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** Scripts and the page's own JavaScript get a status code, browsers get the login page. */
	private static DelegatingServerAuthenticationEntryPoint entryPoint() {
		var api = new DelegateEntry(ServerWebExchangeMatchers.pathMatchers("/api/**", "/ws/**"),
				new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED));
		var entryPoint = new DelegatingServerAuthenticationEntryPoint(List.of(api));
		entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/login"));
		return entryPoint;
	}

	private static RedirectServerLogoutSuccessHandler logoutSuccessHandler() {
		var handler = new RedirectServerLogoutSuccessHandler();
		handler.setLogoutSuccessUrl(URI.create("/login?logout"));
		return handler;
	}

	/** Delay a login attempt according to the recent failures from its address. */
	private static WebFilter loginThrottleFilter(LoginThrottle throttle) {
		var loginPost = ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login");
		return (exchange, chain) -> loginPost.matches(exchange).flatMap((match) -> {
			if (!match.isMatch()) {
				return chain.filter(exchange);
			}
			var delay = throttle.delayFor(clientAddress(exchange));
			return delay.isZero() ? chain.filter(exchange) : Mono.delay(delay).then(chain.filter(exchange));
		});
	}

	/** Subscribe to the lazily created CSRF token so the XSRF-TOKEN cookie is set on every response. */
	private static WebFilter csrfCookieFilter() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token != null) ? token.then(chain.filter(exchange)) : chain.filter(exchange);
		};
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
