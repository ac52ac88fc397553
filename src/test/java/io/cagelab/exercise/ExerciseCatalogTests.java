package io.cagelab.exercise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.cagelab.IntegrationTest;
import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxOwner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercises shipped under exercises/: every spec is valid, translated, and its solution earns full marks.
 */
class ExerciseCatalogTests extends IntegrationTest {

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	ExerciseValidator validator;

	@Test
	void everyShippedExerciseIsLoadedWithInstructionsInBothLanguages() throws Exception {
		List<Exercise> exercises = shipped();
		try (var specs = Files.find(Path.of("exercises"), 3,
				(path, attributes) -> path.getFileName().toString().equals("exercise.yaml"))) {
			assertThat(exercises).as("every spec file is valid").hasSize((int) specs.count());
		}
		for (Exercise exercise : exercises) {
			for (Language language : Language.values()) {
				assertThat(exercise.folder().resolve("README." + language.code() + ".md")).as(exercise.id())
					.isRegularFile();
			}
		}
	}

	/** The shipped exercises learners are served: test classes sharing the app may have published others. */
	private List<Exercise> shipped() {
		return this.catalog.exercises().block().stream().filter((exercise) -> exercise.version() == Exercise.SHIPPED)
			.toList();
	}

	/**
	 * What {@code ./cagelab validate} does, one test per exercise: its solution earns full marks on the real engine
	 * (labs played in a fresh sandbox), and each wrong answer fails the checks it names, with the right explanation.
	 * Two exercises are proven at a time, each test waiting for its own: most of a proof is waiting on the engine.
	 */
	@TestFactory
	Stream<DynamicTest> everySolutionEarnsFullMarksAndEveryWrongAnswerIsCaught() {
		List<Exercise> exercises = shipped();
		ExecutorService provers = Executors.newFixedThreadPool(2);
		Map<String, Future<ExerciseValidator.Report>> reports = new LinkedHashMap<>();
		// An owner each, as two authors would be: one owner's hand-ins are tried one at a time.
		for (int i = 0; i < exercises.size(); i++) {
			Exercise exercise = exercises.get(i);
			SandboxOwner owner = new SandboxOwner(-1 - i, ValidateCommand.VALIDATOR.username() + "-" + i);
			reports.put(exercise.id(), provers.submit(() -> this.validator.validate(exercise, owner)
				.block(Duration.ofMinutes(3))));
		}
		provers.shutdown();
		return exercises.stream().map((exercise) -> DynamicTest.dynamicTest(
				exercise.module() + "/" + exercise.id(), () -> {
					ExerciseValidator.Report report = reports.get(exercise.id()).get(6, TimeUnit.MINUTES);
					assertThat(report.problems()).as(exercise.id()).isEmpty();
					assertThat(report.score()).isEqualTo(report.maxScore());
					assertThat(report.wrongAnswers()).as("%s has a wrong answer to catch", exercise.id()).isPositive();
				}));
	}

}
