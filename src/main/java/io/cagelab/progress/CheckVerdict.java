package io.cagelab.progress;

/**
 * One check's verdict on an attempt, without the words shown to the learner.
 *
 * @param checkId the check's id in the exercise
 * @param kind rule, setting, quiz, probe or runtime
 * @param rule the hardening rule a rule check applies, or {@code null}
 * @param cis the CIS Docker Benchmark control behind it, or {@code null} when none applies
 */
public record CheckVerdict(String checkId, String kind, String rule, String cis, boolean passed, int points,
		int earned) {

	public CheckVerdict {
		// The grader reports "no control" as an empty string; stored, it is a null like a missing rule.
		rule = blankToNull(rule);
		cis = blankToNull(cis);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
