package io.cagelab.exercise;

import java.util.List;
import java.util.Locale;

import io.cagelab.course.Language;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ExerciseController {

	private final ExerciseCatalog catalog;

	ExerciseController(ExerciseCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/exercises")
	Mono<List<ExerciseView>> exercises(Locale locale) {
		Language language = Language.of(locale);
		return this.catalog.exercises()
			.map((all) -> all.stream()
				.map((exercise) -> new ExerciseView(exercise.id(), exercise.module(), exercise.kind().code(),
						exercise.title(language)))
				.toList());
	}

	record ExerciseView(String id, String module, String kind, String title) {
	}

}
