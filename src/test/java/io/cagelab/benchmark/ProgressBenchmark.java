package io.cagelab.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.Percentiles;
import io.cagelab.exercise.Check;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.grading.HardeningRule;
import io.cagelab.grading.HardeningRules;
import io.cagelab.progress.ClassBoard;
import io.cagelab.progress.ProgressEvents;
import io.cagelab.progress.ProgressQueries;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * A class of 100 learners, each with 10 attempts on each of the course's 29 exercises, every attempt with its checks:
 * the progress query, and the progress and both CSV files through HTTP as the class's trainer. Not part of the test
 * suite: {@code ./mvnw test -Dtest=ProgressBenchmark}; results in target/benchmarks/progress.txt.
 */
class ProgressBenchmark extends IntegrationTest {

	static final int LEARNERS = 100;

	static final int ATTEMPTS = 10;

	static final int WARM_UP = 10;

	static final int RUNS = 20;

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	ProgressQueries queries;

	final StringBuilder report = new StringBuilder();

	@Test
	void progressOfALargeClass() throws Exception {
		BrowserSession trainer = loggedIn("bench-trainer", "TRAINER");
		Map<?, ?> created = trainer.postJson("/api/classes", Map.of("name", "Benchmark")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String classId = (String) created.get("id");
		List<Exercise> exercises = this.catalog.exercises().block().stream()
			.filter((exercise) -> ((List<?>) created.get("exercises")).contains(exercise.id())).toList();
		long started = System.nanoTime();
		long checkRows = generate(classId, exercises);
		line("Class of %d learners x %d exercises x %d attempts: %d attempts, %d check verdicts (generated in %.1f s)",
				LEARNERS, exercises.size(), ATTEMPTS, LEARNERS * exercises.size() * ATTEMPTS, checkRows,
				(System.nanoTime() - started) / 1e9);

		String base = "/api/classes/" + classId;
		measure("ProgressQueries.classProgress (the SQL and its assembly)",
				() -> this.queries.classProgress(classId).block().cells().size() + " cells");
		ClassBoard board = this.queries.board(classId).block();
		long learnerId = board.learners().get(0).id();
		String exercise = exercises.get(0).id();
		measure("A live dashboard's update for one new attempt (in memory)", () -> {
			board.record(new ProgressEvents.AttemptRecorded("bench", learnerId, exercise, 1, 2, Instant.now(), List.of()));
			return board.row(learnerId).size() + " cells in the row, "
					+ board.snapshot().mostFailedChecks().size() + " most failed checks";
		});
		measure("GET progress (JSON, as the trainer)", () -> size(trainer, base + "/progress"));
		measure("GET gradebook.csv", () -> size(trainer, base + "/gradebook.csv"));
		measure("GET checks.csv", () -> size(trainer, base + "/checks.csv"));

		line("Load average when done (2 cores shared with other runs): %s",
				Files.readString(Path.of("/proc/loadavg")).trim());
		Path out = Files.createDirectories(Path.of("target", "benchmarks")).resolve("progress.txt");
		Files.writeString(out, this.report);
		System.out.println(this.report);
	}

	/** Write the learners, their enrolments and attempts straight into the application's database file. */
	private long generate(String classId, List<Exercise> exercises) throws Exception {
		Map<String, String> cisOf = HardeningRules.ALL.stream()
			.collect(Collectors.toMap(HardeningRule::id, HardeningRule::cis));
		Random random = new Random(42);
		Instant start = Instant.parse("2026-09-01T08:00:00Z");
		long checkRows = 0;
		String url = "jdbc:h2:file:" + DATA_DIR.resolve("db").resolve("cagelab");
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				PreparedStatement account = connection.prepareStatement("insert into user_account (username,"
						+ " password_hash, role, created_at) values (?, 'x', 'LEARNER', ?)");
				PreparedStatement enrolment = connection.prepareStatement("insert into enrolment (classroom_id,"
						+ " learner_id, joined_at) select ?, id, ? from user_account where username = ?");
				PreparedStatement attempt = connection.prepareStatement("insert into submission (id, exercise_id,"
						+ " owner_id, content, answers, score, max_score, result, submitted_at)"
						+ " select ?, ?, id, ?, '{}', ?, ?, ?, ? from user_account where username = ?");
				PreparedStatement verdict = connection.prepareStatement("insert into attempt_check (submission_id,"
						+ " position, check_id, kind, rule, cis, passed, points, earned) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			connection.setAutoCommit(false);
			Timestamp joined = Timestamp.from(start);
			for (int learner = 0; learner < LEARNERS; learner++) {
				String username = "bench-learner-" + learner;
				account.setString(1, username);
				account.setTimestamp(2, joined);
				account.executeUpdate();
				enrolment.setString(1, classId);
				enrolment.setTimestamp(2, joined);
				enrolment.setString(3, username);
				enrolment.executeUpdate();
				for (int e = 0; e < exercises.size(); e++) {
					Exercise exercise = exercises.get(e);
					for (int a = 0; a < ATTEMPTS; a++) {
						String id = "bench-" + learner + "-" + e + "-" + a;
						// Learners get better with each attempt, as they read the hints.
						double passes = 0.3 + 0.07 * a;
						int score = 0;
						StringBuilder result = new StringBuilder("[");
						for (int position = 0; position < exercise.checks().size(); position++) {
							Check check = exercise.checks().get(position);
							boolean passed = random.nextDouble() < passes;
							int earned = passed ? check.points() : 0;
							score += earned;
							String rule = (check instanceof Check.Rule ruleCheck) ? ruleCheck.rule() : null;
							String cis = (rule != null) ? cisOf.get(rule) : null;
							verdict.setString(1, id);
							verdict.setInt(2, position);
							verdict.setString(3, check.id());
							verdict.setString(4, check.kind().code());
							verdict.setString(5, rule);
							verdict.setString(6, (cis == null || cis.isEmpty()) ? null : cis);
							verdict.setBoolean(7, passed);
							verdict.setInt(8, check.points());
							verdict.setInt(9, earned);
							verdict.addBatch();
							checkRows++;
							result.append((position > 0) ? "," : "").append("{\"id\":\"").append(check.id())
								.append("\",\"kind\":\"").append(check.kind().code()).append("\",\"passed\":").append(passed)
								.append(",\"message\":\"What the learner reads about this check, a sentence or two.\"}");
						}
						attempt.setString(1, id);
						attempt.setString(2, exercise.id());
						attempt.setString(3, "FROM python:3.12-alpine\nCOPY app/ /opt/app/\nUSER 10001:10001\n");
						attempt.setInt(4, score);
						attempt.setInt(5, exercise.maxScore());
						attempt.setString(6, result.append("]").toString());
						attempt.setTimestamp(7, Timestamp.from(start.plusSeconds(((long) e * ATTEMPTS + a) * 600 + learner)));
						attempt.setString(8, username);
						attempt.addBatch();
					}
				}
				attempt.executeBatch();
				verdict.executeBatch();
				connection.commit();
			}
		}
		return checkRows;
	}

	private void measure(String what, Supplier<String> run) {
		String outcome = "";
		for (int i = 0; i < WARM_UP; i++) {
			run.get();
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			long started = System.nanoTime();
			outcome = run.get();
			times.add((System.nanoTime() - started) / 1e6);
		}
		line("  %-58s median %7.1f ms, p95 %7.1f ms  (%s)", what, Percentiles.of(times, 0.5),
				Percentiles.of(times, 0.95), outcome);
	}

	private static String size(BrowserSession session, String path) {
		byte[] body = session.client().mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(64 << 20))
			.build().get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return String.format("%.1f KiB", body.length / 1024.0);
	}

	private void line(String format, Object... arguments) {
		this.report.append(String.format(Locale.ROOT, format, arguments)).append('\n');
	}

}
