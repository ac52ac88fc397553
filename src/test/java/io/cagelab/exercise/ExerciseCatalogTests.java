package io.cagelab.exercise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cagelab.IntegrationTest;
import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercises shipped under exercises/: every spec is valid, translated, and its solution earns full marks.
 */
class ExerciseCatalogTests extends IntegrationTest {

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	SubmissionGrader grader;

	@Test
	void everyShippedExerciseIsLoadedWithInstructionsInBothLanguages() throws Exception {
		List<Exercise> exercises = this.catalog.exercises().block();
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

	@Test
	void everyReferenceSolutionEarnsFullMarks() {
		for (Exercise exercise : this.catalog.exercises().block()) {
			if (exercise.takesArtifact()) {
				SubmissionGrader.Grade grade = this.grader.grade(exercise, exercise.solution(), Language.EN);
				assertThat(grade.fullMarks()).as("%s: %s", exercise.id(), grade.checks()).isTrue();
			}
		}
	}

}
