package io.cagelab.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cagelab.CagelabProperties;
import io.cagelab.FileSnapshot;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * The course modules, read from one folder per module ({@code 01-fork-bomb/en.md}, {@code fr.md}).
 * Pages are re-read when a file changes, so that trainers see their edits without a restart.
 */
@Service
public class CourseCatalog {

	private static final Pattern MODULE_FOLDER = Pattern.compile("(\\d+)-([a-z0-9][a-z0-9-]*)");

	/** A plain file name: no path, no hidden file, nothing but SVG. */
	private static final Pattern DIAGRAM_FILE = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.svg");

	private final Path courseDir;

	private final MarkdownRenderer renderer;

	private final FileSnapshot<List<CourseModule>> snapshot = new FileSnapshot<>(this::load);

	CourseCatalog(CagelabProperties properties, MarkdownRenderer renderer) {
		this.courseDir = properties.courseDir().toAbsolutePath().normalize();
		this.renderer = renderer;
	}

	/** Return the modules in course order. */
	public Mono<List<CourseModule>> modules() {
		return Mono.fromCallable(this::currentModules).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Return a module's diagram ({@code course/04-cgroups/cgroup-tree.svg}), or nothing when there is no such file.
	 */
	public Mono<byte[]> diagram(String moduleId, String fileName) {
		if (!DIAGRAM_FILE.matcher(fileName).matches()) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> {
			if (!Files.isDirectory(this.courseDir)) {
				return null;
			}
			try (Stream<Path> folders = Files.list(this.courseDir)) {
				Optional<Path> file = folders.filter((folder) -> moduleFolder(folder)
					.filter((matcher) -> matcher.group(2).equals(moduleId)).isPresent())
					.map((folder) -> folder.resolve(fileName))
					.filter(Files::isRegularFile)
					.findFirst();
				return file.isPresent() ? Files.readAllBytes(file.get()) : null;
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private List<CourseModule> currentModules() throws IOException {
		return this.snapshot.of(pageFiles());
	}

	private List<Path> pageFiles() throws IOException {
		if (!Files.isDirectory(this.courseDir)) {
			return List.of();
		}
		try (Stream<Path> folders = Files.list(this.courseDir)) {
			List<Path> files = new ArrayList<>();
			for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
				for (Language language : Language.values()) {
					Path page = folder.resolve(language.code() + ".md");
					if (Files.isRegularFile(page)) {
						files.add(page);
					}
				}
			}
			return files;
		}
	}

	private List<CourseModule> load(List<Path> files) {
		Map<Path, Map<Language, ModulePage>> byFolder = new TreeMap<>();
		for (Path file : files) {
			Language language = Language.fromTag(file.getFileName().toString().replace(".md", "")).orElseThrow();
			byFolder.computeIfAbsent(file.getParent(), (folder) -> new EnumMap<>(Language.class))
				.put(language, this.renderer.renderPage(language, read(file)));
		}
		List<CourseModule> modules = new ArrayList<>();
		byFolder.forEach((folder, pages) -> moduleFolder(folder)
			.ifPresent((matcher) -> modules.add(new CourseModule(matcher.group(2), Integer.parseInt(matcher.group(1)),
					Map.copyOf(pages)))));
		modules.sort(Comparator.comparingInt(CourseModule::number));
		return List.copyOf(modules);
	}

	private static Optional<Matcher> moduleFolder(Path folder) {
		Matcher matcher = MODULE_FOLDER.matcher(folder.getFileName().toString());
		return matcher.matches() ? Optional.of(matcher) : Optional.empty();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the course page " + file, ex);
		}
	}

}
