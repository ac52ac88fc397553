package io.cagelab.course;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages the course is written in.
 */
public enum Language {

	EN, FR;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public Locale locale() {
		return Locale.forLanguageTag(code());
	}

	/** Return the language named by a code such as {@code fr} or {@code en-GB}, if the course has it. */
	public static Optional<Language> fromTag(String tag) {
		if (tag == null || tag.isBlank()) {
			return Optional.empty();
		}
		String primary = Locale.forLanguageTag(tag.trim()).getLanguage();
		for (Language language : values()) {
			if (language.code().equals(primary)) {
				return Optional.of(language);
			}
		}
		return Optional.empty();
	}

	public static Language of(Locale locale) {
		return (locale != null) ? fromTag(locale.toLanguageTag()).orElse(EN) : EN;
	}

}
