package io.cagelab.sandbox;

/**
 * A sandbox request that cannot be served, with a message fit for the learner and the kind of refusal.
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

	private final Reason reason;

	public SandboxException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
