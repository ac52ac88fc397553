package io.cagelab.exercise;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cagelab.course.Language;

/**
 * One graded check of an exercise.
 *
 * @param id unique within the exercise
 * @param kind {@code rule}: a hardening rule that the submitted artifact must pass; {@code probe}: a command run in
 * the learner's own sandbox, whose exit code and output show what the learner did there; {@code runtime}: a command
 * run in a container started from the learner's run line or compose service; {@code setting}: a value of the
 * artifact that no rule speaks of; {@code quiz}: a question
 * @param rule the hardening rule's id ({@code HR-09}), for {@code rule} checks
 * @param service the compose service a {@code rule}, {@code setting} or {@code runtime} check looks at, or
 * {@code null} for all of them (rules) or the first (the others)
 * @param setting what a {@code setting} check reads ({@code environment.POST}, {@code volumes}...)
 * @param command the shell command a {@code probe} or {@code runtime} check runs, as the container's user
 * @param expectExit the exit code the command must end with, or {@code null} for any
 * @param expectOutput a regular expression the command's output, or the setting's value, must contain
 * @param quiz the question, for {@code quiz} checks
 * @param points what the check is worth
 * @param hints what to look at when it fails, in each language
 * @param titles what a {@code probe}, {@code runtime} or {@code setting} check looks at, in each language; empty for
 * the others, which are named by their rule or their question
 * @param strongerHints what to look at when it fails again, closer to the answer; empty when the check has none
 */
public record Check(String id, String kind, String rule, String service, String setting, String command,
		Integer expectExit,
		String expectOutput, Quiz quiz, int points, Map<Language, String> hints, Map<Language, String> titles,
		Map<Language, String> strongerHints) {

	/** Check kinds whose check the author names with a title. */
	static final Set<String> TITLED_KINDS = Set.of("probe", "runtime", "setting");

	public String hint(Language language) {
		return this.hints.getOrDefault(language, this.hints.get(Language.EN));
	}

	/** The author's title of the check, or {@code null} for a check named by its rule or its question. */
	public String title(Language language) {
		return this.titles.isEmpty() ? null : this.titles.getOrDefault(language, this.titles.get(Language.EN));
	}

	/** The stronger hint, or {@code null} when the check has none. */
	public String strongerHint(Language language) {
		return this.strongerHints.isEmpty() ? null
				: this.strongerHints.getOrDefault(language, this.strongerHints.get(Language.EN));
	}

	/**
	 * A single- or multiple-choice question.
	 *
	 * @param answer the indexes of the right choices, from 0
	 * @param explanation why the answer is what it is, shown once answered
	 */
	public record Quiz(Map<Language, String> question, List<Map<Language, String>> choices, boolean multiple,
			Set<Integer> answer, Map<Language, String> explanation) {

		public String question(Language language) {
			return this.question.get(language);
		}

		public List<String> choices(Language language) {
			return this.choices.stream().map((choice) -> choice.get(language)).toList();
		}

		public String explanation(Language language) {
			return this.explanation.get(language);
		}

	}

}
