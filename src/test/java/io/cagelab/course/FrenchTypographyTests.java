package io.cagelab.course;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * French is typeset one way everywhere a learner reads it: a narrow no-break space (U+202F) before ; ! ? and inside
 * « », a no-break space (U+00A0) before :, in every French course page, README and fr: string of the exercises;
 * code spans and code blocks are left as they are, since a reader copies them. The pages
 * also name each concept with the one term course/GLOSSARY.fr.md gives it.
 */
class FrenchTypographyTests {

	private static final Path COURSE = Path.of("course");

	private static final Path EXERCISES = Path.of("exercises");

	/** What the convention forbids: any other space, or none, where a fixed one belongs. */
	private static final List<Rule> RULES = List.of(
			new Rule("U+202F before ;", Pattern.compile("[ \\t\\n\\u00a0];")),
			new Rule("U+202F before ?", Pattern.compile("[ \\t\\n\\u00a0]\\?")),
			new Rule("U+202F before !", Pattern.compile("[ \\t\\n\\u00a0]!(?!\\[)")),
			// The fork bomb's function is named ":" (":(){ :|:& };:"), and quiz strings quote it without code marks.
			// A token quoted in guillemets may itself start with one (BuildKit's «\u202f:-\u202f»).
			new Rule("U+00A0 before :", Pattern.compile("(?<!«)[ \\t\\n\\u202f]:(?![(|)&])")),
			new Rule("U+202F after «", Pattern.compile("«(?!\\u202f)")),
			new Rule("U+202F before »", Pattern.compile("(?<!\\u202f)»")));

	private static final Pattern FENCE = Pattern.compile("(?ms)^[ \\t]*```.*?^[ \\t]*```[ \\t]*$");

	private static final Pattern CODE_SPAN_OR_LINK_TARGET = Pattern.compile("`[^`]*`|<[^>\\n]+>|\\]\\([^)]*\\)");

	/** A glossary line: "- **term** : what it names (à éviter : variant, variant)". */
	private static final Pattern GLOSSARY_ENTRY = Pattern.compile("^- \\*\\*(.+?)\\*\\*.*\\(à éviter\\u00a0: (.+)\\)\\s*$");

	record Rule(String name, Pattern pattern) {
	}

	@Test
	void theConventionItselfIsWhatTheRulesCheck() {
		assertThat(faults("Pourquoi\u202f? Parce que\u00a0: « oui »\u202f; non\u202f!")).hasSize(2)
			.allMatch((fault) -> fault.contains("«") || fault.contains("»"));
		assertThat(faults("Pourquoi ? Parce que : non ; non !")).hasSize(4);
		assertThat(faults("Pourquoi\u202f? Parce que\u00a0: «\u202foui\u202f»\u202f; non\u202f! ![schéma](/a.svg)")).isEmpty();
		assertThat(faults("Lancez `f(){ f|f; }; f` puis voyez <https://x.invalid/a?b=c>")).isEmpty();
		assertThat(faults("La bombe :(){ :|:& };: appelle (: | :)")).isEmpty();
	}

	@Test
	void frenchCoursePagesAreTypesetOutsideTheirCode() throws IOException {
		List<String> faults = new ArrayList<>();
		try (Stream<Path> modules = Files.list(COURSE)) {
			for (Path page : modules.map((module) -> module.resolve("fr.md")).filter(Files::isRegularFile).toList()) {
				faults.addAll(faultsOfMarkdown(page));
			}
		}
		assertThat(faults).isEmpty();
	}

	@Test
	void frenchReadmesAndExerciseStringsAreTypeset() throws IOException {
		List<String> faults = new ArrayList<>();
		try (Stream<Path> files = Files.find(EXERCISES, 3, (path, attributes) -> attributes.isRegularFile())) {
			for (Path file : files.sorted().toList()) {
				if (file.getFileName().toString().equals("README.fr.md")) {
					faults.addAll(faultsOfMarkdown(file));
				}
				else if (file.getFileName().toString().equals("exercise.yaml")) {
					List<String> strings = new ArrayList<>();
					frenchStrings(new Yaml().load(Files.readString(file)), strings);
					assertThat(strings).as(file + " has French strings").isNotEmpty();
					strings.forEach((text) -> faults(text).forEach((fault) -> faults.add(file + ": " + fault)));
				}
			}
		}
		assertThat(faults).isEmpty();
	}

	/** The app's own French: every page, refusal, grading verdict and parse error the messages hold. */
	@Test
	void frenchMessagesAreTypeset() throws IOException {
		List<String> faults = new ArrayList<>();
		for (String bundle : List.of("messages_fr", "grading/rules_fr", "grading/problems_fr")) {
			Path file = Path.of("src/main/resources", bundle + ".properties");
			Properties messages = new Properties();
			try (Reader reader = Files.newBufferedReader(file)) {
				messages.load(reader);
			}
			assertThat(messages).as(file.toString()).hasSizeGreaterThan(50);
			new TreeSet<>(messages.stringPropertyNames()).forEach((key) -> faults(messages.getProperty(key))
				.forEach((fault) -> faults.add(file + ": " + key + ": " + fault)));
		}
		assertThat(faults).isEmpty();
	}

	@Test
	void frenchPagesUseTheGlossarysTermsAndNoneOfItsForbiddenVariants() throws IOException {
		Map<String, List<String>> forbidden = new java.util.LinkedHashMap<>();
		for (String line : Files.readAllLines(COURSE.resolve("GLOSSARY.fr.md"))) {
			Matcher entry = GLOSSARY_ENTRY.matcher(line);
			if (entry.matches()) {
				forbidden.put(entry.group(1), List.of(entry.group(2).split(",\\s*")));
			}
		}
		assertThat(forbidden).as("glossary entries").hasSizeGreaterThanOrEqualTo(3);
		List<Path> pages = new ArrayList<>();
		try (Stream<Path> modules = Files.list(COURSE)) {
			modules.map((module) -> module.resolve("fr.md")).filter(Files::isRegularFile).forEach(pages::add);
		}
		try (Stream<Path> files = Files.find(EXERCISES, 3, (path, attributes) -> path.endsWith("README.fr.md")
				|| path.endsWith("exercise.yaml"))) {
			files.forEach(pages::add);
		}
		List<String> faults = new ArrayList<>();
		for (Path page : pages) {
			String text = Files.readString(page).toLowerCase(java.util.Locale.FRENCH);
			forbidden.forEach((term, variants) -> variants.stream()
				.filter((variant) -> Pattern.compile("(?<![\\p{L}-])" + Pattern.quote(variant.toLowerCase(java.util.Locale.FRENCH))
						+ "(?![\\p{L}])").matcher(text).find())
				.forEach((variant) -> faults.add(page + ": \"" + variant + "\" where the glossary says \"" + term + "\"")));
		}
		assertThat(faults).isEmpty();
	}

	private static List<String> faultsOfMarkdown(Path file) throws IOException {
		List<String> faults = new ArrayList<>();
		String prose = CODE_SPAN_OR_LINK_TARGET.matcher(FENCE.matcher(Files.readString(file)).replaceAll("")).replaceAll("");
		faults(prose).forEach((fault) -> faults.add(file + ": " + fault));
		return faults;
	}

	@SuppressWarnings("unchecked")
	private static void frenchStrings(Object node, List<String> strings) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ("fr".equals(key) && value instanceof String text) {
					strings.add(CODE_SPAN_OR_LINK_TARGET.matcher(text).replaceAll(""));
				}
				else {
					frenchStrings(value, strings);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((item) -> frenchStrings(item, strings));
		}
	}

	/** Each place the text breaks the convention, with a little of its context. */
	static List<String> faults(String text) {
		List<String> faults = new ArrayList<>();
		for (Rule rule : RULES) {
			Matcher matcher = rule.pattern().matcher(text);
			while (matcher.find()) {
				int from = Math.max(0, matcher.start() - 30);
				int to = Math.min(text.length(), matcher.end() + 10);
				faults.add(rule.name() + ": …" + text.substring(from, to).replace('\n', '⏎') + "…");
			}
		}
		return faults;
	}

}
