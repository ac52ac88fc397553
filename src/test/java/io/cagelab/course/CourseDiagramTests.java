package io.cagelab.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course's diagrams, read from the files: each page shows the drawing of its own language, none of them speaks
 * both, and each one has a dark version of every colour it uses.
 */
@Tag("content")
class CourseDiagramTests {

	static final Path COURSE = Path.of("course");

	private static final Pattern DIAGRAM = Pattern.compile("!\\[[^\\]]*\\]\\(/modules/[a-z0-9-]+/([a-z0-9._-]+\\.svg)\\)");

	/** Words that only one of the two languages uses, outside code; a drawing with the other's words is bilingual. */
	private static final Set<String> ENGLISH = Set.of("the", "of", "and", "with", "without", "from", "to", "only", "is",
			"each", "every", "by", "one", "kernel", "container", "network", "tools", "timeline", "outside", "reach");

	private static final Set<String> FRENCH = Set.of("le", "la", "les", "des", "du", "et", "sur", "dans", "sans", "avec",
			"une", "un", "noyau", "hôte", "conteneur", "réseau", "outils", "chronologie", "atteinte", "seul");

	private static final Pattern COLOUR = Pattern.compile("\\s(fill|stroke|stop-color)=\"(#[0-9a-fA-F]{3,6}|white)\"");

	@Test
	void everyModulePageShowsTheDiagramsOfItsOwnLanguage() throws IOException {
		List<String> shown = new ArrayList<>();
		for (Path folder : moduleFolders()) {
			for (Language language : Language.values()) {
				Matcher diagrams = DIAGRAM.matcher(Files.readString(folder.resolve(language.code() + ".md")));
				while (diagrams.find()) {
					String file = diagrams.group(1);
					assertThat(file).as("%s (%s) shows a diagram of its language", folder, language)
						.endsWith("." + language.code() + ".svg");
					Path svg = folder.resolve(file);
					assertThat(svg).as("the diagram %s", svg).isRegularFile();
					assertThat(wordsOf(svg)).as("words of another language in %s", svg)
						.doesNotContainAnyElementsOf((language == Language.EN) ? FRENCH : ENGLISH);
					shown.add(folder.getFileName() + "/" + file);
				}
			}
		}
		assertThat(shown).as("diagrams shown").hasSizeGreaterThanOrEqualTo(20);
	}

	@Test
	void everyDiagramHasATwinInTheOtherLanguageAndNoneSpeaksBoth() throws IOException {
		for (Path folder : moduleFolders()) {
			try (Stream<Path> files = Files.list(folder)) {
				for (Path svg : files.filter((file) -> file.toString().endsWith(".svg")).toList()) {
					String name = svg.getFileName().toString();
					assertThat(name).as("%s names its language", svg).matches(".+\\.(en|fr)\\.svg");
					String twin = name.endsWith(".en.svg") ? name.replace(".en.svg", ".fr.svg") : name.replace(".fr.svg", ".en.svg");
					assertThat(folder.resolve(twin)).as("the twin of %s", svg).isRegularFile();
					Set<String> other = name.endsWith(".en.svg") ? FRENCH : ENGLISH;
					assertThat(wordsOf(svg)).as("words of another language in %s", svg).doesNotContainAnyElementsOf(other);
				}
			}
		}
	}

	@Test
	void everyDiagramHasADarkVersionOfEveryColourItUses() throws IOException {
		for (Path folder : moduleFolders()) {
			try (Stream<Path> files = Files.list(folder)) {
				for (Path svg : files.filter((file) -> file.toString().endsWith(".svg")).toList()) {
					String source = Files.readString(svg);
					int dark = source.indexOf("@media (prefers-color-scheme: dark)");
					assertThat(dark).as("%s has a dark style", svg).isPositive();
					String darkStyle = source.substring(dark, source.indexOf("</style>", dark));
					Matcher colours = COLOUR.matcher(source);
					while (colours.find()) {
						assertThat(darkStyle).as("%s has a dark %s for %s", svg, colours.group(1), colours.group(2))
							.contains("[" + colours.group(1) + "=\"" + colours.group(2) + "\"]");
					}
				}
			}
		}
	}

	/** Return the words of a diagram's texts, title and description, leaving out code (anything with a symbol). */
	static Set<String> wordsOf(Path svg) throws IOException {
		Document document = Jsoup.parse(Files.readString(svg), "", Parser.xmlParser());
		Set<String> words = new LinkedHashSet<>();
		document.select("text, tspan, title, desc").forEach((element) -> Arrays
			.stream(element.text().toLowerCase(Locale.ROOT).split("\\s+"))
			.map((word) -> word.replaceAll("^[(«\"]+|[),;:.!?»\"]+$", ""))
			.filter((word) -> word.matches("\\p{L}+"))
			.forEach(words::add));
		return words;
	}

	private static List<Path> moduleFolders() throws IOException {
		try (Stream<Path> folders = Files.list(COURSE)) {
			return folders.filter(Files::isDirectory).sorted().toList();
		}
	}

}
