package io.cagelab.classroom;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cagelab.course.Language;
import io.cagelab.exercise.AttemptHistory;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.RenderedAttempt;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A class's live dashboard and what its trainers do to a learner from it: reset a sandbox, give it more time, send
 * a message. Everything answers 404 to anyone who does not teach the class, or for a learner not in it.
 */
@Controller
class DashboardController {

	/**
	 * A comment at once, then now and then: the first sends the response's headers, without which a browser counts
	 * the stream as a request still pending (and waited on it when leaving the page); the others keep proxies and
	 * browsers from closing a quiet stream.
	 */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	/**
	 * A stream ends after this long and the browser opens it again, asking anew whether its viewer may follow: an
	 * assistant removed from the class, a session ended, stop following within it.
	 */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(5);

	static final int MAX_MORE_MINUTES = 120;

	private final ClassroomService classrooms;

	private final ClassroomRepository repository;

	private final ClassDashboards dashboards;

	private final ClassMessages messages;

	private final SandboxService sandboxes;

	private final ExerciseCatalog exercises;

	private final MessageSource texts;

	private final JsonMapper json;

	private final AttemptHistory history;

	DashboardController(ClassroomService classrooms, ClassroomRepository repository, ClassDashboards dashboards,
			ClassMessages messages, SandboxService sandboxes, ExerciseCatalog exercises, MessageSource texts,
			JsonMapper json, AttemptHistory history) {
		this.history = history;
		this.exercises = exercises;
		this.texts = texts;
		this.json = json;
		this.classrooms = classrooms;
		this.repository = repository;
		this.dashboards = dashboards;
		this.messages = messages;
		this.sandboxes = sandboxes;
	}

	/** The words the dashboard's script writes, in the reader's language. */
	private static final List<String> SCRIPT_TEXTS = List.of("not-started", "in-progress", "passed", "attempts",
			"no-sandbox", "time-left", "watch", "reset", "more-time", "message", "last-activity", "never", "stuck",
			"drill-title", "drill-none", "drill-content", "drill-answers", "drill-check", "close", "reset-done",
			"more-time-done", "message-sent", "action-failed", "failing-checks", "failing-rules", "passed-by",
			"learners-none", "reconnecting", "live", "starting", "minutes-left", "score", "confirm-reset",
			"sent-to-learner");

	@GetMapping("/classes/{id}")
	Mono<String> page(Viewer viewer, @PathVariable String id, Model model, Locale locale) {
		Language language = Language.of(locale);
		return this.classrooms.get(viewer, id).zipWith(this.exercises.exercises()).map((both) -> {
			Classroom classroom = both.getT1();
			Map<String, Exercise> byId = both.getT2().stream()
				.collect(Collectors.toMap(Exercise::id, Function.identity()));
			Map<String, String> texts = new LinkedHashMap<>();
			SCRIPT_TEXTS.forEach((key) -> texts.put(key, this.texts.getMessage("dashboard.js." + key, null, locale)));
			Map<String, Object> config = new LinkedHashMap<>();
			config.put("classId", classroom.id());
			config.put("exercises", classroom.exercises().stream().filter(byId::containsKey)
				.map((exercise) -> Map.of("id", exercise, "title", byId.get(exercise).title(language),
						"module", byId.get(exercise).module()))
				.toList());
			config.put("texts", texts);
			model.addAttribute("classroom", classroom);
			model.addAttribute("joinCode", JoinCodes.display(classroom.joinCode()));
			model.addAttribute("dashboardConfig", this.json.writeValueAsString(config));
			return "classes/dashboard";
		});
	}

	@GetMapping(path = "/api/classes/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	Flux<ServerSentEvent<Object>> events(Viewer viewer, @PathVariable String id) {
		return this.classrooms.get(viewer, id).flatMapMany((classroom) -> Flux.merge(
				this.dashboards.follow(classroom).map((update) -> ServerSentEvent.builder((Object) update)
					.event(update.event()).build()),
				Flux.interval(Duration.ZERO, HEARTBEAT).onBackpressureDrop()
					.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build()))
			.take(STREAM_LIFETIME));
	}

	/** @param exercise the one exercise whose sandbox to act on, or {@code null} for all the learner's in the class */
	record LearnerAction(String exercise, Integer minutes) {
	}

	record Acted(List<SandboxState> sandboxes) {
	}

	record SandboxState(String id, String exercise, String status, Instant expiresAt) {

		static SandboxState of(Sandbox sandbox) {
			return new SandboxState(sandbox.id(), sandbox.exerciseId(), sandbox.status().name().toLowerCase(Locale.ROOT),
					sandbox.expiresAt());
		}

	}

	@PostMapping("/api/classes/{id}/learners/{learnerId}/reset")
	@ResponseBody
	Mono<Acted> reset(Viewer viewer, @PathVariable String id, @PathVariable long learnerId,
			@RequestBody(required = false) LearnerAction action) {
		return learnersSandboxes(viewer, id, learnerId, action)
			.concatMap((sandbox) -> this.sandboxes.reset(viewer, sandbox.id()))
			.map(SandboxState::of).collectList().map(Acted::new);
	}

	/** Give the learner's sandboxes more time, never past the class's end. */
	@PostMapping("/api/classes/{id}/learners/{learnerId}/more-time")
	@ResponseBody
	Mono<Acted> moreTime(Viewer viewer, @PathVariable String id, @PathVariable long learnerId,
			@RequestBody(required = false) LearnerAction action) {
		int minutes = (action != null && action.minutes() != null) ? action.minutes() : 15;
		if (minutes < 1 || minutes > MAX_MORE_MINUTES) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.minutes",
					MAX_MORE_MINUTES));
		}
		return this.classrooms.get(viewer, id).flatMap((classroom) -> {
			if (classroom.isClosed(Instant.now())) {
				return Mono.error(new Refusal(HttpStatus.CONFLICT, "classroom.refused.more-time-closed",
						classroom.name()));
			}
			return learnersSandboxes(viewer, id, learnerId, action).concatMap((sandbox) -> {
				Instant until = sandbox.expiresAt().plus(Duration.ofMinutes(minutes));
				if (classroom.closesAt() != null && until.isAfter(classroom.closesAt())) {
					until = classroom.closesAt();
				}
				return this.sandboxes.moreTime(viewer, sandbox.id(), until);
			}).map(SandboxState::of).collectList().map(Acted::new);
		});
	}

	/** @param learner the one learner to tell, or {@code null} for the whole class */
	record MessageRequest(String text, Long learner) {
	}

	@PostMapping("/api/classes/{id}/messages")
	@ResponseBody
	Mono<ResponseEntity<ClassMessages.Message>> message(Viewer viewer, @PathVariable String id,
			@RequestBody(required = false) MessageRequest request) {
		return this.messages.send(viewer, id, (request != null) ? request.text() : null,
				(request != null) ? request.learner() : null)
			.map((sent) -> ResponseEntity.status(HttpStatus.CREATED).body(sent));
	}

	/** The messages for the signed-in learner, on every page they have open. */
	@GetMapping(path = "/api/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	Flux<ServerSentEvent<Object>> myMessages(Viewer viewer) {
		return Flux.merge(
				this.messages.follow(viewer.accountId())
					.map((message) -> ServerSentEvent.builder((Object) message).event("message").id(message.id()).build()),
				Flux.interval(Duration.ZERO, HEARTBEAT).onBackpressureDrop()
					.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build()))
			.take(STREAM_LIFETIME);
	}

	/** A sandbox that went, or an engine that failed, while acting on a learner: said in the reader's language. */
	@ExceptionHandler(SandboxException.class)
	Mono<ResponseEntity<ProblemDetail>> sandboxRefused(SandboxException ex, Locale locale) {
		HttpStatus status = switch (ex.reason()) {
			case NOT_FOUND -> HttpStatus.CONFLICT;
			case UNKNOWN_EXERCISE -> HttpStatus.NOT_FOUND;
			case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		return Mono.just(ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status,
				this.texts.getMessage(ex.key(), ex.arguments(), ex.getMessage(), locale))));
	}

	/**
	 * A learner's attempts at one of the class's exercises, newest first, each with what was handed in and the
	 * verdicts and messages the learner saw, in the reader's language.
	 */
	@GetMapping("/api/classes/{id}/learners/{learnerId}/attempts")
	@ResponseBody
	Flux<RenderedAttempt> attempts(Viewer viewer, @PathVariable String id, @PathVariable long learnerId,
			@RequestParam String exercise, Locale locale) {
		return this.classrooms.get(viewer, id)
			.filter((classroom) -> classroom.exercises().contains(exercise) && viewer.maySee(learnerId, exercise))
			.filterWhen((classroom) -> this.repository.isEnrolled(classroom.id(), learnerId))
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.no-such-learner")))
			.flatMapMany((classroom) -> this.history.attempts(learnerId, exercise, locale));
	}

	/** The learner's live sandboxes on the class's exercises (or on one of them); 404 for a learner not in the class. */
	private Flux<Sandbox> learnersSandboxes(Viewer viewer, String id, long learnerId, LearnerAction action) {
		String exercise = (action != null) ? action.exercise() : null;
		return this.classrooms.get(viewer, id)
			.filterWhen((classroom) -> this.repository.isEnrolled(classroom.id(), learnerId))
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.no-such-learner")))
			.flatMapMany((classroom) -> this.sandboxes.list(viewer)
				.filter((sandbox) -> sandbox.ownerId() == learnerId && classroom.exercises().contains(sandbox.exerciseId())
						&& (exercise == null || exercise.equals(sandbox.exerciseId())))
				.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.CONFLICT, "classroom.refused.no-sandbox"))));
	}

}
