package io.cagelab.exercise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cagelab.course.Language;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxProperties;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The learner's own live sandboxes, one per exercise, each with the time it has left, a way back to its lab and a
 * way to stop it: where a learner at the cap on sandboxes makes room for another.
 */
@Controller
class MySandboxesController {

	private final SandboxService sandboxes;

	private final ExerciseCatalog catalog;

	private final Duration idleTimeout;

	private final Clock clock;

	private final MessageSource messages;

	MySandboxesController(SandboxService sandboxes, ExerciseCatalog catalog, SandboxProperties properties, Clock clock,
			MessageSource messages) {
		this.sandboxes = sandboxes;
		this.catalog = catalog;
		this.idleTimeout = properties.idleTimeout();
		this.clock = clock;
		this.messages = messages;
	}

	@GetMapping("/sandboxes")
	Mono<String> list(Viewer viewer, @RequestParam(required = false) String stopped, Locale locale, Model model) {
		Language language = Language.of(locale);
		Mono<List<Sandbox>> mine = this.sandboxes.mine(viewer).collectList();
		return Mono.zip(mine, this.catalog.exercises()).map((found) -> {
			Map<String, Exercise> exercises = found.getT2().stream()
				.collect(Collectors.toMap(Exercise::id, Function.identity()));
			model.addAttribute("sandboxes", found.getT1().stream().map((sandbox) -> {
				Instant removalDue = sandbox.removalDue(this.idleTimeout);
				if (sandbox.previewed() != null) {
					// An author's preview of a draft, which learners are not served: back to the preview, by its id.
					return new MySandbox(sandbox.id(), sandbox.exerciseId(),
							this.messages.getMessage("sandboxes.preview", new Object[] { sandbox.previewed() }, locale),
							"/authoring/" + sandbox.previewed() + "/preview", sandbox.status().name(), removalDue,
							minutesLeft(removalDue));
				}
				Exercise exercise = exercises.get(sandbox.exerciseId());
				String title = (exercise != null) ? exercise.title(language) : sandbox.exerciseId();
				return new MySandbox(sandbox.id(), sandbox.exerciseId(), title, "/labs/" + sandbox.exerciseId(),
						sandbox.status().name(), removalDue, minutesLeft(removalDue));
			}).toList());
			Exercise stoppedExercise = (stopped != null) ? exercises.get(stopped) : null;
			model.addAttribute("stopped", (stoppedExercise != null) ? stoppedExercise.title(language) : null);
			return "sandboxes/mine";
		});
	}

	/** Stop one of the viewer's sandboxes; a sandbox already gone is stopped too. */
	@PostMapping("/sandboxes/{id}/stop")
	Mono<String> stop(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.mine(viewer).filter((sandbox) -> sandbox.id().equals(id)).next()
			.flatMap((sandbox) -> this.sandboxes.close(viewer, id).thenReturn(
					UriComponentsBuilder.fromPath("/sandboxes").queryParam("stopped", sandbox.exerciseId()).toUriString()))
			.onErrorResume(SandboxException.class,
					(ex) -> (ex.reason() == SandboxException.Reason.NOT_FOUND) ? Mono.empty() : Mono.error(ex))
			.defaultIfEmpty("/sandboxes")
			.map((location) -> "redirect:" + location);
	}

	/**
	 * A sandbox as the page lists it.
	 *
	 * @param page where its terminal is: its lab, or the preview of a draft
	 * @param status {@code STARTING} or {@code RUNNING}
	 * @param removalDue when it goes, at its end of life or sooner if left idle
	 */
	record MySandbox(String id, String exerciseId, String title, String page, String status, Instant removalDue,
			long minutesLeft) {
	}

	/** Whole minutes left, rounded up: a sandbox with 20 s left has 1 minute, not 0. */
	private long minutesLeft(Instant removalDue) {
		long seconds = Duration.between(this.clock.instant(), removalDue).getSeconds();
		return Math.max(0, (seconds + 59) / 60);
	}

}
