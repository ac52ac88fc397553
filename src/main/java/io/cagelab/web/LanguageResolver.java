package io.cagelab.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.cagelab.course.Language;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * Pick the reader's language: {@code ?lang=} first, then the remembered choice, then the browser's preference.
 */
class LanguageResolver implements LocaleContextResolver {

	static final String PARAMETER = "lang";

	static final String COOKIE = "cagelab-lang";

	@Override
	public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
		return new SimpleLocaleContext(resolve(exchange).locale());
	}

	@Override
	public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
		throw new UnsupportedOperationException("The language is chosen with the '" + PARAMETER + "' parameter");
	}

	static Optional<Language> requested(ServerWebExchange exchange) {
		return Language.fromTag(exchange.getRequest().getQueryParams().getFirst(PARAMETER));
	}

	private static Language resolve(ServerWebExchange exchange) {
		return requested(exchange).or(() -> remembered(exchange)).orElseGet(() -> preferred(exchange));
	}

	private static Optional<Language> remembered(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		return (cookie != null) ? Language.fromTag(cookie.getValue()) : Optional.empty();
	}

	private static Language preferred(ServerWebExchange exchange) {
		List<Locale> accepted = exchange.getRequest().getHeaders().getAcceptLanguageAsLocales();
		return accepted.stream()
			.map((locale) -> Language.fromTag(locale.toLanguageTag()))
			.flatMap(Optional::stream)
			.findFirst()
			.orElse(Language.EN);
	}

}
