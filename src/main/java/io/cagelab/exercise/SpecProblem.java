package io.cagelab.exercise;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * One thing wrong with an exercise spec, told in the reader's language when shown: where it is, as a path into the
 * spec ({@code checks[2].expect}, list items numbered from 0; empty for the whole spec) and, when the spec was text,
 * its line and column from 1 (0 when unknown), and what is wrong, as a message key of the app's MessageSource with its
 * arguments.
 */
public record SpecProblem(String path, int line, int column, String key, List<Object> arguments)
		implements KeyedMessage {

	private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("messages", Locale.ROOT);

	public SpecProblem {
		arguments = List.copyOf(arguments);
	}

	/** The problem in English, for logs and exceptions; pages and the API render it in the reader's language. */
	public String english() {
		return new MessageFormat(ENGLISH.getString(this.key), Locale.ENGLISH).format(getArguments());
	}

	/** {@code line:column: path: message} in English, as a compiler says it (the place left out when unknown). */
	public String located() {
		String place = (this.line > 0) ? this.line + ":" + this.column + ": " : "";
		return place + (this.path.isEmpty() ? "" : this.path + ": ") + english();
	}

}
