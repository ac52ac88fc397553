package io.cagelab.grading;

/**
 * What one rule says of one container, in one language.
 *
 * @param line the line of the setting at fault (or of the container, for a missing setting)
 * @param message what is wrong, why it matters and the exact fix; or, when it passes, what is right
 * @param key the key of {@code message} in {@code grading/rules}, to tell the same verdict in another language
 * @param cis the CIS controls the verdict is about, comma-separated: for a failure, only those that fail
 */
public record RuleVerdict(String rule, String cis, String references, Severity severity, boolean passed, int line,
		String message, String key) {

	/** The CIS controls of the verdict, as a list. */
	public java.util.List<String> controls() {
		return HardeningRule.controls(this.cis);
	}

}
