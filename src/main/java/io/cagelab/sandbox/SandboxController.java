package io.cagelab.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The sandbox JSON API. A learner sees only their own sandboxes (others' are 404), an admin sees all.
 */
@RestController
public class SandboxController {

	private static final Logger logger = LoggerFactory.getLogger(SandboxController.class);

	private final SandboxService sandboxes;

	private final SandboxProperties properties;

	private final MessageSource messages;

	SandboxController(SandboxService sandboxes, SandboxProperties properties, MessageSource messages) {
		this.sandboxes = sandboxes;
		this.properties = properties;
		this.messages = messages;
	}

	@PostMapping("/api/sandboxes")
	Mono<ResponseEntity<SandboxView>> open(Viewer viewer, @RequestBody OpenRequest request) {
		if (request == null || request.exercise() == null || request.exercise().isBlank()) {
			return Mono.error(new Refusal(HttpStatus.BAD_REQUEST, "sandbox.refused.name-the-exercise"));
		}
		return this.sandboxes.open(SandboxOwner.of(viewer), request.exercise())
			.map((sandbox) -> ResponseEntity.created(URI.create("/api/sandboxes/" + sandbox.id())).body(view(sandbox)));
	}

	@GetMapping("/api/sandboxes")
	Flux<SandboxView> list(Viewer viewer) {
		return this.sandboxes.list(viewer).map(this::view);
	}

	@GetMapping("/api/sandboxes/{id}")
	Mono<SandboxView> get(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.find(viewer, id).map(this::view);
	}

	@PostMapping("/api/sandboxes/{id}/reset")
	Mono<SandboxView> reset(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.reset(viewer, id).map(this::view);
	}

	/** The learner keeps their sandbox: its full lifetime again from now (see {@link SandboxService#extend}). */
	@PostMapping("/api/sandboxes/{id}/extend")
	Mono<SandboxView> extend(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.extend(viewer, id).map(this::view);
	}

	@DeleteMapping("/api/sandboxes/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> close(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.close(viewer, id);
	}

	@GetMapping(path = "/api/sandboxes/{id}/stats", produces = "text/event-stream")
	Flux<ServerSentEvent<SandboxUsage>> stats(Viewer viewer, @PathVariable String id) {
		return this.sandboxes.usage(viewer, id)
			.map((usage) -> ServerSentEvent.builder(usage).event("usage").build());
	}

	/** The status a refused sandbox is answered with, by the API and by pages alike. */
	public static HttpStatus status(SandboxException ex) {
		return switch (ex.reason()) {
			case NOT_FOUND, UNKNOWN_EXERCISE -> HttpStatus.NOT_FOUND;
			case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	@ExceptionHandler(SandboxException.class)
	ResponseEntity<ProblemDetail> refused(SandboxException ex, ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return problem(status(ex), this.messages.getMessage("sandbox.problem.refused", null, locale),
				this.messages.getMessage(ex.key(), ex.arguments(), ex.getMessage(), locale));
	}

	@ExceptionHandler(SandboxPolicyException.class)
	ResponseEntity<ProblemDetail> forbiddenByFloor(SandboxPolicyException ex, ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, this.messages.getMessage("sandbox.floor.title", null, locale),
				this.messages.getMessage(ex.key(), ex.arguments(), locale));
	}

	@ExceptionHandler(EngineException.class)
	ResponseEntity<ProblemDetail> engineFailed(EngineException ex, ServerWebExchange exchange) {
		// The engine's own words name sockets and hosts: they go to the log, the learner gets a plain sentence.
		logger.warn("Sandbox request failed: {}", ex.getMessage());
		Locale locale = exchange.getLocaleContext().getLocale();
		return problem(HttpStatus.SERVICE_UNAVAILABLE, this.messages.getMessage("sandbox.problem.engine", null, locale),
				this.messages.getMessage("sandbox.problem.engine.detail", null, locale));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

	private SandboxView view(Sandbox sandbox) {
		return SandboxView.of(sandbox, this.properties.idleTimeout());
	}

	record OpenRequest(String exercise) {
	}

	/**
	 * @param removalDue when the sandbox goes: at {@code expiresAt}, or earlier if left idle
	 * @param lastActiveAt the last activity counted; the idle timeout runs from here
	 */
	public record SandboxView(String id, String exercise, String owner, String containerId, String status,
			Instant createdAt, Instant expiresAt, Instant removalDue, Duration idleTimeout, Instant lastActiveAt) {

		/** A sandbox as the API answers it, wherever it was opened (a lab, or an author's preview). */
		public static SandboxView of(Sandbox sandbox, Duration idleTimeout) {
			return new SandboxView(sandbox.id(), sandbox.exerciseId(), sandbox.ownerName(), sandbox.containerId(),
					sandbox.status().name().toLowerCase(Locale.ROOT), sandbox.createdAt(), sandbox.expiresAt(),
					sandbox.removalDue(idleTimeout), idleTimeout, sandbox.lastActiveAt());
		}

	}

}
