package io.cagelab.authoring;

import java.util.List;
import java.util.Map;

import io.cagelab.course.Language;
import io.cagelab.course.MarkdownRenderer;
import io.cagelab.exercise.ExerciseSpecReader;
import io.cagelab.exercise.ExerciseSpecWriter;
import io.cagelab.exercise.SpecProblem;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * What the editor shows while a trainer types, before anything is saved: a draft's problems, its spec as the form
 * holds it, its instructions as the lab page renders them, and the YAML the form's changes make.
 */
@Service
class AuthoringDrafts {

	private final AuthoringService authoring;

	private final MarkdownRenderer markdown;

	AuthoringDrafts(AuthoringService authoring, MarkdownRenderer markdown) {
		this.authoring = authoring;
		this.markdown = markdown;
	}

	/**
	 * A draft as the editor shows it.
	 *
	 * @param tree the spec as maps and lists for the form, or null when it is not YAML
	 * @param instructions the instructions' HTML by language, as the lab page has them
	 */
	record Checked(List<SpecProblem> problems, Object tree, Map<String, String> instructions) {
	}

	/** The YAML a form's spec makes, and its problems. */
	record Written(String spec, List<SpecProblem> problems) {
	}

	/** Check a draft of an exercise the viewer may edit as if it were saved, without saving it. */
	Mono<Checked> check(Viewer viewer, String id, AuthoringService.Draft draft) {
		return this.authoring.get(viewer, id).flatMap((found) -> this.authoring.problems(draft, id))
			.flatMap((problems) -> Mono.fromCallable(() -> new Checked(problems,
					ExerciseSpecReader.tree(draft.spec()).orElse(null),
					Map.of("en", render(Language.EN, draft, "en"), "fr", render(Language.FR, draft, "fr"))))
				.subscribeOn(Schedulers.boundedElastic()));
	}

	/**
	 * The form's spec as YAML: in the canonical layout when it is a whole exercise, else as the form holds it, so that
	 * a check being written is never lost.
	 */
	Mono<Written> write(Viewer viewer, String id, Object tree, Map<String, String> readme) {
		return this.authoring.get(viewer, id).flatMap((found) -> {
			String spec = ExerciseSpecWriter.writeTree(tree);
			AuthoringService.Draft draft = new AuthoringService.Draft(spec, readme, null);
			return this.authoring.checkedOrProblems(draft, id).map((checked) -> (checked.exercise() != null)
					? new Written(ExerciseSpecWriter.write(checked.exercise()), List.of())
					: new Written(spec, checked.problems()));
		});
	}

	private String render(Language language, AuthoringService.Draft draft, String code) {
		String text = (draft.readme() != null) ? draft.readme().getOrDefault(code, "") : "";
		return this.markdown.renderPage(language, (text != null) ? text : "").html();
	}

}
