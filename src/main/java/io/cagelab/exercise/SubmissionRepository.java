package io.cagelab.exercise;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.cagelab.progress.AttemptChecks;
import io.cagelab.progress.CheckVerdict;
import io.cagelab.progress.ProgressEvents;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Every graded attempt, kept so that learners and trainers can follow progress.
 */
@Repository
class SubmissionRepository {

	private final DatabaseClient database;

	private final AttemptChecks checks;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	private final ProgressEvents events;

	SubmissionRepository(DatabaseClient database, AttemptChecks checks, TransactionalOperator transaction,
			JsonMapper json, ProgressEvents events) {
		this.database = database;
		this.checks = checks;
		this.transaction = transaction;
		this.json = json;
		this.events = events;
	}

	/**
	 * A stored attempt; {@code answers} are the quiz answers and {@code result} the graded checks as the learner read
	 * them, as JSON: what attempts graded before their checks kept their messages without words are shown from;
	 * {@code exerciseVersion} the version of the exercise it was graded against, which it is always shown with.
	 */
	record Attempt(String id, String exerciseId, int exerciseVersion, long ownerId, String content, String answers,
			int score, int maxScore, String result, Instant submittedAt) {
	}

	/**
	 * Store an attempt and its checks' verdicts, which class progress counts and any reader's language tells, in one
	 * transaction.
	 */
	Mono<Attempt> insert(Attempt attempt, List<ExerciseGrader.CheckResult> results) {
		List<CheckVerdict> verdicts = results.stream().map((result) -> new CheckVerdict(result.id(), result.kind(),
				result.rule(), result.cis(), result.passed(), result.points(), result.earned(), result.line(),
				result.message().key(), TextJson.arguments(result.message(), this.json))).toList();
		return this.database.sql("insert into submission (id, exercise_id, exercise_version, owner_id, content, answers,"
				+ " score, max_score, result, submitted_at) values (:id, :exercise, :version, :owner, :content, :answers,"
				+ " :score, :max, :result, :at)")
			.bind("id", attempt.id())
			.bind("exercise", attempt.exerciseId())
			.bind("version", attempt.exerciseVersion())
			.bind("owner", attempt.ownerId())
			.bind("content", attempt.content())
			.bind("answers", attempt.answers())
			.bind("score", attempt.score())
			.bind("max", attempt.maxScore())
			.bind("result", attempt.result())
			.bind("at", attempt.submittedAt().atOffset(ZoneOffset.UTC))
			.then()
			.then(this.checks.store(attempt.id(), verdicts))
			.thenReturn(attempt)
			.as(this.transaction::transactional)
			.doOnNext((stored) -> this.events.recorded(new ProgressEvents.AttemptRecorded(stored.id(), stored.ownerId(),
					stored.exerciseId(), stored.score(), stored.maxScore(), stored.submittedAt(), verdicts)));
	}

	/** Count the owner's attempts at the exercise: what the next one discloses depends on it. */
	Mono<Long> count(long ownerId, String exerciseId) {
		return this.database.sql("select count(*) as attempts from submission where owner_id = :owner"
				+ " and exercise_id = :exercise")
			.bind("owner", ownerId)
			.bind("exercise", exerciseId)
			.map((row) -> row.get("attempts", Long.class))
			.one();
	}

	Flux<Attempt> findByOwnerAndExercise(long ownerId, String exerciseId) {
		return this.database.sql("select id, exercise_id, exercise_version, owner_id, content, answers, score, max_score,"
				+ " result, submitted_at from submission where owner_id = :owner and exercise_id = :exercise order by submitted_at desc, id")
			.bind("owner", ownerId)
			.bind("exercise", exerciseId)
			.map((row) -> new Attempt(row.get("id", String.class), row.get("exercise_id", String.class),
					row.get("exercise_version", Integer.class), row.get("owner_id", Long.class), row.get("content", String.class), row.get("answers", String.class),
					row.get("score", Integer.class),
					row.get("max_score", Integer.class), row.get("result", String.class),
					row.get("submitted_at", OffsetDateTime.class).toInstant()))
			.all();
	}

}
