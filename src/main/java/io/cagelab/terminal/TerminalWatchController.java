package io.cagelab.terminal;

import java.util.Locale;

import io.cagelab.course.Language;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The watch page, where a trainer follows a learner's terminal, and the record of watches, which the watched learner
 * may read too.
 */
@Controller
class TerminalWatchController {

	private final SandboxService sandboxes;

	private final ExerciseCatalog catalog;

	private final TerminalWatchLog log;

	TerminalWatchController(SandboxService sandboxes, ExerciseCatalog catalog, TerminalWatchLog log) {
		this.sandboxes = sandboxes;
		this.catalog = catalog;
		this.log = log;
	}

	@GetMapping("/sandboxes/{id}/watch")
	Mono<String> page(@PathVariable String id, Viewer viewer, Locale locale, Model model) {
		Language language = Language.of(locale);
		return this.sandboxes.find(viewer, id)
			.onErrorResume(SandboxException.class, (ex) -> Mono.empty())
			.filter((sandbox) -> viewer.mayWatch(sandbox.ownerId(), sandbox.exerciseId()))
			.switchIfEmpty(
					Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No sandbox '" + id + "'")))
			.flatMap((sandbox) -> this.catalog.exercise(sandbox.exerciseId())
				.map((exercise) -> exercise.title(language))
				.defaultIfEmpty(sandbox.exerciseId())
				.map((exercise) -> {
					model.addAttribute("sandbox", sandbox);
					model.addAttribute("exercise", exercise);
					model.addAttribute("title", sandbox.ownerName() + " · " + exercise);
					return "sandboxes/watch";
				}));
	}

	/** Return the watches the viewer may see: of themselves, of their learners, or all for an admin. */
	@GetMapping("/api/watches")
	@ResponseBody
	Flux<TerminalWatch> watches(@RequestParam(required = false) Long learner, Viewer viewer) {
		if (learner != null && !viewer.maySee(learner)) {
			return Flux.error(new Refusal(HttpStatus.NOT_FOUND, "watch.refused.no-such-learner", learner));
		}
		return this.log.visibleTo(viewer, learner);
	}

}
