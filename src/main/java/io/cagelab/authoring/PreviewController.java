package io.cagelab.authoring;

import java.net.URI;
import java.util.Locale;

import io.cagelab.course.Language;
import io.cagelab.exercise.LabPage;
import io.cagelab.exercise.PreviewGrading;
import io.cagelab.exercise.Submission;
import io.cagelab.exercise.SubmissionView;
import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.SandboxController.SandboxView;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxPolicyException;
import io.cagelab.sandbox.SandboxProperties;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Preview as a learner: the lab page of an exercise's current draft, with a real sandbox started with the profile the
 * draft asks for and checks graded against the draft, nothing recorded; for whoever may see the exercise in authoring.
 * Everything else (a learner, another trainer's draft) is not found.
 */
@Controller
class PreviewController {

	private static final Logger logger = LoggerFactory.getLogger(PreviewController.class);

	private final AuthoringService authoring;

	private final LabPage page;

	private final SandboxService sandboxes;

	private final SandboxProperties sandboxProperties;

	private final PreviewGrading grading;

	private final MessageSource messages;

	PreviewController(AuthoringService authoring, LabPage page, SandboxService sandboxes,
			SandboxProperties sandboxProperties, PreviewGrading grading, MessageSource messages) {
		this.authoring = authoring;
		this.page = page;
		this.sandboxes = sandboxes;
		this.sandboxProperties = sandboxProperties;
		this.grading = grading;
		this.messages = messages;
	}

	/**
	 * What the lab page does differently in a preview.
	 *
	 * @param editor the page the preview's banner leads back to
	 * @param sandbox where the page opens its sandbox
	 * @param submissions where the page hands in to be checked
	 */
	record Preview(String editor, String sandbox, String submissions) {

		static Preview of(String id) {
			String api = "/api/authoring/exercises/" + id + "/preview";
			return new Preview("/authoring/" + id, api + "/sandbox", api + "/submissions");
		}

	}

	@GetMapping("/authoring/{id}/preview")
	Mono<String> preview(Viewer viewer, @PathVariable String id, Locale locale, Model model) {
		return draft(viewer, id).flatMap((found) -> {
			model.addAttribute("preview", Preview.of(found.entry().id()));
			return this.page.show(model, found.entry().exercise(), Language.of(locale), null, null);
		});
	}

	/** Open the viewer's sandbox for the preview of a lab's draft, apart from their sandbox of the lab itself. */
	@PostMapping("/api/authoring/exercises/{id}/preview/sandbox")
	@ResponseBody
	Mono<ResponseEntity<SandboxView>> openSandbox(Viewer viewer, @PathVariable String id) {
		return draft(viewer, id).flatMap((found) -> this.sandboxes.openPreview(SandboxOwner.of(viewer), found.entry().id()))
			.map((sandbox) -> ResponseEntity.created(URI.create("/api/sandboxes/" + sandbox.id()))
				.body(SandboxView.of(sandbox, this.sandboxProperties.idleTimeout())));
	}

	/** Check a hand-in against the draft, as the submissions API answers it, with nothing recorded. */
	@PostMapping("/api/authoring/exercises/{id}/preview/submissions")
	@ResponseBody
	Mono<SubmissionView> check(Viewer viewer, @PathVariable String id,
			@RequestBody(required = false) Submission submission, Locale locale) {
		return draft(viewer, id).flatMap((found) -> this.grading.grade(SandboxOwner.of(viewer),
				found.entry().exercise(), found.version(),
				(submission != null) ? submission : new Submission(null, null), locale));
	}

	/** The exercise as the viewer may see it in authoring, its spec without problems: only such a draft is previewed. */
	private Mono<AuthoringService.Found> draft(Viewer viewer, String id) {
		return this.authoring.get(viewer, id).flatMap((found) -> found.entry().valid() ? Mono.just(found)
				: Mono.error(new AuthoringException(HttpStatus.UNPROCESSABLE_CONTENT, "authoring.preview.invalid", id,
						found.entry().problems().size())));
	}

	@ExceptionHandler(SandboxPolicyException.class)
	ResponseEntity<ProblemDetail> forbiddenByFloor(SandboxPolicyException ex, Locale locale) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, this.messages.getMessage("sandbox.floor.title", null, locale),
				this.messages.getMessage(ex.key(), ex.arguments(), locale));
	}

	@ExceptionHandler(EngineException.class)
	ResponseEntity<ProblemDetail> engineFailed(EngineException ex, Locale locale) {
		// The engine's own words name sockets and hosts: they go to the log, the author gets a plain sentence.
		logger.warn("A preview's sandbox or check failed on the engine: {}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, this.messages.getMessage("sandbox.problem.engine", null, locale),
				this.messages.getMessage("sandbox.problem.engine.detail", null, locale));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
