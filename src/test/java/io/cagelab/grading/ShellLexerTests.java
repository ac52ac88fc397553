package io.cagelab.grading;

import java.util.Map;

import io.cagelab.course.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Word expansion agrees with BuildKit's shell lexer (frontend/dockerfile/shell, its envVarTest cases) on what ENV, ARG,
 * USER, EXPOSE and FROM words become: a substitution BuildKit does not know, an unclosed quote or {@code ${}} is an
 * error, and the special parameters expand (to nothing, as no build sets them).
 */
class ShellLexerTests {

	static final Map<String, String> VARIABLES = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "EMPTY", "");

	@ParameterizedTest(name = "{0} -> [{1}]")
	@CsvSource(delimiter = '|', quoteCharacter = '`', emptyValue = "", textBlock = """
			hello                       | hello
			he'll'o                     | hello
			he'llo                      | ERROR
			he\\'llo                    | he'llo
			'hello\\'                   | hello\\
			"hello"                     | hello
			"hello                      | ERROR
			"hel'lo"                    | hel'lo
			he$1x                       | hex
			he$.x                       | he$.x
			he$pwd.                     | he.
			he$PWD                      | he/home
			he\\$PWD                    | he$PWD
			he${PWD                     | ERROR
			he${PWD}                    | he/home
			he${PWD:=000}xx             | ERROR
			he${PWD:+${PWD}:}xx         | he/home:xx
			he${XXX:-000}xx             | he000xx
			he${PWD:-000}xx             | he/homexx
			he${XXX:-$PWD}xx            | he/homexx
			he${XXX:-${PWD:-yyy}}xx     | he/homexx
			he${XXX:-${YYY:-yyy}}xx     | heyyyxx
			he${XXX:YYY}                | ERROR
			he${XXX?}                   | ERROR
			he${XXX:?}                  | ERROR
			he${PWD?}                   | he/home
			he${EMPTY:?}                | ERROR
			he${EMPTY?}                 | he
			${}                         | ERROR
			$@                          | ``
			$*                          | ``
			$#                          | ``
			a$@b                        | ab
			$KOREAN                     | 한국어
			안녕$KOREAN                 | 안녕한국어
			""")
	void wordsExpandAsBuildKitExpandsThem(String word, String expected) {
		if (expected.equals("ERROR")) {
			assertThrows(ProblemException.class, () -> DockerfileWords.expand(word, VARIABLES::get, '\\'));
		}
		else {
			assertThat(DockerfileWords.expand(word, VARIABLES::get, '\\')).isEqualTo(expected);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`FROM debian:12\nUSER ${UID:=1000}`  | unsupported modifier | modificateur
			`FROM debian:12\nUSER 'app`          | matching single-quote | guillemet simple
			`FROM debian:12\nENV A=${}`          | bad substitution     | aucune variable
			`FROM debian:12\nENV A="x`           | matching double-quote | guillemet double
			""")
	void aDockerfileWordBuildKitCannotReadIsRefusedWithItsReason(String dockerfile, String english, String french) {
		GradingException ex = assertThrows(GradingException.class,
				() -> new DockerfileParser().parse(dockerfile.replace("\\n", "\n")));
		assertThat(ex.line()).isEqualTo(2);
		assertThat(ex.problem(Language.EN)).contains(english);
		assertThat(ex.problem(Language.FR)).contains(french);
	}

}
