package io.cagelab.progress;

/**
 * One check's verdict on an attempt, and what it said without its words: a message key and its arguments, told in
 * the reader's language when shown.
 *
 * @param checkId the check's id in the exercise
 * @param kind rule, setting, quiz, probe or runtime
 * @param rule the hardening rule a rule check applies, or {@code null}
 * @param cis the CIS Docker Benchmark control behind it, or {@code null} when none applies
 * @param line the line of the artifact the check points at, 0 for none; {@code null} for attempts graded before lines
 * were kept here
 * @param messageKey the key of its message in the app's messages; {@code null} for attempts graded before messages
 * were kept here, whose words are in their result
 * @param messageArguments the message's arguments as a JSON array, or {@code null} with the key
 */
public record CheckVerdict(String checkId, String kind, String rule, String cis, boolean passed, int points,
		int earned, Integer line, String messageKey, String messageArguments) {

	public CheckVerdict {
		// The grader reports "no control" as an empty string; stored, it is a null like a missing rule.
		rule = blankToNull(rule);
		cis = blankToNull(cis);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
