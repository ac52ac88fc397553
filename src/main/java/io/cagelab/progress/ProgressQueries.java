package io.cagelab.progress;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cagelab.progress.ClassProgress.AssignedExercise;
import io.cagelab.progress.ClassProgress.Cell;
import io.cagelab.progress.ClassProgress.FailingCheck;
import io.cagelab.progress.ClassProgress.FailingRule;
import io.cagelab.progress.ClassProgress.Learner;
import io.cagelab.progress.ClassProgress.State;
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

	/** How many of the most failed checks, and of the most failed rules, a class's progress lists. */
	static final int MOST_FAILED = 10;

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
		return Mono.zip(roster(classroomId), attemptSummaries(classroomId), failingChecks(classroomId)).map((all) -> {
			Roster roster = all.getT1();
			List<Cell> cells = roster.grid(all.getT2());
			Map<String, Long> passedBy = cells.stream().filter(Cell::passed)
				.collect(Collectors.groupingBy(Cell::exercise, Collectors.counting()));
			return new ClassProgress(roster.learners().stream().map(RosterLearner::learner).toList(),
					roster.exercises().stream().map((id) -> new AssignedExercise(id, passedBy.getOrDefault(id, 0L))).toList(),
					cells, all.getT3().stream().limit(MOST_FAILED).toList(), failingRules(all.getT3()));
		});
	}

	/** Return one cell per learner and assigned exercise, learners by user name, exercises in class order. */
	public Mono<List<Cell>> cells(String classroomId) {
		return Mono.zip(roster(classroomId), attemptSummaries(classroomId)).map((both) -> both.getT1().grid(both.getT2()));
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
					new Learner(row.get("username", String.class), instant(row, "joined_at"))))
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
				+ " max(s.submitted_at) as last_attempt_at"
				+ CLASS_ATTEMPTS + OF_CLASS + " group by s.owner_id, s.exercise_id")
			.bind("id", classroomId)
			.map((row) -> Map.entry(new Attempted(row.get("owner_id", Long.class), row.get("exercise_id", String.class)),
					new Summary(row.get("attempts", Long.class), row.get("best_score", Integer.class),
							row.get("max_score", Integer.class), instant(row, "first_passed_at"),
							instant(row, "last_attempt_at"))))
			.all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * The checks that fail in each learner's latest attempt at each exercise, most failed first. The latest attempt
	 * grades every check the exercise has now, so it holds the latest verdict of each.
	 */
	private Mono<List<FailingCheck>> failingChecks(String classroomId) {
		return this.database.sql("select latest.exercise_id, c.check_id, c.kind, c.rule, c.cis, count(*) as failing"
				+ " from (select s.exercise_id, array_agg(s.id order by s.submitted_at desc, s.id desc)[1] as id"
				+ CLASS_ATTEMPTS + OF_CLASS + " group by s.owner_id, s.exercise_id) latest"
				+ " join attempt_check c on c.submission_id = latest.id"
				+ " where not c.passed group by latest.exercise_id, c.check_id, c.kind, c.rule, c.cis"
				+ " order by failing desc, latest.exercise_id, c.check_id")
			.bind("id", classroomId)
			.map((row) -> new FailingCheck(row.get("exercise_id", String.class), row.get("check_id", String.class),
					row.get("kind", String.class), row.get("rule", String.class), row.get("cis", String.class),
					row.get("failing", Long.class)))
			.all().collectList();
	}

	/** Add up the failing checks rule by rule; checks that apply no rule (quizzes, probes) have none to add to. */
	private static List<FailingRule> failingRules(List<FailingCheck> failing) {
		record RuleKey(String rule, String cis) {
		}
		return failing.stream().filter((check) -> check.rule() != null)
			.collect(Collectors.groupingBy((check) -> new RuleKey(check.rule(), check.cis()),
					Collectors.summingLong(FailingCheck::failing)))
			.entrySet().stream()
			.map((entry) -> new FailingRule(entry.getKey().rule(), entry.getKey().cis(), entry.getValue()))
			.sorted(Comparator.comparingLong(FailingRule::failing).reversed().thenComparing(FailingRule::rule))
			.limit(MOST_FAILED)
			.toList();
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private record RosterLearner(long id, Learner learner) {
	}

	private record Attempted(long learnerId, String exerciseId) {
	}

	private record Summary(long attempts, int bestScore, int maxScore, Instant firstPassedAt, Instant lastAttemptAt) {
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

		/** Return a cell for every learner and exercise, attempted or not. */
		List<Cell> grid(Map<Attempted, Summary> summaries) {
			return this.learners.stream().flatMap((learner) -> this.exercises.stream().map((exercise) -> {
				Summary summary = summaries.get(new Attempted(learner.id(), exercise));
				String username = learner.learner().username();
				if (summary == null) {
					return new Cell(username, exercise, State.NOT_STARTED, null, null, 0, false, null, null);
				}
				boolean passed = summary.firstPassedAt() != null;
				return new Cell(username, exercise, passed ? State.PASSED : State.IN_PROGRESS, summary.bestScore(),
						summary.maxScore(), summary.attempts(), passed, summary.firstPassedAt(), summary.lastAttemptAt());
			})).toList();
		}

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
