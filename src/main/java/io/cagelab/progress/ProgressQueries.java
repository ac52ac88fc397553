package io.cagelab.progress;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cagelab.progress.ClassBoard.Attempted;
import io.cagelab.progress.ClassBoard.FailedCheck;
import io.cagelab.progress.ClassBoard.Summary;
import io.cagelab.progress.ClassProgress.Cell;
import io.cagelab.progress.ClassProgress.Learner;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Class progress, counted by the database: a fixed number of queries per class, whatever its size. Every attempt a
 * learner of the class made on one of its exercises counts, whenever it was made.
 * <p>
 * H2 joins by nested loops and evaluates a grouped subquery again for each row it is joined to, so the aggregates
 * here join base tables only; learners without attempts and the order by user name are added in Java, from the roster.
 */
@Repository
public class ProgressQueries {

	/** The attempts that count for a class, as {@code s}: its learners' attempts on its exercises. */
	private static final String CLASS_ATTEMPTS = " from enrolment e"
			+ " join classroom_exercise x on x.classroom_id = e.classroom_id"
			+ " join submission s on s.owner_id = e.learner_id and s.exercise_id = x.exercise_id";

	private static final String OF_CLASS = " where e.classroom_id = :id";

	private final DatabaseClient database;

	ProgressQueries(DatabaseClient database) {
		this.database = database;
	}

	/** Return where the class stands; a class nobody joined, or with nothing assigned, has no cells. */
	public Mono<ClassProgress> classProgress(String classroomId) {
		return board(classroomId).map(ClassBoard::snapshot);
	}

	/** Return one cell per learner and assigned exercise, learners by user name, exercises in class order. */
	public Mono<List<Cell>> cells(String classroomId) {
		return board(classroomId).map(ClassBoard::cells);
	}

	/** Read where the class stands, to be kept up to date from then on by the attempts stored. */
	public Mono<ClassBoard> board(String classroomId) {
		return Mono.zip(roster(classroomId), attemptSummaries(classroomId), latestFailures(classroomId))
			.map((all) -> new ClassBoard(all.getT1().learners().stream().map(RosterLearner::learner).toList(),
					all.getT1().exercises(), all.getT2(), all.getT3()));
	}

	/**
	 * Return each learner's record on each check an attempt graded, learners by user name, exercises in class order,
	 * checks in exercise order. The latest verdict is the one of the latest attempt that graded the check.
	 */
	public Mono<List<CheckProgress>> checks(String classroomId) {
		Mono<List<CheckRow>> rows = this.database.sql("select s.owner_id, s.exercise_id, c.check_id,"
				+ " min(c.position) as position, any_value(c.kind) as kind, any_value(c.rule) as rule,"
				+ " any_value(c.cis) as cis,"
				+ " array_agg(c.passed order by s.submitted_at desc, s.id desc)[1] as passed,"
				+ " bool_or(c.passed) as ever_passed, count(*) as attempts"
				+ CLASS_ATTEMPTS + " join attempt_check c on c.submission_id = s.id" + OF_CLASS
				+ " group by s.owner_id, s.exercise_id, c.check_id")
			.bind("id", classroomId)
			.map((row) -> new CheckRow(row.get("owner_id", Long.class), row.get("exercise_id", String.class),
					row.get("check_id", String.class), row.get("position", Integer.class), row.get("kind", String.class),
					row.get("rule", String.class), row.get("cis", String.class), row.get("passed", Boolean.class),
					row.get("ever_passed", Boolean.class), row.get("attempts", Long.class)))
			.all().collectList();
		return Mono.zip(roster(classroomId), rows).map((both) -> both.getT1().ordered(both.getT2()));
	}

	/** Who is in the class and what it assigns, in the order progress lists them. */
	private Mono<Roster> roster(String classroomId) {
		Mono<List<RosterLearner>> learners = this.database.sql("select a.id, a.username, e.joined_at from enrolment e"
				+ " join user_account a on a.id = e.learner_id where e.classroom_id = :id order by a.username")
			.bind("id", classroomId)
			.map((row) -> new RosterLearner(row.get("id", Long.class),
					new Learner(row.get("id", Long.class), row.get("username", String.class),
							instant(row, "joined_at"))))
			.all().collectList();
		Mono<List<String>> exercises = this.database.sql("select exercise_id from classroom_exercise"
				+ " where classroom_id = :id order by position")
			.bind("id", classroomId).map((row) -> row.get("exercise_id", String.class)).all().collectList();
		return Mono.zip(learners, exercises).map((both) -> new Roster(both.getT1(), both.getT2()));
	}

	/** Each learner's attempts on each exercise they tried, summed up. */
	private Mono<Map<Attempted, Summary>> attemptSummaries(String classroomId) {
		return this.database.sql("select s.owner_id, s.exercise_id, count(*) as attempts, max(s.score) as best_score,"
				+ " max(s.max_score) as max_score,"
				+ " min(case when s.score = s.max_score then s.submitted_at end) as first_passed_at,"
				+ " max(s.submitted_at) as last_attempt_at,"
				+ " array_agg(s.submitted_at order by s.score desc, s.submitted_at)[1] as improved_at"
				+ CLASS_ATTEMPTS + OF_CLASS + " group by s.owner_id, s.exercise_id")
			.bind("id", classroomId)
			.map((row) -> Map.entry(new Attempted(row.get("owner_id", Long.class), row.get("exercise_id", String.class)),
					new Summary(row.get("attempts", Long.class), row.get("best_score", Integer.class),
							row.get("max_score", Integer.class), instant(row, "first_passed_at"),
							instant(row, "last_attempt_at"), instant(row, "improved_at"))))
			.all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * The checks that fail in each learner's latest attempt at each exercise. The latest attempt grades every check
	 * the exercise has now, so it holds the latest verdict of each.
	 */
	private Mono<Map<Attempted, List<FailedCheck>>> latestFailures(String classroomId) {
		return this.database.sql("select latest.owner_id, latest.exercise_id, c.check_id, c.kind, c.rule, c.cis"
				+ " from (select s.owner_id, s.exercise_id,"
				+ " array_agg(s.id order by s.submitted_at desc, s.id desc)[1] as id"
				+ CLASS_ATTEMPTS + OF_CLASS + " group by s.owner_id, s.exercise_id) latest"
				+ " join attempt_check c on c.submission_id = latest.id where not c.passed")
			.bind("id", classroomId)
			.map((row) -> Map.entry(new Attempted(row.get("owner_id", Long.class), row.get("exercise_id", String.class)),
					new FailedCheck(row.get("exercise_id", String.class), row.get("check_id", String.class),
							row.get("kind", String.class), row.get("rule", String.class), row.get("cis", String.class))))
			.all()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private record RosterLearner(long id, Learner learner) {
	}

	private record CheckRow(long learnerId, String exercise, String check, int position, String kind, String rule,
			String cis, boolean passed, boolean everPassed, long attempts) {

		CheckProgress of(String username) {
			return new CheckProgress(username, this.exercise, this.check, this.kind, this.rule, this.cis, this.passed,
					this.everPassed, this.attempts);
		}

	}

	/**
	 * @param learners by user name
	 * @param exercises in class order
	 */
	private record Roster(List<RosterLearner> learners, List<String> exercises) {

		/** Return the checks' records named and ordered by learner, then exercise, then check. */
		List<CheckProgress> ordered(List<CheckRow> rows) {
			Map<Long, Integer> learnerOrder = new HashMap<>();
			this.learners.forEach((learner) -> learnerOrder.put(learner.id(), learnerOrder.size()));
			Map<Long, String> usernames = this.learners.stream()
				.collect(Collectors.toMap(RosterLearner::id, (learner) -> learner.learner().username()));
			Map<String, Integer> exerciseOrder = new HashMap<>();
			this.exercises.forEach((exercise) -> exerciseOrder.put(exercise, exerciseOrder.size()));
			return rows.stream()
				.sorted(Comparator.comparing((CheckRow row) -> learnerOrder.get(row.learnerId()))
					.thenComparing((row) -> exerciseOrder.get(row.exercise()))
					.thenComparingInt(CheckRow::position)
					.thenComparing(CheckRow::check))
				.map((row) -> row.of(usernames.get(row.learnerId())))
				.toList();
		}

	}

}
