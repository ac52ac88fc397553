package io.cagelab.exercise;

/**
 * A submission that cannot be graded, with a message for the learner that says what is wrong with it.
 */
public class SubmissionException extends RuntimeException {

	public enum Reason {

		INVALID, TOO_LARGE, UNREADABLE, NOT_GRADABLE, UNKNOWN_EXERCISE

	}

	private final Reason reason;

	public SubmissionException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
