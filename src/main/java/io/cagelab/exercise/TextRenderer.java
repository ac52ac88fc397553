package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.course.Language;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * Tell a text of the grading in the reader's language: messages from the app's one MessageSource, the author's texts
 * from the exercise given, which for a past attempt is the version it was graded against.
 */
@Component
class TextRenderer {

	/** The end of a sentence: a full stop before a word that starts with a capital, a quote or an option. */
	private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s+[\\p{Lu}«\"`(-])");

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

	/** Tell the checks of a grade just made, in the reader's language, showing what this attempt discloses. */
	List<RenderedCheck> checks(List<ExerciseGrader.CheckResult> results, Exercise exercise, Locale locale,
			Disclosure disclosure) {
		Map<String, Exercise> exercises = Map.of(exercise.id(), exercise);
		return results.stream().map((result) -> check(exercise.id(), result, locale, exercises, disclosure)).toList();
	}

	/**
	 * Tell one check: its title, its message (for a rule whose fix the attempt does not disclose yet, only what is
	 * wrong and why), its hints as far as the attempt goes, and a question's right answer once it is disclosed.
	 */
	RenderedCheck check(String exerciseId, ExerciseGrader.CheckResult result, Locale locale,
			Map<String, Exercise> exercises, Disclosure disclosure) {
		Language language = Language.of(locale);
		Optional<Check> check = Optional.ofNullable(exercises.get(exerciseId))
			.flatMap((exercise) -> exercise.check(result.id()));
		String title = check.map((c) -> title(c, language)).orElse(result.rule());
		if (title != null && "rule".equals(result.kind()) && result.cis() != null && !result.cis().isEmpty()) {
			title = title + " · CIS " + result.cis();
		}
		String message = render(result.message(), locale, exercises);
		if (!result.passed() && "rule".equals(result.kind()) && !disclosure.fixes()) {
			message = withoutFix(message) + " " + this.messages.getMessage("feedback.fix-held",
					new Object[] { disclosure.feedback().fixAfter() }, locale);
		}
		String strongerHint = (!result.passed() && disclosure.strongerHints())
				? check.map((c) -> c.strongerHint(language)).orElse(null) : null;
		Check.Quiz quiz = check.filter(Check.Quiz.class::isInstance).map(Check.Quiz.class::cast).orElse(null);
		boolean answered = quiz != null && disclosure.answer(result.passed());
		return new RenderedCheck(result.id(), result.kind(), result.rule(), (result.cis() != null) ? result.cis() : "",
				result.passed(), result.points(), result.earned(), result.line(), message,
				hint(result.hint(), locale, exercises), title, strongerHint,
				answered ? quiz.answer().stream().sorted().toList() : null,
				(answered && !result.passed()) ? quiz.explanation(language) : null);
	}

	/** The reference solution of an artifact exercise, once the attempt discloses it; {@code null} before. */
	String solution(Exercise exercise, Disclosure disclosure, boolean fullMarks) {
		return (exercise.takesArtifact() && disclosure.solution(fullMarks)) ? exercise.solution() : null;
	}

	/** Say what the next attempts will disclose, or {@code null} when nothing more is held back. */
	String coming(Exercise exercise, Disclosure disclosure, boolean fullMarks, Locale locale) {
		if (fullMarks || disclosure.solution(false)) {
			return null;
		}
		List<String> parts = new ArrayList<>();
		parts.add(this.messages.getMessage("feedback.attempt", new Object[] { disclosure.attempt() }, locale));
		int next = disclosure.attempt() + 1;
		if (!disclosure.strongerHints() && exercise.checks().stream().anyMatch((c) -> !c.strongerHints().isEmpty())) {
			parts.add(this.messages.getMessage("feedback.coming.stronger-hints", new Object[] { next }, locale));
		}
		if (!disclosure.fixes()) {
			parts.add(this.messages.getMessage("feedback.coming.fixes",
					new Object[] { exercise.feedback().fixAfter() }, locale));
		}
		boolean quiz = !exercise.takesArtifact() && exercise.checks().stream().anyMatch(Check.Quiz.class::isInstance);
		if ((exercise.takesArtifact() || quiz) && exercise.feedback().solutionAfter() != Exercise.Feedback.NEVER) {
			parts.add(this.messages.getMessage(quiz ? "feedback.coming.answers" : "feedback.coming.solution",
					new Object[] { exercise.feedback().solutionAfter() }, locale));
		}
		return (parts.size() > 1) ? String.join(" ", parts) : null;
	}

	/** A rule message's first sentence, which says what is wrong and why; the fix comes after it. */
	static String withoutFix(String message) {
		Matcher end = SENTENCE_END.matcher(message);
		return end.find() ? message.substring(0, end.start() + 1) : message;
	}

	/** What names a check in the results: the author's title, a question's text, or the rule's id. */
	private static String title(Check check, Language language) {
		if (check instanceof Check.Quiz quiz) {
			return quiz.question(language);
		}
		return (check instanceof Check.Rule rule) ? rule.rule() : check.title(language);
	}

	/** Tell a refusal, whose arguments may be messages themselves. */
	String render(MessageSourceResolvable refusal, Locale locale) {
		return this.messages.getMessage(refusal, locale);
	}

	private static Optional<String> authored(Text.Authored text, Locale locale, Map<String, Exercise> exercises) {
		Language language = Language.of(locale);
		return Optional.ofNullable(exercises.get(text.exerciseId()))
			.flatMap((exercise) -> exercise.check(text.checkId()))
			.map((check) -> switch (text.part()) {
				case HINT -> check.hint(language);
				case EXPLANATION -> (check instanceof Check.Quiz quiz) ? quiz.explanation(language) : null;
				case TITLE -> title(check, language);
				case STRONGER_HINT -> check.strongerHint(language);
			});
	}

}
