package io.cagelab.progress;

import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A class's progress as CSV files for a spreadsheet. The column names are ids, like the values under them, so that
 * formulas and scripts read every file the same whoever downloaded it and in whichever language.
 * <p>
 * A file is built whole before it is sent: a download cut short by a failing query would otherwise look complete.
 * The rows are read and written on the database's threads, never on an event loop.
 */
@Component
public class ProgressExports {

	private final ProgressQueries queries;

	ProgressExports(ProgressQueries queries) {
		this.queries = queries;
	}

	/** One row per learner and assigned exercise. */
	public Mono<String> gradebook(String classroomId) {
		return csv(this.queries.cells(classroomId), new Object[] { "username", "exercise", "best_score", "max_score",
				"attempts", "passed", "first_passed_at", "last_attempt_at" },
				(cell) -> new Object[] { cell.learner(), cell.exercise(), cell.bestScore(), cell.maxScore(),
						cell.attempts(), cell.passed(), cell.firstPassedAt(), cell.lastAttemptAt() });
	}

	/** One row per learner, exercise and check that an attempt graded. */
	public Mono<String> checks(String classroomId) {
		return csv(this.queries.checks(classroomId), new Object[] { "username", "exercise", "check", "kind", "rule", "cis",
				"passed", "ever_passed", "attempts" },
				(check) -> new Object[] { check.learner(), check.exercise(), check.check(), check.kind(), check.rule(),
						check.cis(), check.passed(), check.everPassed(), check.attempts() });
	}

	private static <T> Mono<String> csv(Mono<List<T>> rows, Object[] header, Function<T, Object[]> fields) {
		return rows.map((all) -> {
			StringBuilder csv = Csv.appendLine(new StringBuilder(Csv.BYTE_ORDER_MARK), header);
			all.forEach((row) -> Csv.appendLine(csv, fields.apply(row)));
			return csv.toString();
		});
	}

}
