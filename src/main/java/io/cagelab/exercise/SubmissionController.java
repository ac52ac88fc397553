package io.cagelab.exercise;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.security.AccountUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
 * Hand in an artifact for an exercise and get every check's verdict; list one's own attempts; both in the reader's
 * language, whatever language an attempt was graded in.
 */
@RestController
class SubmissionController {

	private static final Logger logger = LoggerFactory.getLogger(SubmissionController.class);

	private final ExerciseCatalog catalog;

	private final ExerciseGrader grader;

	private final SubmissionRepository attempts;

	private final AttemptHistory history;

	private final TextRenderer renderer;

	private final JsonMapper json;

	private final Clock clock;

	private final MessageSource messages;

	SubmissionController(ExerciseCatalog catalog, ExerciseGrader grader, SubmissionRepository attempts,
			AttemptHistory history, TextRenderer renderer, JsonMapper json, Clock clock, MessageSource messages) {
		this.catalog = catalog;
		this.grader = grader;
		this.attempts = attempts;
		this.history = history;
		this.renderer = renderer;
		this.json = json;
		this.clock = clock;
		this.messages = messages;
	}

	@PostMapping("/api/exercises/{id}/submissions")
	Mono<ResponseEntity<SubmissionView>> submit(@AuthenticationPrincipal AccountUser user, @PathVariable String id,
			@RequestBody(required = false) SubmissionRequest request, Locale locale) {
		String content = (request != null) ? request.content() : null;
		Submission submission = new Submission(content, (request != null) ? request.answers() : null);
		return exercise(id).flatMap((exercise) -> this.grader.grade(owner(user), exercise, submission)
			.zipWith(this.attempts.count(user.accountId(), id))
			.flatMap((graded) -> {
				ExerciseGrader.Grade grade = graded.getT1();
				// What the results disclose is counted here, from the attempts stored, never asked of the browser.
				Disclosure disclosure = new Disclosure(graded.getT2().intValue() + 1, exercise.feedback());
				// The result keeps the checks as this learner read them; every reader is told them from the verdicts.
				List<RenderedCheck> checks = this.renderer.checks(grade.checks(), exercise, locale, disclosure);
				if (disclosure.afterTheAnswers()) {
					return Mono.just(ResponseEntity.ok(new SubmissionView(null, id, exercise.version(), grade.score(),
							grade.maxScore(), grade.fullMarks(), this.clock.instant(), checks, disclosure.attempt(),
							this.renderer.solution(exercise, disclosure, grade.fullMarks()),
							this.messages.getMessage("feedback.practice",
									new Object[] { exercise.feedback().solutionAfter() }, locale),
							false)));
				}
				SubmissionRepository.Attempt attempt = new SubmissionRepository.Attempt(UUID.randomUUID().toString(),
						id, exercise.version(), user.accountId(), (content != null) ? content : "",
						this.json.writeValueAsString(submission.answers()), grade.score(), grade.maxScore(),
						this.json.writeValueAsString(checks), this.clock.instant());
				return this.attempts.insert(attempt, grade.checks())
					.map((stored) -> ResponseEntity
						.created(URI.create("/api/exercises/" + id + "/submissions/" + stored.id()))
						.body(new SubmissionView(stored.id(), id, stored.exerciseVersion(), grade.score(),
								grade.maxScore(), grade.fullMarks(), stored.submittedAt(), checks, disclosure.attempt(),
								this.renderer.solution(exercise, disclosure, grade.fullMarks()),
								this.renderer.coming(exercise, disclosure, grade.fullMarks(), locale), true)));
			}));
	}

	@GetMapping("/api/exercises/{id}/submissions")
	Flux<SubmissionView> mine(@AuthenticationPrincipal AccountUser user, @PathVariable String id, Locale locale) {
		return exercise(id).flatMapMany((exercise) -> this.history.attempts(user.accountId(), id, locale))
			.map((attempt) -> new SubmissionView(attempt.id(), attempt.exerciseId(), attempt.exerciseVersion(),
					attempt.score(), attempt.maxScore(), attempt.fullMarks(), attempt.submittedAt(), attempt.checks(),
					attempt.attempt(), attempt.solution(), attempt.coming(), true));
	}

	@ExceptionHandler(SubmissionException.class)
	ResponseEntity<ProblemDetail> refused(SubmissionException ex, ServerWebExchange exchange) {
		Locale locale = locale(exchange);
		return notGraded(ex.status(), this.messages.getMessage(ex, locale), locale);
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
		Locale locale = locale(exchange);
		return notGraded(status, this.messages.getMessage(ex.key(), ex.arguments(), ex.getMessage(), locale), locale);
	}

	@ExceptionHandler(EngineException.class)
	ResponseEntity<ProblemDetail> engineFailed(EngineException ex, ServerWebExchange exchange) {
		// The engine's own words name sockets and hosts: they go to the log, the learner gets a plain sentence.
		logger.warn("Grading a submission failed on the engine: {}", ex.getMessage());
		Locale locale = locale(exchange);
		return notGraded(HttpStatus.SERVICE_UNAVAILABLE,
				this.messages.getMessage(GradingMessage.ENGINE_FAILED.key(), null, locale), locale);
	}

	private ResponseEntity<ProblemDetail> notGraded(HttpStatus status, String detail, Locale locale) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(this.messages.getMessage(GradingMessage.NOT_GRADED.key(), null, locale));
		return ResponseEntity.status(status).body(problem);
	}

	private static Locale locale(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return (locale != null) ? locale : Locale.ENGLISH;
	}

	private Mono<Exercise> exercise(String id) {
		return this.catalog.exercise(id).switchIfEmpty(Mono.error(() -> new SubmissionException(
				SubmissionException.Reason.UNKNOWN_EXERCISE, GradingMessage.UNKNOWN_EXERCISE, id)));
	}

	/** An artifact, quiz answers (check id to the choices ticked, from 0), or both. */
	record SubmissionRequest(String content, Map<String, List<Integer>> answers) {
	}

}
