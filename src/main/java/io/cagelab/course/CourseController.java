package io.cagelab.course;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cagelab.progress.LearnerMarks;
import io.cagelab.progress.LearnerProgress;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The course: the list of modules and one page per module, in the reader's language, with a signed-in reader's own
 * progress.
 */
@Controller
class CourseController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final CourseCatalog catalog;

	private final ModuleActivities activities;

	private final CourseOrder order;

	private final LearnerProgress progress;

	CourseController(CourseCatalog catalog, ModuleActivities activities, CourseOrder order, LearnerProgress progress) {
		this.catalog = catalog;
		this.activities = activities;
		this.order = order;
		this.progress = progress;
	}

	/** List the modules; a signed-in reader sees how many of each module's exercises they passed. */
	@GetMapping("/modules")
	Mono<String> modules(Viewer viewer, Locale locale, Model model) {
		Language language = Language.of(locale);
		Mono<Map<String, ModuleProgress>> progress = (viewer != null)
				? this.order.path(language).zipWith(marks(viewer)).map((found) -> moduleProgress(found.getT1(), found.getT2()))
				: Mono.just(Map.of());
		return this.catalog.modules().zipWith(progress).map((found) -> {
			model.addAttribute("modules", found.getT1().stream().map((m) -> new ModuleEntry(m, m.page(language))).toList());
			model.addAttribute("moduleProgress", found.getT2());
			return "course/modules";
		});
	}

	@GetMapping("/modules/{id}")
	Mono<String> module(Viewer viewer, @PathVariable String id, Locale locale, Model model) {
		Language language = Language.of(locale);
		Mono<LearnerMarks> marks = (viewer != null) ? marks(viewer) : Mono.just(LearnerMarks.NONE);
		return Mono.zip(this.catalog.modules(), this.activities.activities(id, language), marks).map((found) -> {
			List<CourseModule> modules = found.getT1();
			model.addAttribute("activities", found.getT2());
			model.addAttribute("marks", found.getT3());
			CourseModule module = modules.stream()
				.filter((m) -> m.id().equals(id))
				.findFirst()
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No course module named '" + id + "'"));
			int index = modules.indexOf(module);
			model.addAttribute("module", module);
			model.addAttribute("page", module.page(language));
			model.addAttribute("translated", module.hasPage(language));
			model.addAttribute("previous", (index > 0) ? entry(modules.get(index - 1), language) : null);
			model.addAttribute("next", (index < modules.size() - 1) ? entry(modules.get(index + 1), language) : null);
			return "course/module";
		});
	}

	/**
	 * Serve a module's diagram. An SVG can hold scripts: the policy below keeps any from running, even when the file
	 * is opened on its own rather than through an image tag.
	 */
	@GetMapping("/modules/{id}/{file:.+\\.svg}")
	Mono<ResponseEntity<byte[]>> diagram(@PathVariable String id, @PathVariable String file) {
		return this.catalog.diagram(id, file)
			.map((svg) -> ResponseEntity.ok()
				.contentType(SVG)
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
				.header("X-Content-Type-Options", "nosniff")
				.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
				.body(svg))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No diagram '" + file + "' in module '" + id + "'")));
	}

	private static ModuleEntry entry(CourseModule module, Language language) {
		return new ModuleEntry(module, module.page(language));
	}

	private Mono<LearnerMarks> marks(Viewer viewer) {
		return this.progress.marks(viewer, viewer.accountId());
	}

	/** Count each module's passed exercises; a module without any has no count to show. */
	private static Map<String, ModuleProgress> moduleProgress(CoursePath path, LearnerMarks marks) {
		return path.steps().stream().map((step) -> step.module().id()).distinct()
			.collect(Collectors.toMap(Function.identity(), (moduleId) -> {
				List<String> exercises = path.exerciseIds(moduleId);
				return new ModuleProgress(marks.passedAmong(exercises), exercises.size());
			}));
	}

	record ModuleEntry(CourseModule module, ModulePage page) {
	}

	record ModuleProgress(int passed, int total) {

		public boolean complete() {
			return this.passed == this.total;
		}

	}

}
