package io.cagelab.grading;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;

import io.cagelab.course.Language;

/**
 * What is wrong with a submission: the key of its text in {@code grading/problems} and the values the text names.
 * A value may be a problem itself (the reason a value cannot be read), told in the same language.
 */
public record Problem(String key, List<Object> arguments) {

	static final String BUNDLE = "grading/problems";

	/** English is the base bundle: never fall back to the machine's own language instead. */
	private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control
		.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

	static Problem of(String key, Object... arguments) {
		// Arrays.asList rather than List.of: a value taken from the learner's file may be null.
		return new Problem(key, Arrays.asList(arguments));
	}

	/** The problem of an exception thrown while a value was read; text from elsewhere is kept as it is. */
	static Problem of(RuntimeException ex) {
		return (ex instanceof ProblemException problem) ? problem.problem()
				: of("value.unreadable", String.valueOf(ex.getMessage()));
	}

	String text(Language language) {
		ResourceBundle texts = ResourceBundle.getBundle(BUNDLE, language.locale(), NO_FALLBACK);
		// Values as text: MessageFormat would otherwise write 10000 as 10,000 (or 10 000 in French).
		Object[] values = this.arguments.stream()
			.map((value) -> (value instanceof Problem nested) ? nested.text(language) : String.valueOf(value))
			.toArray();
		return new MessageFormat(texts.getString(this.key), language.locale()).format(values);
	}

}
