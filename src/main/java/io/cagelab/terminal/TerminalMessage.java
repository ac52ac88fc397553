package io.cagelab.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A control message on the terminal socket's text frames; raw terminal bytes travel in binary frames.
 *
 * @param type {@code resize} from the browser; {@code ready}, {@code exited}, {@code reset}, {@code expired} or
 * {@code error} from the server
 * @param cols terminal width, for {@code resize}
 * @param rows terminal height, for {@code resize}
 * @param message a sentence for the learner, with {@code error}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TerminalMessage(String type, Integer cols, Integer rows, String message) {

	static TerminalMessage status(String type) {
		return new TerminalMessage(type, null, null, null);
	}

	static TerminalMessage error(String message) {
		return new TerminalMessage("error", null, null, message);
	}

}
