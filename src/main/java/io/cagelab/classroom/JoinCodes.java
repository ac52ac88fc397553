package io.cagelab.classroom;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Join codes that survive being read aloud or copied from a projector: eight characters without 0/O, 1/I/L or U,
 * shown as two groups of four ({@code K7QM-R2XD}), read back in any case, with or without the dash.
 */
final class JoinCodes {

	private static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

	private static final int LENGTH = 8;

	private final SecureRandom random = new SecureRandom();

	/** Return a fresh code, as stored (without the dash). */
	String next() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** Return a code as typed, the way it is stored: upper case, without spaces or dashes, or null if it cannot be one. */
	static String normalize(String typed) {
		if (typed == null) {
			return null;
		}
		String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		return (code.length() == LENGTH && code.chars().allMatch((c) -> ALPHABET.indexOf(c) >= 0)) ? code : null;
	}

	/** Return a stored code as shown to people. */
	static String display(String code) {
		return (code == null) ? null : code.substring(0, 4) + "-" + code.substring(4);
	}

}
