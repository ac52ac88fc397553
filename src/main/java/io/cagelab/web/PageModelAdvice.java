package io.cagelab.web;

import java.util.Locale;

import io.cagelab.course.Language;
import io.cagelab.sandbox.HostInspector;
import io.cagelab.sandbox.HostReport;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * What every page's layout needs: who is reading, in which language, and whether the host is unsafe.
 */
@ControllerAdvice
class PageModelAdvice {

	private final HostInspector hostInspector;

	PageModelAdvice(HostInspector hostInspector) {
		this.hostInspector = hostInspector;
	}

	@ModelAttribute("lang")
	String language(Locale locale) {
		return Language.of(locale).code();
	}

	@ModelAttribute("currentPath")
	String currentPath(ServerWebExchange exchange) {
		return exchange.getRequest().getPath().pathWithinApplication().value();
	}

	@ModelAttribute("viewer")
	Mono<Viewer> viewer(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(Authentication.class::isInstance)
			.cast(Authentication.class)
			.filter(Authentication::isAuthenticated)
			.map(Viewer::of);
	}

	@ModelAttribute("unsafeHost")
	boolean unsafeHost() {
		HostReport report = this.hostInspector.lastReport();
		return report != null && report.unsafeOverride();
	}

	record Viewer(String username, boolean admin, boolean trainer) {

		static Viewer of(Authentication authentication) {
			boolean admin = hasRole(authentication, "ROLE_ADMIN");
			return new Viewer(authentication.getName(), admin, admin || hasRole(authentication, "ROLE_TRAINER"));
		}

		private static boolean hasRole(Authentication authentication, String role) {
			return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(role::equals);
		}

	}

}
