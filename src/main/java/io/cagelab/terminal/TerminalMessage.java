package io.cagelab.terminal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A control message on the terminal and watch sockets' text frames; raw terminal bytes travel in binary frames.
 *
 * @param type {@code resize} from the browser; {@code ready}, {@code exited}, {@code reset}, {@code expired},
 * {@code error}, {@code input-dropped}, {@code bad-message} or {@code watched} from the server to a learner's
 * terminal; {@code ready}, {@code following}, {@code no-terminal}, {@code behind}, {@code expired}, {@code error} or
 * {@code bad-message} from the server to a watcher
 * @param cols terminal width, for {@code resize}
 * @param rows terminal height, for {@code resize}
 * @param message a sentence for the reader, with {@code error} and {@code bad-message}
 * @param by who watches, for {@code watched}: their usernames, empty when nobody does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TerminalMessage(String type, Integer cols, Integer rows, String message, List<String> by) {

	static TerminalMessage status(String type) {
		return new TerminalMessage(type, null, null, null, null);
	}

	static TerminalMessage error(String message) {
		return new TerminalMessage("error", null, null, message, null);
	}

	/** A frame from the browser that is no control message it may send: it was ignored, and the socket stays open. */
	static TerminalMessage badMessage(String message) {
		return new TerminalMessage("bad-message", null, null, message, null);
	}

	/** Who watches the learner's terminal now: sent on connecting and whenever it changes. */
	static TerminalMessage watched(List<String> by) {
		return new TerminalMessage("watched", null, null, null, List.copyOf(by));
	}

}
