package io.cagelab.exercise;

import io.cagelab.web.Refusal;

import org.springframework.http.HttpStatus;

/**
 * A submission that cannot be graded, with a message for the learner that says what is wrong with it; its arguments
 * may be texts themselves (what was handed in, why it cannot be read), told in the same language.
 */
public class SubmissionException extends Refusal {

	public enum Reason {

		INVALID(HttpStatus.BAD_REQUEST), TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
		UNREADABLE(HttpStatus.UNPROCESSABLE_CONTENT), NOT_GRADABLE(HttpStatus.CONFLICT),
		UNKNOWN_EXERCISE(HttpStatus.NOT_FOUND);

		private final HttpStatus status;

		Reason(HttpStatus status) {
			this.status = status;
		}

	}

	private final Reason reason;

	SubmissionException(Reason reason, GradingMessage message, Object... arguments) {
		super(reason.status, message.key(), message.with(arguments).getArguments());
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
