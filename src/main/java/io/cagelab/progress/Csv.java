package io.cagelab.progress;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * CSV as RFC 4180 writes it (CRLF line ends, quotes around a field that holds a separator, a quote or a line end,
 * quotes inside doubled), made safe to open in a spreadsheet: a field that would start a formula is prefixed with a
 * quote, as OWASP advises against CSV injection.
 */
final class Csv {

	/** Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; other readers skip it. */
	static final String BYTE_ORDER_MARK = "\uFEFF";

	private static final String LINE_END = "\r\n";

	private Csv() {
	}

	/** Append one record, each value as {@link #field} writes it. */
	static StringBuilder appendLine(StringBuilder csv, Object... values) {
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				csv.append(',');
			}
			csv.append(field(values[i]));
		}
		return csv.append(LINE_END);
	}

	/** Return a value as a field: null as empty, a time in ISO-8601 UTC to the second, anything else as its text. */
	static String field(Object value) {
		String text = (value == null) ? ""
				: (value instanceof Instant instant) ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS))
						: value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		boolean quoted = text.chars().anyMatch((c) -> c == ',' || c == '"' || c == '\r' || c == '\n');
		return quoted ? '"' + text.replace("\"", "\"\"") + '"' : text;
	}

}
