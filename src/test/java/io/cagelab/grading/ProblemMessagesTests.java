package io.cagelab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMessagesTests {

	/** A problem's key as the parsers write it: a string literal such as "run.option.unknown". */
	private static final Pattern KEY = Pattern.compile(
			"\"((?:shell|run|mount|port|size|number|value|dockerfile|compose|file|memory|cpus|capability|securityOpt|namespace|network|name|ulimit|restart|duration|image|env)\\.[A-Za-z0-9.]+)\"");

	/** Texts that only pass on words from elsewhere, the same in every language. */
	private static final Set<String> PASSED_ON = Set.of("value.unreadable");

	private static final Path SOURCES = Path.of("src/main/java/io/cagelab/grading");

	@Test
	void everyKeyThatTheParsersUseIsInBothBundlesAndNoOtherIs() throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Files.list(SOURCES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				Matcher key = KEY.matcher(Files.readString(file));
				while (key.find()) {
					used.add(key.group(1));
				}
			}
		}
		assertThat(used).hasSizeGreaterThan(50);
		assertThat(keys(load("grading/problems.properties"))).isEqualTo(used);
		assertThat(keys(load("grading/problems_fr.properties"))).isEqualTo(used);
	}

	@Test
	void everyFrenchTextIsWrittenInFrench() throws IOException {
		Properties english = load("grading/problems.properties");
		Properties french = load("grading/problems_fr.properties");
		for (String key : english.stringPropertyNames()) {
			if (!PASSED_ON.contains(key)) {
				assertThat(french.getProperty(key)).as(key).isNotEqualTo(english.getProperty(key));
			}
		}
	}

	@Test
	void everyApostropheIsDoubledAndEveryTextFormats() throws IOException {
		Object[] values = { "A", "B", "C" };
		for (String bundle : new String[] { "grading/problems.properties", "grading/problems_fr.properties" }) {
			Properties texts = load(bundle);
			for (String key : texts.stringPropertyNames()) {
				String pattern = texts.getProperty(key);
				// A lone apostrophe starts a quoted part in MessageFormat, and the rest of the text would lose its values.
				assertThat(pattern.replace("''", "").replaceAll("'[{}]+'", "")).as(bundle + " " + key)
					.doesNotContain("'");
				String text = new MessageFormat(pattern, Locale.ROOT).format(values);
				assertThat(text).as(bundle + " " + key).doesNotContainPattern("\\{\\d}").doesNotContain("''");
			}
		}
	}

	@Test
	void frenchPunctuationHasItsSpace() throws IOException {
		Properties english = load("grading/problems.properties");
		Properties french = load("grading/problems_fr.properties");
		Pattern glued = Pattern.compile("([^\\s\u00a0\u202f]+)([:;?!])(?=\\s|$)");
		for (String key : french.stringPropertyNames()) {
			Matcher match = glued.matcher(french.getProperty(key));
			while (match.find()) {
				// A colon glued to a word is a compose key (services:, nproc: 512), written as in English.
				assertThat(match.group(2).equals(":") && english.getProperty(key).contains(match.group()))
					.as(key + ": " + match.group()).isTrue();
			}
			assertThat(french.getProperty(key)).as(key).doesNotContain("\"");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			run.option.needsValue     | --user | the option --user needs a value     | l'option --user attend une valeur
			mount.target.missing      |        | a mount needs a target, such as target=/data | un montage a besoin d'une cible, par exemple target=/data
			port.notNumber            | http   | 'http' is not a port number or range | «\u202fhttp\u202f» n'est ni un numéro de port ni une plage de ports
			file.binary               |        | this is a binary file, not text      | c'est un fichier binaire, pas du texte
			""")
	void apostrophesSurviveInBothLanguages(String key, String value, String english, String french) {
		GradingException ex = (value != null) ? new GradingException(1, 1, key, value) : new GradingException(1, 1, key);
		assertThat(ex.problem(Language.EN)).isEqualTo(english);
		assertThat(ex.problem(Language.FR)).isEqualTo(french);
	}

	@Test
	void aProblemInsideAProblemIsToldInTheSameLanguage() {
		GradingException ex = new GradingException(1, 12, "run.value.unreadable", "70000", "publish",
				Problem.of("port.outOfRange", "70000"));
		assertThat(ex.problem(Language.EN))
			.isEqualTo("the value '70000' of --publish cannot be read: port 70000 is outside 1 to 65535");
		assertThat(ex.problem(Language.FR))
			.isEqualTo("la valeur «\u202f70000\u202f» de --publish est illisible\u00a0: le port 70000 n'est pas compris entre 1 et 65535");
		assertThat(ex.getMessage()).isEqualTo("line 1, column 12: " + ex.problem(Language.EN));
	}

	@Test
	void numbersAreWrittenAsTheyAreInEveryLanguage() {
		GradingException ex = new GradingException(1, 1, "compose.tooManyValues", 10_000);
		assertThat(ex.problem(Language.EN)).contains("more than 10000 values");
		assertThat(ex.problem(Language.FR)).contains("plus de 10000 valeurs");
	}

	private static Set<String> keys(Properties texts) {
		return new TreeSet<>(texts.stringPropertyNames());
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ProblemMessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
