package io.cagelab.exercise;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text of the grading, kept without words and told in the reader's language when shown: a message of the app's
 * MessageSource with its arguments, or a text the exercise's author wrote, referred to and never copied.
 */
public sealed interface Text permits Text.Message, Text.Authored {

	/** A message with arguments: each one a text itself, or a value told as it is (a setting, a line number). */
	static Message of(String key, Object... arguments) {
		return new Message(key, Arrays.stream(arguments)
			.map((argument) -> (argument instanceof Text text) ? text : String.valueOf(argument))
			.toList());
	}

	/** The hint of a check, as its exercise has it when the text is shown. */
	static Authored hint(Exercise exercise, Check check) {
		return new Authored(exercise.id(), check.id(), Part.HINT);
	}

	/** Why a quiz's answer is what it is, as its exercise has it when the text is shown. */
	static Authored explanation(Exercise exercise, Check check) {
		return new Authored(exercise.id(), check.id(), Part.EXPLANATION);
	}

	/**
	 * A message of the app's MessageSource.
	 *
	 * @param arguments each a {@link Text} or a {@link String}
	 */
	record Message(String key, List<Object> arguments) implements Text, KeyedMessage {

		public Message {
			arguments = List.copyOf(arguments);
			if (!arguments.stream().allMatch((argument) -> argument instanceof Text || argument instanceof String)) {
				throw new IllegalArgumentException("An argument of " + key + " is neither a text nor a string");
			}
		}

	}

	/** What an author wrote for a check of an exercise, in exercise.yaml, in every language. */
	record Authored(String exerciseId, String checkId, Part part) implements Text {
	}

	enum Part {

		HINT, EXPLANATION, TITLE, STRONGER_HINT;

		String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
