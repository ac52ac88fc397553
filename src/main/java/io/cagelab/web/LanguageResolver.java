package io.cagelab.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.cagelab.course.Language;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Pick the reader's language: {@code ?lang=} first, then the remembered choice, then the browser's preference.
 */
public class LanguageResolver implements LocaleContextResolver {

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

	/** The language of a WebSocket's reader, from its handshake, as for a page. */
	public static Language of(HandshakeInfo handshake) {
		String requested = UriComponentsBuilder.fromUri(handshake.getUri()).build().getQueryParams().getFirst(PARAMETER);
		return Language.fromTag(requested)
			.or(() -> remembered(handshake.getCookies().getFirst(COOKIE)))
			.orElseGet(() -> preferred(handshake.getHeaders()));
	}

	private static Language resolve(ServerWebExchange exchange) {
		return requested(exchange).or(() -> remembered(exchange.getRequest().getCookies().getFirst(COOKIE)))
			.orElseGet(() -> preferred(exchange.getRequest().getHeaders()));
	}

	private static Optional<Language> remembered(HttpCookie cookie) {
		return (cookie != null) ? Language.fromTag(cookie.getValue()) : Optional.empty();
	}

	private static Language preferred(HttpHeaders headers) {
		List<Locale> accepted = headers.getAcceptLanguageAsLocales();
		return accepted.stream()
			.map((locale) -> Language.fromTag(locale.toLanguageTag()))
			.flatMap(Optional::stream)
			.findFirst()
			.orElse(Language.EN);
	}

}
