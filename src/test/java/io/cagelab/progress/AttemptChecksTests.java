package io.cagelab.progress;

import java.util.List;
import java.util.Map;

import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt handed in through the API is stored with its checks' verdicts, whatever language it was graded in.
 */
class AttemptChecksTests extends IntegrationTest {

	@Autowired
	DatabaseClient database;

	@Test
	void aGradedAttemptStoresEachChecksVerdictInOrderWithoutItsWords() {
		String dockerfile = "FROM python:3.12-alpine\nADD app/ /opt/app/\nUSER 10001:10001\n";
		String id = (String) learner("chk-ann").postJson("/api/exercises/non-root-dockerfile/submissions?lang=fr",
				Map.of("content", dockerfile)).expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody().get("id");

		List<String> stored = this.database.sql("select position, check_id, kind, rule, cis, passed, points, earned"
				+ " from attempt_check where submission_id = :id order by position")
			.bind("id", id)
			.map((row) -> row.get("position", Integer.class) + "|" + row.get("check_id", String.class) + "|"
					+ row.get("kind", String.class) + "|" + row.get("rule", String.class) + "|" + row.get("cis", String.class) + "|"
					+ row.get("passed", Boolean.class) + "|" + row.get("points", Integer.class) + "|"
					+ row.get("earned", Integer.class))
			.all().collectList().block();
		assertThat(stored).containsExactly("0|user|rule|HR-01|4.1|true|3|3", "1|no-setuid|rule|HR-31|4.8|true|2|2",
				"2|build-hygiene|rule|HR-30|4.7, 4.9|false|2|0");
	}

	@Test
	void eachCheckKeepsItsLineAndItsMessageAsAKeyWithArgumentsNotAsWords() {
		String id = (String) learner("chk-ben").postJson("/api/exercises/harden-a-run-line/submissions?lang=fr",
				Map.of("content", "docker run --privileged --user 1000 web:1.4")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");

		Map<String, String> stored = this.database.sql("select check_id, line, message_key, message_args"
				+ " from attempt_check where submission_id = :id order by position")
			.bind("id", id)
			.map((row) -> Map.entry(row.get("check_id", String.class), row.get("line", Integer.class) + "|"
					+ row.get("message_key", String.class) + "|" + row.get("message_args", String.class)))
			.all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
		assertThat(stored).containsEntry("not-privileged", "1|HR-02.fail|[]")
			.containsEntry("runs-unprivileged", "1|grading.trial.not-run|[{\"key\":\"grading.trial.reason.privileged\","
					+ "\"arguments\":[]}]");
	}

}
