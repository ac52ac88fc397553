package io.cagelab.course;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
 * The course: the list of modules and one page per module, in the reader's language.
 */
@Controller
class CourseController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final CourseCatalog catalog;

	private final ModuleActivities activities;

	CourseController(CourseCatalog catalog, ModuleActivities activities) {
		this.catalog = catalog;
		this.activities = activities;
	}

	@GetMapping("/modules")
	Mono<String> modules(Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.catalog.modules().map((modules) -> {
			model.addAttribute("modules", modules.stream().map((m) -> new ModuleEntry(m, m.page(language))).toList());
			return "course/modules";
		});
	}

	@GetMapping("/modules/{id}")
	Mono<String> module(@PathVariable String id, Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.catalog.modules().zipWith(this.activities.activities(id, language)).map((found) -> {
			List<CourseModule> modules = found.getT1();
			model.addAttribute("activities", found.getT2());
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

	record ModuleEntry(CourseModule module, ModulePage page) {
	}

}
