package io.cagelab.course;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
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

	private final CourseCatalog catalog;

	CourseController(CourseCatalog catalog) {
		this.catalog = catalog;
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
		return this.catalog.modules().map((modules) -> {
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

	private static ModuleEntry entry(CourseModule module, Language language) {
		return new ModuleEntry(module, module.page(language));
	}

	record ModuleEntry(CourseModule module, ModulePage page) {
	}

}
