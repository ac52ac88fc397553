package io.cagelab.exercise;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One name per thing in each language: the labs are called the same in the menu, on their page and on every module
 * page; no lab's title says again the kind its badge shows before it ("Quiz Quiz: …"); every module names its
 * practice and its sources with the same heading.
 */
class OneNamePerThingTests {

	private static final Path EXERCISES = Path.of("exercises");

	private static final Path COURSE = Path.of("course");

	@ParameterizedTest
	@EnumSource(Language.class)
	void theLabsAreCalledTheSameInTheMenuOnTheirPageAndOnEveryModulePage(Language language) throws IOException {
		Properties messages = messages(language);
		assertThat(text(messages, "labs.title")).isEqualTo(text(messages, "nav.labs"))
			.isEqualTo(text(messages, "module.activities"));
		assertThat(text(messages, "sandboxes.title")).isEqualTo(text(messages, "nav.sandboxes"));
		assertThat(text(messages, "sandbox.refused.too-many-of-yours")).as("the cap points at the page by its name")
			.contains(text(messages, "sandboxes.title"));
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void noLabTitleRepeatsTheKindItsBadgeShows(Language language) throws IOException {
		Properties messages = messages(language);
		ExerciseSpecReader reader = new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor());
		List<Exercise> exercises = new ArrayList<>();
		try (Stream<Path> files = Files.find(EXERCISES, 3, (path, attributes) -> path.endsWith("exercise.yaml"))) {
			for (Path file : files.toList()) {
				exercises.add(reader.read(file, Files.readString(file)));
			}
		}
		assertThat(exercises).hasSizeGreaterThan(20);
		for (Exercise exercise : exercises) {
			String badge = text(messages, "activity." + exercise.kind().code()).toLowerCase(Locale.ROOT);
			List<String> words = List.of(exercise.title(language).toLowerCase(Locale.ROOT).split("[\\s:?!,.]+"));
			assertThat(words.get(0)).as(exercise.id() + ": " + exercise.title(language)).isNotEqualTo(badge);
			assertThat(words.get(words.size() - 1)).as(exercise.id() + ": " + exercise.title(language)).isNotEqualTo(badge);
		}
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void everyModuleNamesItsPracticeAndItsSourcesTheSameWay(Language language) throws IOException {
		Set<String> sourcesHeadings = new TreeSet<>();
		Set<String> practiceHeadings = new TreeSet<>();
		try (Stream<Path> modules = Files.list(COURSE)) {
			for (Path page : modules.map((module) -> module.resolve(language.code() + ".md")).filter(Files::isRegularFile)
				.toList()) {
				List<List<String>> sections = sections(Files.readAllLines(page));
				sourcesHeadings.add(sections.get(sections.size() - 1).get(0));
				sections.stream().filter(OneNamePerThingTests::listsLabs).map((section) -> section.get(0))
					.forEach(practiceHeadings::add);
			}
		}
		assertThat(sourcesHeadings).as("the last heading of every module").hasSize(1);
		assertThat(practiceHeadings).as("the heading over a module's links to its labs").hasSize(1);
	}

	/** Tell whether a section is a list of the module's labs: each of its items links to one. */
	private static boolean listsLabs(List<String> section) {
		List<String> items = section.stream().filter((line) -> line.startsWith("- ")).toList();
		return !items.isEmpty() && items.stream().allMatch((item) -> item.contains("](/labs/"));
	}

	/** Split a page into its level-2 sections, each starting with its heading. */
	private static List<List<String>> sections(List<String> lines) {
		List<List<String>> sections = new ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("## ")) {
				sections.add(new ArrayList<>(List.of(line.substring(3).trim())));
			}
			else if (!sections.isEmpty()) {
				sections.get(sections.size() - 1).add(line);
			}
		}
		return sections;
	}

	private static Properties messages(Language language) throws IOException {
		String file = (language == Language.EN) ? "messages.properties" : "messages_" + language.code() + ".properties";
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(Path.of("src/main/resources", file), StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		return properties;
	}

	/** A message as a page shows it: its MessageFormat pattern formatted, with 3 for a number it counts. */
	private static String text(Properties messages, String key) {
		String pattern = messages.getProperty(key);
		assertThat(pattern).as(key).isNotNull();
		return new MessageFormat(pattern, Locale.ROOT).format(new Object[] { 3 });
	}

}
