package io.cagelab.progress;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Where an attempt's check verdicts are kept for class progress to count and attempts to be shown in any language;
 * stored when the attempt is, within its transaction.
 */
@Repository
public class AttemptChecks {

	private static final String INSERT = "insert into attempt_check (submission_id, position, check_id, kind, rule, cis,"
			+ " passed, points, earned, line, message_key, message_args)"
			+ " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

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
				bindOrNull(insert, 4, verdict.rule(), String.class);
				bindOrNull(insert, 5, verdict.cis(), String.class);
				insert.bind(6, verdict.passed()).bind(7, verdict.points()).bind(8, verdict.earned());
				bindOrNull(insert, 9, verdict.line(), Integer.class);
				bindOrNull(insert, 10, verdict.messageKey(), String.class);
				bindOrNull(insert, 11, verdict.messageArguments(), String.class);
			}
			return Flux.from(insert.execute()).flatMap(Result::getRowsUpdated).then();
		});
	}

	/** Return the verdicts of each attempt named, in their order, by attempt id; an attempt without any is left out. */
	public Mono<Map<String, List<CheckVerdict>>> of(Collection<String> submissionIds) {
		if (submissionIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.database.sql("select submission_id, check_id, kind, rule, cis, passed, points, earned, line,"
				+ " message_key, message_args from attempt_check where submission_id in (:ids)"
				+ " order by submission_id, position")
			.bind("ids", List.copyOf(submissionIds))
			.map((row) -> Map.entry(row.get("submission_id", String.class), new CheckVerdict(
					row.get("check_id", String.class), row.get("kind", String.class), row.get("rule", String.class),
					row.get("cis", String.class), row.get("passed", Boolean.class), row.get("points", Integer.class),
					row.get("earned", Integer.class), row.get("line", Integer.class),
					row.get("message_key", String.class), row.get("message_args", String.class))))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
			.map((multimap) -> {
				Map<String, List<CheckVerdict>> byAttempt = new LinkedHashMap<>();
				multimap.forEach((id, verdicts) -> byAttempt.put(id, List.copyOf(verdicts)));
				return byAttempt;
			});
	}

	private static <T> void bindOrNull(Statement statement, int index, T value, Class<T> type) {
		if (value != null) {
			statement.bind(index, value);
		}
		else {
			statement.bindNull(index, type);
		}
	}

}
