package io.cagelab.exercise;

import java.util.Map;

import io.cagelab.course.Language;

/**
 * One graded check of an exercise.
 *
 * @param id unique within the exercise
 * @param kind {@code rule}: a hardening rule that the submitted artifact must pass
 * @param rule the hardening rule's id ({@code HR-09}), for {@code rule} checks
 * @param points what the check is worth
 * @param hints what to look at when it fails, in each language
 */
public record Check(String id, String kind, String rule, int points, Map<Language, String> hints) {

	public String hint(Language language) {
		return this.hints.getOrDefault(language, this.hints.get(Language.EN));
	}

}
