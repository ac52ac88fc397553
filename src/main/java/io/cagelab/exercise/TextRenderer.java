package io.cagelab.exercise;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.cagelab.course.Language;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * Tell a text of the grading in the reader's language: messages from the app's one MessageSource, the author's texts
 * from the exercise as it is now.
 */
@Component
class TextRenderer {

	private final MessageSource messages;

	TextRenderer(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * Tell a text; one of an author's texts that is no longer in its exercise is said to be gone.
	 *
	 * @param exercises the exercises the author's texts are looked up in, by id
	 */
	String render(Text text, Locale locale, Map<String, Exercise> exercises) {
		if (text instanceof Text.Authored authored) {
			return authored(authored, locale, exercises)
				.orElseGet(() -> this.messages.getMessage(GradingMessage.TEXT_GONE.key(), null, locale));
		}
		Text.Message message = (Text.Message) text;
		Object[] arguments = message.arguments().stream()
			.map((argument) -> (argument instanceof Text nested) ? render(nested, locale, exercises) : argument)
			.toArray();
		return this.messages.getMessage(message.key(), arguments, locale);
	}

	/** Tell a hint, or nothing when there is none or its check is no longer in the exercise. */
	String hint(Text hint, Locale locale, Map<String, Exercise> exercises) {
		if (hint instanceof Text.Authored authored) {
			return authored(authored, locale, exercises).orElse(null);
		}
		return (hint != null) ? render(hint, locale, exercises) : null;
	}

	/** Tell the checks of a grade just made, in the reader's language. */
	List<RenderedCheck> checks(List<ExerciseGrader.CheckResult> results, Exercise exercise, Locale locale) {
		Map<String, Exercise> exercises = Map.of(exercise.id(), exercise);
		return results.stream().map((result) -> check(result, locale, exercises)).toList();
	}

	RenderedCheck check(ExerciseGrader.CheckResult result, Locale locale, Map<String, Exercise> exercises) {
		return new RenderedCheck(result.id(), result.kind(), result.rule(), (result.cis() != null) ? result.cis() : "",
				result.passed(), result.points(), result.earned(), result.line(),
				render(result.message(), locale, exercises), hint(result.hint(), locale, exercises));
	}

	/** Tell a refusal, whose arguments may be messages themselves. */
	String render(MessageSourceResolvable refusal, Locale locale) {
		return this.messages.getMessage(refusal, locale);
	}

	private static Optional<String> authored(Text.Authored text, Locale locale, Map<String, Exercise> exercises) {
		Language language = Language.of(locale);
		return Optional.ofNullable(exercises.get(text.exerciseId()))
			.flatMap((exercise) -> exercise.checks().stream().filter((check) -> check.id().equals(text.checkId()))
				.findFirst())
			.map((check) -> switch (text.part()) {
				case HINT -> check.hint(language);
				case EXPLANATION -> (check.quiz() != null) ? check.quiz().explanation(language) : null;
			});
	}

}
