package io.cagelab.web;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.i18n.LocaleContextResolver;

@Configuration(proxyBeanMethods = false)
class LanguageConfiguration {

	@Bean(WebHttpHandlerBuilder.LOCALE_CONTEXT_RESOLVER_BEAN_NAME)
	LocaleContextResolver localeContextResolver() {
		return new LanguageResolver();
	}

	/** Remember a language chosen with {@code ?lang=} for the pages that follow. */
	@Bean
	WebFilter languageCookieFilter() {
		return (exchange, chain) -> {
			LanguageResolver.requested(exchange)
				.ifPresent((language) -> exchange.getResponse()
					.addCookie(ResponseCookie.from(LanguageResolver.COOKIE, language.code())
						.path("/")
						.maxAge(Duration.ofDays(365))
						.sameSite("Lax")
						.build()));
			return chain.filter(exchange);
		};
	}

}
