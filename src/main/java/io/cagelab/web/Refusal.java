package io.cagelab.web;

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

	@Override
	public String[] getCodes() {
		return new String[] { this.key };
	}

	@Override
	public Object[] getArguments() {
		return this.arguments.clone();
	}

}
