package io.cagelab.exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * The exercises, read from {@code exercises/<module>/<id>/exercise.yaml}. An invalid file is logged with what is
 * wrong in it and left out; the others are served.
 */
@Service
public class ExerciseCatalog implements SandboxProfiles, ModuleActivities {

	static final String SPEC_FILE = "exercise.yaml";

	private static final Logger logger = LoggerFactory.getLogger(ExerciseCatalog.class);

	private final Path exercisesDir;

	private final ExerciseSpecReader reader;

	private final FileSnapshot<List<Exercise>> snapshot = new FileSnapshot<>(this::load);

	ExerciseCatalog(CagelabProperties properties, ExerciseSpecReader reader) {
		this.exercisesDir = properties.exercisesDir().toAbsolutePath().normalize();
		this.reader = reader;
	}

	public Mono<List<Exercise>> exercises() {
		return Mono.fromCallable(() -> this.snapshot.of(specFiles())).subscribeOn(Schedulers.boundedElastic());
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
	public Mono<List<Activity>> activities(String moduleId, Language language) {
		// Labs first: the module's hands-on part, then what is graded from an answer.
		return exercises().map((all) -> all.stream()
			.filter((exercise) -> exercise.module().equals(moduleId))
			.sorted(Comparator.comparing((Exercise exercise) -> exercise.kind() != ExerciseKind.LAB))
			.map((exercise) -> new Activity(exercise.id(), exercise.kind().code(), exercise.title(language)))
			.toList());
	}

	private List<Path> specFiles() throws IOException {
		if (!Files.isDirectory(this.exercisesDir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.find(this.exercisesDir, 3,
				(path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().equals(SPEC_FILE))) {
			return files.sorted().toList();
		}
	}

	private List<Exercise> load(List<Path> files) {
		List<Exercise> exercises = new ArrayList<>();
		for (Path file : files) {
			try {
				exercises.add(this.reader.read(file, read(file)));
			}
			catch (ExerciseSpecException ex) {
				logger.error("Exercise left out: {}", ex.getMessage());
			}
		}
		exercises.sort(Comparator.comparing(Exercise::module).thenComparing(Exercise::id));
		return List.copyOf(exercises);
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
