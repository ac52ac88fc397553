package io.cagelab.exercise;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.cagelab.course.CourseOrder;
import io.cagelab.course.CoursePath;
import io.cagelab.course.Language;
import io.cagelab.progress.HandIn;
import io.cagelab.progress.LearnerProgress;
import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The lab page: an exercise's instructions beside a terminal into the learner's sandbox, or an editor with the
 * learner's last hand-in; and the list of labs, each with the learner's mark.
 */
@Controller
class LabController {

	private final ExerciseCatalog catalog;

	private final LabPage page;

	private final CourseOrder order;

	private final LearnerProgress progress;

	LabController(ExerciseCatalog catalog, LabPage page, CourseOrder order, LearnerProgress progress) {
		this.catalog = catalog;
		this.page = page;
		this.order = order;
		this.progress = progress;
	}

	/**
	 * List every lab module by module, in the course's order, each with its kind and where the learner stands; labs
	 * outside the course's modules come last.
	 */
	@GetMapping("/labs")
	Mono<String> labs(Viewer viewer, Locale locale, Model model) {
		Language language = Language.of(locale);
		// The exercise folders are read once: the labs learners are served and those with problems both come from them.
		return Mono.zip(this.catalog.entries().flatMap((entries) -> this.catalog.served(entries)
			.map((served) -> Tuples.of(entries, served))), this.order.path(language),
				this.progress.marks(viewer, viewer.accountId()))
			.map((found) -> {
				model.addAttribute("invalid", invalid(viewer, found.getT1().getT1()));
				List<LabGroup> groups = LabGroup.of(found.getT2(), found.getT1().getT2(), language);
				model.addAttribute("groups", groups);
				model.addAttribute("labCount", groups.stream().mapToInt((group) -> group.labs().size()).sum());
				model.addAttribute("terminalCount", groups.stream().flatMap((group) -> group.labs().stream())
					.filter((lab) -> lab.kind().equals(ExerciseKind.LAB.code())).count());
				model.addAttribute("marks", found.getT3());
				return "labs/index";
			});
	}

	/**
	 * The exercises kept from learners because their specs have problems, for those who can fix them: a trainer sees
	 * the shipped ones (their own drafts are in authoring), an admin every one; a learner none.
	 */
	private static List<CatalogEntry> invalid(Viewer viewer, List<CatalogEntry> entries) {
		if (!viewer.mayTeach()) {
			return List.of();
		}
		return entries.stream().filter((entry) -> !entry.valid() && (entry.shipped() || viewer.isAdmin())).toList();
	}

	/**
	 * Show a lab with the learner's last hand-in put back, and the exercise that follows it in the course, which the
	 * page offers once the learner earns full marks.
	 */
	@GetMapping("/labs/{id}")
	Mono<String> lab(Viewer viewer, @PathVariable String id, Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.catalog.exercise(id)
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "labs.refused.not-found", id)))
			.flatMap((exercise) -> Mono.zip(this.order.path(language), lastHandIn(viewer, id))
				.flatMap((found) -> this.page.show(model, exercise, language, found.getT2().orElse(null),
						found.getT1().after(id).map(CoursePath.Step::activity).orElse(null))));
	}

	private Mono<Optional<HandIn>> lastHandIn(Viewer viewer, String exerciseId) {
		return this.progress.lastHandIn(viewer, viewer.accountId(), exerciseId).map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

}
