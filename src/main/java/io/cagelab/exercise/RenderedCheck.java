package io.cagelab.exercise;

import java.util.List;

/**
 * One check of an attempt as a reader sees it, in the reader's language: the shape the lab page reads.
 *
 * @param kind rule, setting, quiz, probe or runtime
 * @param rule the hardening rule of a rule check, or {@code null}
 * @param cis the CIS Docker Benchmark control behind it, empty when none applies
 * @param line the line of the artifact it points at, 0 for none
 * @param hint what to look at, only when it failed and the exercise has one
 * @param title what names the check: the author's title, the question, or the rule and its CIS control; {@code null}
 * for attempts shown as they were graded
 * @param strongerHint closer to the answer, only when it failed on a second or later attempt
 * @param answer a question's right choices, from 0, only once it is answered right or the attempts are used up
 * @param explanation why a question's answer is what it is, when the answer is shown to a learner who missed it
 */
public record RenderedCheck(String id, String kind, String rule, String cis, boolean passed, int points, int earned,
		int line, String message, String hint, String title, String strongerHint, List<Integer> answer,
		String explanation) {

	/** A check as an attempt kept it when it was graded, in the learner's language then: no more than this. */
	public RenderedCheck(String id, String kind, String rule, String cis, boolean passed, int points, int earned,
			int line, String message, String hint) {
		this(id, kind, rule, cis, passed, points, earned, line, message, hint, null, null, null, null);
	}

}
