package io.cagelab.exercise;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.cagelab.course.Language;
import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.security.AccountUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Hand in an artifact for an exercise and get every check's verdict; list one's own attempts.
 */
@RestController
class SubmissionController {

	private static final Logger logger = LoggerFactory.getLogger(SubmissionController.class);

	private final ExerciseCatalog catalog;

	private final ExerciseGrader grader;

	private final SubmissionRepository attempts;

	private final JsonMapper json;

	private final Clock clock;

	private final MessageSource messages;

	SubmissionController(ExerciseCatalog catalog, ExerciseGrader grader, SubmissionRepository attempts, JsonMapper json,
			Clock clock, MessageSource messages) {
		this.messages = messages;
		this.catalog = catalog;
		this.grader = grader;
		this.attempts = attempts;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping("/api/exercises/{id}/submissions")
	Mono<ResponseEntity<SubmissionView>> submit(@AuthenticationPrincipal AccountUser user, @PathVariable String id,
			@RequestBody(required = false) SubmissionRequest request, Locale locale) {
		Language language = Language.of(locale);
		String content = (request != null) ? request.content() : null;
		Submission submission = new Submission(content, (request != null) ? request.answers() : null);
		return exercise(id)
			.flatMap((exercise) -> this.grader.grade(owner(user), exercise, submission, language))
			.flatMap((grade) -> this.attempts.insert(new SubmissionRepository.Attempt(UUID.randomUUID().toString(), id,
					user.accountId(), (content != null) ? content : "",
					this.json.writeValueAsString(submission.answers()), grade.score(), grade.maxScore(),
					this.json.writeValueAsString(grade.checks()), this.clock.instant()), grade.checks())
				.map((attempt) -> ResponseEntity.created(URI.create("/api/exercises/" + id + "/submissions/" + attempt.id()))
					.body(new SubmissionView(attempt.id(), id, grade.score(), grade.maxScore(), grade.fullMarks(),
							attempt.submittedAt(), grade.checks()))));
	}

	@GetMapping("/api/exercises/{id}/submissions")
	Flux<SubmissionView> mine(@AuthenticationPrincipal AccountUser user, @PathVariable String id) {
		return exercise(id).flatMapMany((exercise) -> this.attempts.findByOwnerAndExercise(user.accountId(), id))
			.map((attempt) -> new SubmissionView(attempt.id(), id, attempt.score(), attempt.maxScore(),
					attempt.score() == attempt.maxScore(), attempt.submittedAt(),
					this.json.readValue(attempt.result(), new TypeReference<List<ExerciseGrader.CheckResult>>() {
					})));
	}

	@ExceptionHandler(SubmissionException.class)
	ResponseEntity<ProblemDetail> refused(SubmissionException ex) {
		HttpStatus status = switch (ex.reason()) {
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case UNREADABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
			case NOT_GRADABLE -> HttpStatus.CONFLICT;
			case UNKNOWN_EXERCISE -> HttpStatus.NOT_FOUND;
			case INVALID -> HttpStatus.BAD_REQUEST;
		};
		return notGraded(status, ex.getMessage());
	}

	private static SandboxOwner owner(AccountUser user) {
		return new SandboxOwner(user.accountId(), user.getUsername());
	}

	/** A lab checked before its sandbox runs is a conflict to resolve by opening it; the rest says what it says. */
	@ExceptionHandler(SandboxException.class)
	ResponseEntity<ProblemDetail> sandboxRefused(SandboxException ex, ServerWebExchange exchange) {
		HttpStatus status = switch (ex.reason()) {
			case NOT_FOUND -> HttpStatus.CONFLICT;
			case UNKNOWN_EXERCISE -> HttpStatus.NOT_FOUND;
			case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		return notGraded(status, this.messages.getMessage(ex.key(), ex.arguments(), ex.getMessage(),
				exchange.getLocaleContext().getLocale()));
	}

	@ExceptionHandler(EngineException.class)
	ResponseEntity<ProblemDetail> engineFailed(EngineException ex) {
		// The engine's own words name sockets and hosts: they go to the log, the learner gets a plain sentence.
		logger.warn("Grading a submission failed on the engine: {}", ex.getMessage());
		return notGraded(HttpStatus.SERVICE_UNAVAILABLE, "The container engine did not answer as expected; nothing was"
				+ " graded. Try again in a moment; if it goes on, tell your trainer.");
	}

	private static ResponseEntity<ProblemDetail> notGraded(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle("Submission not graded");
		return ResponseEntity.status(status).body(problem);
	}

	private Mono<Exercise> exercise(String id) {
		return this.catalog.exercise(id).switchIfEmpty(Mono.error(() -> new SubmissionException(
				SubmissionException.Reason.UNKNOWN_EXERCISE, "There is no exercise '" + id + "'.")));
	}

	/** An artifact, quiz answers (check id to the choices ticked, from 0), or both. */
	record SubmissionRequest(String content, Map<String, List<Integer>> answers) {
	}

	record SubmissionView(String id, String exercise, int score, int maxScore, boolean fullMarks, Instant submittedAt,
			List<ExerciseGrader.CheckResult> checks) {
	}

}
