package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fill attempt_check from the result JSON of the attempts stored before it existed, so that they count in class
 * progress. Written against the JSON as it was, not the application's classes, which may change after it ran: the
 * first results had no kind, since every check was a rule then.
 */
public class V8__attempt_checks_from_results extends BaseJavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(V8__attempt_checks_from_results.class);

	private static final int BATCH = 1_000;

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		JsonMapper json = JsonMapper.builder().build();
		try (Statement select = connection.createStatement();
				ResultSet attempts = select.executeQuery("select id, result from submission s"
						+ " where not exists (select 1 from attempt_check c where c.submission_id = s.id)");
				PreparedStatement insert = connection.prepareStatement("insert into attempt_check (submission_id,"
						+ " position, check_id, kind, rule, cis, passed, points, earned) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			int pending = 0;
			while (attempts.next()) {
				String id = attempts.getString("id");
				JsonNode checks;
				try {
					checks = json.readTree(attempts.getString("result"));
				}
				catch (JacksonException ex) {
					// One unreadable attempt must not keep the application from starting; it just does not count.
					logger.warn("Attempt {} has a result that is not JSON; its checks are left out of progress", id);
					continue;
				}
				int position = 0;
				for (JsonNode check : checks) {
					insert.setString(1, id);
					insert.setInt(2, position++);
					insert.setString(3, check.get("id").asString());
					insert.setString(4, text(check, "kind", "rule"));
					setOrNull(insert, 5, text(check, "rule", null));
					setOrNull(insert, 6, text(check, "cis", null));
					insert.setBoolean(7, check.path("passed").asBoolean(false));
					insert.setInt(8, check.path("points").asInt(0));
					insert.setInt(9, check.path("earned").asInt(0));
					insert.addBatch();
					if (++pending == BATCH) {
						insert.executeBatch();
						pending = 0;
					}
				}
			}
			if (pending > 0) {
				insert.executeBatch();
			}
		}
	}

	/** Return a field's text, or the fallback when it is missing, null or blank (a check with no CIS control had ""). */
	private static String text(JsonNode check, String field, String fallback) {
		JsonNode value = check.get(field);
		return (value == null || value.isNull() || value.asString().isBlank()) ? fallback : value.asString();
	}

	private static void setOrNull(PreparedStatement insert, int index, String value) throws SQLException {
		if (value != null) {
			insert.setString(index, value);
		}
		else {
			insert.setNull(index, Types.VARCHAR);
		}
	}

}
