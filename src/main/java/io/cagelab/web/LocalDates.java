package io.cagelab.web;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Write a moment as a reader of the page's language writes a date and time, in the server's time zone; pages mark it
 * {@code <time data-local>} so that {@code local-time.js} moves it to the reader's own zone.
 */
@Component("localDates")
public class LocalDates {

	private final Clock clock;

	LocalDates(Clock clock) {
		this.clock = clock;
	}

	/** Format a moment, or return an empty text for none. */
	public String format(Instant when, Locale locale) {
		if (when == null) {
			return "";
		}
		return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
			.withLocale((locale != null) ? locale : Locale.ENGLISH)
			.withZone(this.clock.getZone())
			.format(when);
	}

}
