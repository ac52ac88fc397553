package io.cagelab.exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cagelab.CagelabProperties;
import io.cagelab.FileSnapshot;
import io.cagelab.course.Language;
import io.cagelab.course.ModuleActivities;
import io.cagelab.sandbox.SandboxProfile;
import io.cagelab.sandbox.SandboxProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * The exercises, read from two trees of {@code <module>/<id>/exercise.yaml}: the shipped one ({@code exercises/}) and
 * the authored one under the data folder ({@code $CAGELAB_DATA_DIR/exercises/}), and the publications learners are
 * served instead of the authored drafts. An invalid spec is kept with its problems for trainers and admins, never
 * served to learners; ids are unique across both trees, an authored folder of a shipped exercise's module and id
 * being its edited copy.
 */
@Service
public class ExerciseCatalog implements SandboxProfiles, ModuleActivities {

	static final String SPEC_FILE = "exercise.yaml";

	private static final Logger logger = LoggerFactory.getLogger(ExerciseCatalog.class);

	private final Path exercisesDir;

	private final Path authoredDir;

	private final ExerciseSpecReader reader;

	private final FileSnapshot<List<CatalogEntry>> snapshot = new FileSnapshot<>(this::load);

	private final PublishedExercises publications;

	/** Each publication read once: a publication never changes, so its reading never does either. */
	private final Map<String, Optional<Exercise>> readPublications = new ConcurrentHashMap<>();

	ExerciseCatalog(CagelabProperties properties, ExerciseSpecReader reader, PublishedExercises publications) {
		this.exercisesDir = properties.exercisesDir().toAbsolutePath().normalize();
		this.authoredDir = properties.authoredExercisesDir();
		this.reader = reader;
		this.publications = publications;
	}

	/**
	 * The exercises learners are served: the valid shipped ones and the latest publication of each published one, a
	 * publication taking the place of the shipped exercise of its id (an admin's edited copy). Drafts never are.
	 */
	public Mono<List<Exercise>> exercises() {
		return entries().flatMap(this::served);
	}

	/** Of these folders and the publications, the exercises learners are served, in module and id order. */
	public Mono<List<Exercise>> served(List<CatalogEntry> entries) {
		return this.publications.latest()
			.map((latest) -> served(entries, latest.stream().map(this::read).flatMap(Optional::stream).toList()));
	}

	static List<Exercise> served(List<CatalogEntry> entries, List<Exercise> published) {
		Set<String> replaced = published.stream().map(Exercise::id).collect(Collectors.toSet());
		return Stream.concat(entries.stream()
			.filter((entry) -> entry.shipped() && entry.valid() && !replaced.contains(entry.id()))
			.map(CatalogEntry::exercise), published.stream())
			.sorted(Comparator.comparing(Exercise::module).thenComparing(Exercise::id))
			.toList();
	}

	/**
	 * The exercise as it was at a version attempts were graded against: {@link Exercise#SHIPPED} is the shipped
	 * exercise as its folder has it now, any other version the publication of that version; nothing when it is gone.
	 */
	public Mono<Exercise> exerciseAt(String id, int version) {
		if (version == Exercise.SHIPPED) {
			return entries().flatMap((entries) -> Mono.justOrEmpty(entries.stream()
				.filter((entry) -> entry.shipped() && entry.valid() && entry.id().equals(id))
				.map(CatalogEntry::exercise).findFirst()));
		}
		return this.publications.at(id, version).flatMap((publication) -> Mono.justOrEmpty(read(publication)));
	}

	/** A publication read as a spec without a folder; one the reader no longer accepts is kept from learners. */
	private Optional<Exercise> read(PublishedExercises.Publication publication) {
		return this.readPublications.computeIfAbsent(publication.exerciseId() + "@" + publication.version(), (key) -> {
			SpecReading reading = this.reader.check(null, publication.spec());
			if (!reading.valid() || !reading.exercise().id().equals(publication.exerciseId())) {
				logger.warn("Version {} of the published exercise {} has problems, kept from learners:\n{}",
						publication.version(), publication.exerciseId(),
						String.join("\n", reading.problems().stream().map(SpecProblem::located).toList()));
				return Optional.empty();
			}
			return Optional.of(reading.exercise().published(publication.version(),
					Map.of(Language.EN, publication.readmeEn(), Language.FR, publication.readmeFr())));
		});
	}

	/** Every exercise folder of both trees, valid or not, sorted by module and id: what authoring shows. */
	public Mono<List<CatalogEntry>> entries() {
		return Mono.fromCallable(() -> this.snapshot.of(specFiles())).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Of these folders, those authoring edits: each exercise's current files, an authored copy taking the place of the
	 * shipped exercise of its id.
	 */
	public static List<CatalogEntry> drafts(List<CatalogEntry> entries) {
		Set<String> copied = entries.stream().filter((entry) -> !entry.shipped()).map(CatalogEntry::id)
			.collect(Collectors.toSet());
		return entries.stream().filter((entry) -> !entry.shipped() || !copied.contains(entry.id())).toList();
	}

	/** Where an authored exercise's folder is, whether it exists or not. */
	public Path authoredFolder(String module, String id) {
		return this.authoredDir.resolve(module).resolve(id);
	}

	/** Check a spec as if it were this file, with the ids of both trees taken into account. */
	public Mono<SpecReading> check(Path file, String yaml, BiFunction<String, String, String> takenBy) {
		return Mono.fromCallable(() -> this.reader.check(file, yaml, takenBy)).subscribeOn(Schedulers.boundedElastic());
	}

	public Mono<Exercise> exercise(String id) {
		return exercises().flatMap((all) -> Mono.justOrEmpty(all.stream().filter((e) -> e.id().equals(id)).findFirst()));
	}

	@Override
	public Mono<SandboxProfile> profileFor(String exerciseId) {
		return exercise(exerciseId).map(Exercise::sandbox);
	}

	@Override
	public Mono<SandboxProfile> labProfileFor(String exerciseId) {
		return exercise(exerciseId).filter((exercise) -> exercise.kind() == ExerciseKind.LAB).map(Exercise::sandbox);
	}

	@Override
	public Mono<SandboxProfile> draftLabProfileFor(String exerciseId) {
		return entries().flatMap((entries) -> Mono.justOrEmpty(drafts(entries).stream()
			.filter((entry) -> entry.id().equals(exerciseId) && entry.valid()
					&& entry.exercise().kind() == ExerciseKind.LAB)
			.map((entry) -> entry.exercise().sandbox()).findFirst()));
	}

	@Override
	public Mono<List<Activity>> activities(String moduleId, Language language) {
		// Labs first: the module's hands-on part, then what is graded from an answer.
		return exercises().map((all) -> all.stream()
			.filter((exercise) -> exercise.module().equals(moduleId))
			.sorted(Comparator.comparing((Exercise exercise) -> exercise.kind() != ExerciseKind.LAB))
			.map((exercise) -> new Activity(exercise.id(), exercise.kind().code(), exercise.title(language)))
			.toList());
	}

	private List<Path> specFiles() throws IOException {
		List<Path> files = new ArrayList<>(specFiles(this.exercisesDir));
		files.addAll(specFiles(this.authoredDir));
		return files;
	}

	private static List<Path> specFiles(Path root) throws IOException {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> attributes.isRegularFile()
				&& path.getFileName().toString().equals(SPEC_FILE) && root.relativize(path).getNameCount() == 3)) {
			return files.sorted().toList();
		}
	}

	private List<CatalogEntry> load(List<Path> files) {
		Map<String, CatalogEntry> shipped = new HashMap<>();
		List<CatalogEntry> entries = new ArrayList<>();
		for (Path file : files) {
			boolean isShipped = file.startsWith(this.exercisesDir) && !file.startsWith(this.authoredDir);
			Path folder = file.getParent();
			String id = folder.getFileName().toString();
			String module = folder.getParent().getFileName().toString();
			SpecReading reading = this.reader.check(file, read(file));
			List<SpecProblem> problems = new ArrayList<>(reading.problems());
			CatalogEntry twin = shipped.get(id);
			if (!isShipped && twin != null && !twin.module().equals(module)) {
				problems.add(new SpecProblem("id", 0, 0, "spec.id-taken", List.of(id, twin.module())));
			}
			if (!problems.isEmpty()) {
				logger.warn("Exercise {} has problems, kept from learners:\n{}", file,
						String.join("\n", problems.stream().map(SpecProblem::located).toList()));
			}
			CatalogEntry entry = new CatalogEntry(id, module, folder, isShipped,
					problems.isEmpty() ? reading.exercise() : null, problems);
			if (isShipped) {
				shipped.put(id, entry);
			}
			entries.add(entry);
		}
		entries.sort(Comparator.comparing(CatalogEntry::module).thenComparing(CatalogEntry::id)
			.thenComparing((entry) -> !entry.shipped()));
		return List.copyOf(entries);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the exercise " + file, ex);
		}
	}

}
