package io.cagelab.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A control message on the terminal socket's text frames; raw terminal bytes travel in binary frames.
 *
 * @param type {@code resize} from the browser; {@code ready}, {@code exited}, {@code reset}, {@code expired},
 * {@code error}, {@code input-dropped} or {@code bad-message} from the server
 * @param cols terminal width, for {@code resize}
 * @param rows terminal height, for {@code resize}
 * @param message a sentence for the learner, with {@code error} and {@code bad-message}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TerminalMessage(String type, Integer cols, Integer rows, String message) {

	static TerminalMessage status(String type) {
		return new TerminalMessage(type, null, null, null);
	}

	static TerminalMessage error(String message) {
		return new TerminalMessage("error", null, null, message);
	}

	/** A text frame from the browser that is no control message: it was ignored, and the socket stays open. */
	static TerminalMessage badMessage(String message) {
		return new TerminalMessage("bad-message", null, null, message);
	}

}
