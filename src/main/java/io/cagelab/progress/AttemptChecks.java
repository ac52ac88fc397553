package io.cagelab.progress;

import java.util.List;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Where an attempt's check verdicts are kept for class progress to count; called when the attempt is stored, within
 * its transaction.
 */
@Repository
public class AttemptChecks {

	private static final String INSERT = "insert into attempt_check (submission_id, position, check_id, kind, rule, cis,"
			+ " passed, points, earned) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

	private final DatabaseClient database;

	AttemptChecks(DatabaseClient database) {
		this.database = database;
	}

	/** Store the verdicts of an attempt, in the order given, as one batch. */
	public Mono<Void> store(String submissionId, List<CheckVerdict> verdicts) {
		if (verdicts.isEmpty()) {
			return Mono.empty();
		}
		return this.database.inConnection((connection) -> {
			Statement insert = connection.createStatement(INSERT);
			for (int position = 0; position < verdicts.size(); position++) {
				if (position > 0) {
					insert.add();
				}
				CheckVerdict verdict = verdicts.get(position);
				insert.bind(0, submissionId).bind(1, position).bind(2, verdict.checkId()).bind(3, verdict.kind());
				bindOrNull(insert, 4, verdict.rule());
				bindOrNull(insert, 5, verdict.cis());
				insert.bind(6, verdict.passed()).bind(7, verdict.points()).bind(8, verdict.earned());
			}
			return Flux.from(insert.execute()).flatMap(Result::getRowsUpdated).then();
		});
	}

	private static void bindOrNull(Statement statement, int index, String value) {
		if (value != null) {
			statement.bind(index, value);
		}
		else {
			statement.bindNull(index, String.class);
		}
	}

}
