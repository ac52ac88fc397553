package io.cagelab.web;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, for a reason the person who made it can act on: a status, and a message key with
 * its arguments that {@link RefusalAdvice} renders in the reader's language.
 */
public class Refusal extends RuntimeException implements MessageSourceResolvable {

	private final HttpStatus status;

	private final String key;

	private final Object[] arguments;

	public Refusal(HttpStatus status, String key, Object... arguments) {
		super(key);
		this.status = status;
		this.key = key;
		this.arguments = arguments.clone();
	}

	public HttpStatus status() {
		return this.status;
	}

	/** What the answer carries besides its message, rendered for this reader (none unless a refusal says more). */
	public Map<String, Object> properties(MessageSource messages, Locale locale) {
		return Map.of();
	}

	@Override
	public String[] getCodes() {
		return new String[] { this.key };
	}

	@Override
	public Object[] getArguments() {
		return this.arguments.clone();
	}

}
