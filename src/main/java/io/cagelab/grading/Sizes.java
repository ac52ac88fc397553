package io.cagelab.grading;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as the Docker CLI reads them: {@code 256m}, {@code 1g}, {@code 512MB}, in powers of 1024.
 */
final class Sizes {

	private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?");

	private Sizes() {
	}

	static long bytes(String text) {
		Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new ProblemException("size.syntax");
		}
		double number = Double.parseDouble(matcher.group(1));
		int power = "kmgtp".indexOf(matcher.group(2).isEmpty() ? ' ' : matcher.group(2).charAt(0)) + 1;
		return (long) (number * Math.pow(1024, power));
	}

}
