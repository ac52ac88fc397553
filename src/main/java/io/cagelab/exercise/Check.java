package io.cagelab.exercise;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cagelab.course.Language;

/**
 * One graded check of an exercise: each kind a record of its own with exactly the fields it has.
 */
public sealed interface Check permits Check.Rule, Check.Quiz, Check.Titled {

	/** Unique within the exercise. */
	String id();

	Kind kind();

	/** What the check is worth, above 0. */
	int points();

	/** What to look at when it fails, in each language. */
	Map<Language, String> hints();

	/** What to look at when it fails again, closer to the answer; empty when the check has none. */
	Map<Language, String> strongerHints();

	default String hint(Language language) {
		return hints().getOrDefault(language, hints().get(Language.EN));
	}

	/** The stronger hint, or {@code null} when the check has none. */
	default String strongerHint(Language language) {
		return strongerHints().isEmpty() ? null
				: strongerHints().getOrDefault(language, strongerHints().get(Language.EN));
	}

	/** The author's title of the check, or {@code null} for a check named by its rule or its question. */
	default String title(Language language) {
		return null;
	}

	/** The kinds of check, as {@code kind:} names them in exercise.yaml. */
	enum Kind {

		RULE, SETTING, QUIZ, PROBE, RUNTIME;

		public static final List<String> CODES = Arrays.stream(values()).map(Kind::code).toList();

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** Whether the author names checks of this kind with a title (the others are named by a rule or a question). */
		public boolean titled() {
			return this == SETTING || this == PROBE || this == RUNTIME;
		}

		public static Optional<Kind> of(String code) {
			return Arrays.stream(values()).filter((kind) -> kind.code().equals(code)).findFirst();
		}

	}

	/** A check whose author wrote a title in each language. */
	sealed interface Titled extends Check permits Setting, Probe, Runtime {

		Map<Language, String> titles();

		@Override
		default String title(Language language) {
			return titles().getOrDefault(language, titles().get(Language.EN));
		}

	}

	/**
	 * What a command's result or a setting's value must show.
	 *
	 * @param exit the exit code the command must end with, or {@code null} for any
	 * @param output a regular expression the output (or the setting's value) must contain, or {@code null} for any
	 */
	record Expect(Integer exit, String output) {
	}

	/**
	 * A hardening rule that the submitted artifact must pass.
	 *
	 * @param rule the rule's id ({@code HR-09})
	 * @param service the compose service it looks at, or {@code null} for all of them
	 * @param allowedCapabilities for HR-04, the capabilities this exercise lets a container add back (a subset of
	 * the harmless ones), or {@code null} for the rule's own (NET_BIND_SERVICE)
	 */
	record Rule(String id, String rule, String service, List<String> allowedCapabilities, int points,
			Map<Language, String> hints, Map<Language, String> strongerHints) implements Check {

		@Override
		public Kind kind() {
			return Kind.RULE;
		}

	}

	/**
	 * A value of the artifact that no rule speaks of.
	 *
	 * @param service the compose service it reads, or {@code null} for the first one
	 * @param setting what it reads ({@code environment.POST}, {@code volumes}...)
	 * @param expect an output pattern only
	 */
	record Setting(String id, Map<Language, String> titles, String service, String setting, Expect expect, int points,
			Map<Language, String> hints, Map<Language, String> strongerHints) implements Titled {

		@Override
		public Kind kind() {
			return Kind.SETTING;
		}

	}

	/**
	 * A command run in the learner's own sandbox, whose exit code and output show what the learner did there.
	 *
	 * @param command the shell command, run as the sandbox's user
	 */
	record Probe(String id, Map<Language, String> titles, String command, Expect expect, int points,
			Map<Language, String> hints, Map<Language, String> strongerHints) implements Titled {

		@Override
		public Kind kind() {
			return Kind.PROBE;
		}

	}

	/**
	 * A command run in a container started from the learner's run line or compose service.
	 *
	 * @param service the compose service it starts, or {@code null} for the first one
	 * @param command the shell command, run as the container's user
	 */
	record Runtime(String id, Map<Language, String> titles, String service, String command, Expect expect, int points,
			Map<Language, String> hints, Map<Language, String> strongerHints) implements Titled {

		@Override
		public Kind kind() {
			return Kind.RUNTIME;
		}

	}

	/**
	 * A single- or multiple-choice question.
	 *
	 * @param answer the indexes of the right choices, from 0
	 * @param explanation why the answer is what it is, shown once answered
	 */
	record Quiz(String id, Map<Language, String> question, List<Map<Language, String>> choices, boolean multiple,
			Set<Integer> answer, Map<Language, String> explanation, int points, Map<Language, String> hints,
			Map<Language, String> strongerHints) implements Check {

		@Override
		public Kind kind() {
			return Kind.QUIZ;
		}

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
