package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.cagelab.course.Language;
import io.cagelab.course.MarkdownRenderer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The lab page: an exercise's instructions beside a terminal into the learner's sandbox.
 */
@Controller
class LabController {

	private final ExerciseCatalog catalog;

	private final MarkdownRenderer markdown;

	LabController(ExerciseCatalog catalog, MarkdownRenderer markdown) {
		this.catalog = catalog;
		this.markdown = markdown;
	}

	@GetMapping("/labs")
	Mono<String> labs(Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.catalog.exercises().map((exercises) -> {
			model.addAttribute("labs", exercises.stream()
				.map((exercise) -> new LabEntry(exercise.id(), exercise.module(), exercise.title(language)))
				.toList());
			return "labs/index";
		});
	}

	@GetMapping("/labs/{id}")
	Mono<String> lab(@PathVariable String id, Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.catalog.exercise(id)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No exercise '" + id + "'")))
			.flatMap((exercise) -> Mono.fromCallable(() -> instructions(exercise, language))
				.subscribeOn(Schedulers.boundedElastic())
				.map((html) -> {
					model.addAttribute("exercise", exercise);
					model.addAttribute("title", exercise.title(language));
					model.addAttribute("instructions", html);
					model.addAttribute("quizzes", exercise.checks().stream().filter((check) -> check.quiz() != null)
						.map((check) -> new QuizView(check.id(), check.quiz().question(language), check.quiz().multiple(),
								check.quiz().choices(language)))
						.toList());
					return "labs/lab";
				}));
	}

	record LabEntry(String id, String module, String title) {
	}

	record QuizView(String id, String question, boolean multiple, List<String> choices) {
	}

	private String instructions(Exercise exercise, Language language) throws IOException {
		Path file = exercise.folder().resolve("README." + language.code() + ".md");
		if (!Files.isRegularFile(file)) {
			file = exercise.folder().resolve("README.en.md");
		}
		return Files.isRegularFile(file) ? this.markdown.renderPage(language, Files.readString(file)).html() : "";
	}

}
