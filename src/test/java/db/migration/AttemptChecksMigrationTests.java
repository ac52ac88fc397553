package db.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V8 on a database file as it stood at V7, holding attempts in every result format stored so far.
 */
class AttemptChecksMigrationTests {

	/** A result as stored before checks had a kind: every check was a rule. */
	static final String FIRST_FORMAT = """
			[{"id":"user","rule":"HR-01","cis":"4.1","passed":false,"points":3,"earned":0,"line":1,
			  "message":"The image runs as root.","hint":"End with USER 10001."},
			 {"id":"build-hygiene","rule":"HR-30","cis":"","passed":true,"points":2,"earned":2,"line":1,
			  "message":"COPY is used.","hint":null}]""";

	/** A result as stored since quizzes and runtime checks came, in French. */
	static final String CURRENT_FORMAT = """
			[{"id":"what-chroot-changes","kind":"quiz","rule":null,"cis":"","passed":true,"points":1,"earned":1,
			  "line":0,"message":"chroot(2) change seulement…","hint":null},
			 {"id":"still-shared","kind":"quiz","rule":null,"cis":"","passed":false,"points":2,"earned":0,
			  "line":0,"message":"Faux.","hint":"chroot confine les noms de chemins."}]""";

	@Test
	void oldAttemptsGetTheirChecksInOrderWhateverTheirFormat() throws Exception {
		Path folder = Files.createDirectories(Path.of("target", "test-data"));
		String url = "jdbc:h2:file:" + Files.createTempDirectory(folder.toAbsolutePath(), "migration-").resolve("db");
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("7").load().migrate();
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			insertAttempt(connection, "old-1", "non-root-dockerfile", FIRST_FORMAT);
			insertAttempt(connection, "new-1", "chroot-quiz", CURRENT_FORMAT);
			insertAttempt(connection, "broken", "chroot-quiz", "not json");
		}

		Flyway flyway = Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("8").load();
		flyway.migrate();

		MigrationInfo v8 = flyway.info().current();
		assertThat(v8.getVersion().getVersion()).isEqualTo("8");
		assertThat(v8.getType().name()).isEqualTo("JDBC");
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				ResultSet rows = connection.createStatement().executeQuery("select submission_id, position, check_id,"
						+ " kind, rule, cis, passed, points, earned from attempt_check order by submission_id, position")) {
			List<String> stored = new ArrayList<>();
			while (rows.next()) {
				stored.add(String.join("|", rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
						rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9)));
			}
			assertThat(stored).containsExactly(
					"new-1|0|what-chroot-changes|quiz|null|null|TRUE|1|1",
					"new-1|1|still-shared|quiz|null|null|FALSE|2|0",
					"old-1|0|user|rule|HR-01|4.1|FALSE|3|0",
					"old-1|1|build-hygiene|rule|HR-30|null|TRUE|2|2");
		}
	}

	private static void insertAttempt(Connection connection, String id, String exercise, String result)
			throws Exception {
		try (PreparedStatement insert = connection.prepareStatement("insert into submission (id, exercise_id, owner_id,"
				+ " content, score, max_score, result, submitted_at) values (?, ?, 1, '', 0, 5, ?, ?)")) {
			insert.setString(1, id);
			insert.setString(2, exercise);
			insert.setString(3, result);
			insert.setTimestamp(4, Timestamp.from(Instant.parse("2026-11-01T09:00:00Z")));
			insert.executeUpdate();
		}
	}

}
