package io.cagelab.progress;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cagelab.security.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * One learner's own progress, as far as the viewer may see it: their marks on each exercise and their last hand-in.
 */
@Repository
public class LearnerProgress {

	private static final Logger logger = LoggerFactory.getLogger(LearnerProgress.class);

	private static final TypeReference<Map<String, List<Integer>>> ANSWERS = new TypeReference<>() {
	};

	private final DatabaseClient database;

	private final JsonMapper json;

	LearnerProgress(DatabaseClient database, JsonMapper json) {
		this.database = database;
		this.json = json;
	}

	/** Return the learner's marks on every exercise they tried that the viewer may see; none for anyone else. */
	public Mono<LearnerMarks> marks(Viewer viewer, long learnerId) {
		if (!viewer.maySee(learnerId)) {
			return Mono.just(LearnerMarks.NONE);
		}
		// One pass over the learner's rows of the submission_owner_exercise index.
		return this.database.sql("select exercise_id, count(*) as attempts, max(score) as best_score,"
				+ " max(max_score) as max_score, max(submitted_at) as last_attempt_at"
				+ " from submission where owner_id = :owner group by exercise_id")
			.bind("owner", learnerId)
			.map((row) -> new ExerciseMark(row.get("exercise_id", String.class), row.get("best_score", Integer.class),
					row.get("max_score", Integer.class), row.get("attempts", Long.class),
					row.get("last_attempt_at", OffsetDateTime.class).toInstant()))
			.all()
			.filter((mark) -> viewer.maySee(learnerId, mark.exerciseId()))
			.collect(Collectors.toMap(ExerciseMark::exerciseId, Function.identity()))
			.map(LearnerMarks::new);
	}

	/** Return what the learner last handed in for the exercise, or nothing when they never did or it is not seen. */
	public Mono<HandIn> lastHandIn(Viewer viewer, long learnerId, String exerciseId) {
		if (!viewer.maySee(learnerId, exerciseId)) {
			return Mono.empty();
		}
		return this.database.sql("select id, content, answers, submitted_at from submission"
				+ " where owner_id = :owner and exercise_id = :exercise"
				+ " order by submitted_at desc, id desc fetch first row only")
			.bind("owner", learnerId)
			.bind("exercise", exerciseId)
			.map((row) -> new HandIn(row.get("id", String.class), exerciseId, row.get("content", String.class),
					answers(row.get("id", String.class), row.get("answers", String.class)),
					row.get("submitted_at", OffsetDateTime.class).toInstant()))
			.one();
	}

	/** Read stored answers; unreadable ones are logged and left blank, so that the page still opens. */
	private Map<String, List<Integer>> answers(String attemptId, String stored) {
		try {
			Map<String, List<Integer>> answers = this.json.readValue(stored, ANSWERS);
			return (answers != null) ? answers : Map.of();
		}
		catch (JacksonException ex) {
			logger.warn("The answers of attempt {} cannot be read: {}", attemptId, ex.getOriginalMessage());
			return Map.of();
		}
	}

}
