package io.cagelab.web;

import java.util.Locale;

import io.cagelab.course.CourseCatalog;
import io.cagelab.course.CourseOrder;
import io.cagelab.course.CoursePath;
import io.cagelab.course.Language;
import io.cagelab.progress.LearnerMarks;
import io.cagelab.progress.LearnerProgress;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page; a signed-in learner is offered where to go on: the course's start, where they left off, or, with
 * everything passed, the course to review.
 */
@Controller
class HomeController {

	private final CourseCatalog catalog;

	private final CourseOrder order;

	private final LearnerProgress progress;

	HomeController(CourseCatalog catalog, CourseOrder order, LearnerProgress progress) {
		this.catalog = catalog;
		this.order = order;
		this.progress = progress;
	}

	@GetMapping("/")
	Mono<String> home(Viewer viewer, Locale locale, Model model) {
		model.addAttribute("courseDone", false);
		if (viewer == null) {
			return Mono.just("home");
		}
		Language language = Language.of(locale);
		return Mono.zip(this.catalog.modules(), this.order.path(language),
				this.progress.marks(viewer, viewer.accountId())).map((found) -> {
					CoursePath path = found.getT2();
					LearnerMarks marks = found.getT3();
					if (marks.isEmpty()) {
						model.addAttribute("start", found.getT1().isEmpty() ? null : found.getT1().get(0).id());
						return "home";
					}
					marks.resumeAt(path.exerciseIds()).flatMap(path::step).ifPresentOrElse(
							(step) -> model.addAttribute("resume", new Resume(step.activity().id(),
									step.activity().title(), step.module().number(),
									step.module().page(language).title())),
							() -> model.addAttribute("courseDone", !path.steps().isEmpty()));
					return "home";
				});
	}

	/** Where a learner goes on: an exercise, and the module it belongs to. */
	record Resume(String exerciseId, String title, int moduleNumber, String moduleTitle) {
	}

}
