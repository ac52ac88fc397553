package io.cagelab.web;

import java.util.Locale;

import io.cagelab.course.Language;
import io.cagelab.sandbox.HostInspector;
import io.cagelab.sandbox.HostReport;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * What every page's layout needs: in which language, and whether the host is unsafe (who reads: {@code ViewerModelAdvice}).
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

	@ModelAttribute("unsafeHost")
	boolean unsafeHost() {
		HostReport report = this.hostInspector.lastReport();
		return report != null && report.unsafeOverride();
	}

}
