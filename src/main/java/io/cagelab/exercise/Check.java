package io.cagelab.exercise;

import java.util.Map;

import io.cagelab.course.Language;

/**
 * One graded check of an exercise.
 *
 * @param id unique within the exercise
 * @param kind {@code rule}: a hardening rule that the submitted artifact must pass; {@code probe}: a command run in
 * the learner's own sandbox, whose exit code and output show what the learner did there
 * @param rule the hardening rule's id ({@code HR-09}), for {@code rule} checks
 * @param command the shell command a {@code probe} runs, as the sandbox's user
 * @param expectExit the exit code a {@code probe} expects, or {@code null} for any
 * @param expectOutput a regular expression the probe's output must contain, or {@code null}
 * @param points what the check is worth
 * @param hints what to look at when it fails, in each language
 */
public record Check(String id, String kind, String rule, String command, Integer expectExit, String expectOutput,
		int points, Map<Language, String> hints) {

	public String hint(Language language) {
		return this.hints.getOrDefault(language, this.hints.get(Language.EN));
	}

}
