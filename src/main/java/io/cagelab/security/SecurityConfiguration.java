package io.cagelab.security;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import io.cagelab.account.AccountChanges;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.MessageSource;
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
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * One filter chain: public course pages, form login, admin-only administration, CSRF and a content security policy
 * everywhere. A signed-in person refused a page is answered by the one error handler every page shares.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, LoginThrottle throttle,
			MessageSource messages, ServerProperties server, AccountChanges accountChanges, RefusalPages refusals) {
		var csrfTokens = new SessionCsrfTokenRepository(server.getReactive().getSession().getCookie().getSecure());
		var csrfRequests = new CsrfTokenRequestHandler();
		var csrfRefusals = new CsrfRefusalHandler(csrfTokens, csrfRequests, messages, refusals);
		var failure = new RedirectServerAuthenticationFailureHandler("/login?error");
		var success = new RedirectServerAuthenticationSuccessHandler("/");
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/", "/login", "/modules", "/modules/**", "/css/**", "/js/**", "/img/**", "/vendor/**",
						"/favicon.ico", "/actuator/health", "/actuator/health/**", "/error", "/join/**", "/api/join")
				.permitAll()
				.pathMatchers("/admin/**", "/api/admin/**", "/actuator/**")
				.hasRole("ADMIN")
				.anyExchange()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.authenticationFailureHandler((exchange, ex) -> LoginController.keepTypedUsername(exchange.getExchange())
					.then(failure.onAuthenticationFailure(exchange, ex)))
				.authenticationSuccessHandler((exchange, authentication) -> {
					throttle.succeeded(ClientAddress.of(exchange.getExchange()), authentication.getName());
					// A token known before the login (one an attacker fixed) must not outlive it.
					return csrfTokens.generateToken(exchange.getExchange())
						.flatMap((token) -> csrfTokens.saveToken(exchange.getExchange(), token))
						.then(success.onAuthenticationSuccess(exchange, authentication));
				}))
			.logout((logout) -> logout.logoutSuccessHandler(logoutSuccessHandler()))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(csrfRequests)
				.accessDeniedHandler(csrfRefusals))
			.headers((headers) -> headers.writer(ContentSecurityPolicy.writer()))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(entryPoint()).accessDeniedHandler(refusals))
			.addFilterBefore(loginThrottleFilter(throttle), SecurityWebFiltersOrder.FORM_LOGIN)
			.addFilterAfter(csrfCookieFilter(), SecurityWebFiltersOrder.CSRF)
			.addFilterBefore(new StaleSessionFilter(accountChanges), SecurityWebFiltersOrder.AUTHORIZATION)
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

	/**
	 * Give each login attempt its turn before its password is checked, waiting without holding a thread; an attempt
	 * with no turn in sight goes back to the login page unchecked.
	 */
	private static WebFilter loginThrottleFilter(LoginThrottle throttle) {
		var loginPost = ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login");
		return (exchange, chain) -> loginPost.matches(exchange).flatMap((match) -> {
			if (!match.isMatch()) {
				return chain.filter(exchange);
			}
			return exchange.getFormData().flatMap((form) -> {
				String username = Objects.requireNonNullElse(form.getFirst("username"), "");
				LoginThrottle.Admission admission = throttle.admit(ClientAddress.of(exchange), username);
				if (!admission.admitted()) {
					return throttled(exchange, admission);
				}
				return admission.delay().isZero() ? chain.filter(exchange)
						: Mono.delay(admission.delay()).then(chain.filter(exchange));
			});
		});
	}

	/** Back to the login page, with when an attempt would get a turn again for scripts. */
	private static Mono<Void> throttled(ServerWebExchange exchange, LoginThrottle.Admission admission) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.FOUND);
		response.getHeaders().setLocation(URI.create("/login?throttled"));
		long seconds = Math.max(1, (admission.delay().toMillis() + 999) / 1000);
		response.getHeaders().set("Retry-After", Long.toString(seconds));
		return response.setComplete();
	}

	/**
	 * Resolve the session's token for every answer that needs it, so that each one writes the XSRF-TOKEN cookie (over
	 * any planted one).
	 */
	private static WebFilter csrfCookieFilter() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token == null) ? chain.filter(exchange) : CsrfTokenNeed.isNeeded(exchange)
				.flatMap((needed) -> needed ? token.then(chain.filter(exchange)) : chain.filter(exchange));
		};
	}

}
