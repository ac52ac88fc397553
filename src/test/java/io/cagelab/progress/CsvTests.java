package io.cagelab.progress;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields as RFC 4180 quotes them, with what a spreadsheet would run as a formula neutralised first.
 */
class CsvTests {

	static Stream<Arguments> fields() {
		return Stream.of(
				Arguments.of("plain", "plain"),
				Arguments.of("=1+1", "'=1+1"),
				Arguments.of("+x", "'+x"),
				Arguments.of("-x", "'-x"),
				Arguments.of("@x", "'@x"),
				Arguments.of("\tx", "'\tx"),
				Arguments.of("\rx", "\"'\rx\""),
				Arguments.of("a,b", "\"a,b\""),
				Arguments.of("a\"b", "\"a\"\"b\""),
				Arguments.of("a\nb", "\"a\nb\""),
				Arguments.of("a\r\nb", "\"a\r\nb\""),
				Arguments.of("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
				Arguments.of("a=b", "a=b"),
				Arguments.of("é", "é"),
				Arguments.of("", ""));
	}

	@ParameterizedTest
	@MethodSource
	void fields(String value, String written) {
		assertThat(Csv.field(value)).isEqualTo(written);
	}

	@Test
	void nullIsEmptyTimesAreUtcToTheSecondAndNumbersAndBooleansAsTheyAre() {
		assertThat(Csv.field(null)).isEmpty();
		assertThat(Csv.field(Instant.parse("2026-11-29T10:15:30.123456Z"))).isEqualTo("2026-11-29T10:15:30Z");
		assertThat(Csv.field(7)).isEqualTo("7");
		assertThat(Csv.field(true)).isEqualTo("true");
	}

	@Test
	void aLineEndsInCrLfWithItsFieldsSeparatedByCommas() {
		assertThat(Csv.appendLine(new StringBuilder(), "ann", "a,b", null, 3).toString()).isEqualTo("ann,\"a,b\",,3\r\n");
	}

}
