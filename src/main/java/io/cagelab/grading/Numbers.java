package io.cagelab.grading;

/**
 * Numbers as settings write them, refused with a problem the learner can read rather than the JDK's own words.
 */
final class Numbers {

	private Numbers() {
	}

	static long whole(String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new ProblemException("number.whole", text);
		}
	}

	static double decimal(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			throw new ProblemException("number.decimal", text);
		}
	}

}
