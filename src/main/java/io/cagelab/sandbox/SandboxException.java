package io.cagelab.sandbox;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * A sandbox request that cannot be served, with the kind of refusal and a message fit for the learner: English here,
 * and a key and arguments into the app's messages ({@code sandbox.refused.*}) for the learner's own language.
 */
public class SandboxException extends RuntimeException {

	public enum Reason {

		/** No such sandbox, or not one the requester may see. */
		NOT_FOUND,

		/** A cap on live sandboxes was reached. */
		TOO_MANY,

		/** The engine is missing or unfit for sandboxes. */
		UNAVAILABLE,

		/** No such exercise. */
		UNKNOWN_EXERCISE

	}

	private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("messages", Locale.ROOT);

	private final Reason reason;

	private final String key;

	private final Object[] arguments;

	public SandboxException(Reason reason, String key, Object... arguments) {
		super(new MessageFormat(ENGLISH.getString("sandbox.refused." + key), Locale.ENGLISH).format(arguments));
		this.reason = reason;
		this.key = "sandbox.refused." + key;
		this.arguments = arguments.clone();
	}

	public Reason reason() {
		return this.reason;
	}

	/** Return the message's key in the app's messages. */
	public String key() {
		return this.key;
	}

	public Object[] arguments() {
		return this.arguments.clone();
	}

}
