package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cagelab.course.Language;
import io.cagelab.course.MarkdownRenderer;
import io.cagelab.course.ModuleActivities;
import io.cagelab.progress.HandIn;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The lab page of an exercise: its title, its instructions rendered from Markdown, its questions, and the editor's
 * text; for the exercise learners are served, or for a draft its author previews.
 */
@Component
public class LabPage {

	/** The template every lab page is drawn with. */
	public static final String TEMPLATE = "labs/lab";

	private final MarkdownRenderer markdown;

	LabPage(MarkdownRenderer markdown) {
		this.markdown = markdown;
	}

	/**
	 * Put what the page shows of the exercise into the model; return the template's name.
	 *
	 * @param handIn the learner's last hand-in, put back in the editor and the questions, or {@code null}
	 * @param next the exercise the page offers once the learner earns full marks, or {@code null}
	 */
	public Mono<String> show(Model model, Exercise exercise, Language language, HandIn handIn,
			ModuleActivities.Activity next) {
		return Mono.fromCallable(() -> instructions(exercise, language)).subscribeOn(Schedulers.boundedElastic())
			.map((instructions) -> {
				model.addAttribute("next", next);
				model.addAttribute("handIn", handIn);
				// The last hand-in comes back; before the first one, the exercise's starter file, if it has one.
				model.addAttribute("editorText", (handIn != null) ? handIn.content() : exercise.starter());
				model.addAttribute("exercise", exercise);
				model.addAttribute("title", exercise.title(language));
				model.addAttribute("instructions", instructions);
				model.addAttribute("quizzes", exercise.checks().stream().filter(Check.Quiz.class::isInstance)
					.map(Check.Quiz.class::cast)
					.map((quiz) -> new QuizView(quiz.id(), quiz.question(language), quiz.multiple(),
							quiz.choices(language)))
					.toList());
				return TEMPLATE;
			});
	}

	record QuizView(String id, String question, boolean multiple, List<String> choices) {
	}

	private String instructions(Exercise exercise, Language language) throws IOException {
		if (!exercise.instructions().isEmpty()) {
			// A publication's own, as it was published: editing the draft's files never changes them.
			String text = exercise.instructions().getOrDefault(language, "");
			return this.markdown.renderPage(language,
					text.isBlank() ? exercise.instructions().getOrDefault(Language.EN, "") : text).html();
		}
		Path file = exercise.folder().resolve("README." + language.code() + ".md");
		if (!Files.isRegularFile(file)) {
			file = exercise.folder().resolve("README.en.md");
		}
		return Files.isRegularFile(file) ? this.markdown.renderPage(language, Files.readString(file)).html() : "";
	}

}
