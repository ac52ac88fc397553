package io.cagelab.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.cagelab.AppProcess;
import io.cagelab.BrowserSession;
import io.cagelab.DockerCli;
import io.cagelab.exercise.ExerciseSpecReaderTests;
import io.cagelab.sandbox.SandboxLabels;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * A classroom installation upgraded in place: each of the last versions before this one leaves a database behind,
 * with a row in every table it has (written as that version's schema allowed, then carried through every migration
 * after it), and this version starts on it, serves every account, class, attempt, sandbox, watch and message as it
 * was, and keeps every row unchanged. A database written by a newer version is refused, not run on.
 */
@Tag("engine")
class UpgradeTests {

	static final String ADMIN_PASSWORD = "upgrade-admin-1";

	static final String PASSWORD = "upgrade-pass-1";

	/** How many of the versions before this one each leave their own data behind, oldest first. */
	static final int EARLIER_VERSIONS = 3;

	static final String HISTORY = "flyway_schema_history";

	/** Tables a migration fills itself: V3 names the installation, and a second row would make two. */
	static final Set<String> FILLED_BY_MIGRATIONS = Set.of("installation");

	/** A real hash, as the app's delegating encoder writes it: hashed once, the accounts share one password. */
	static final String PASSWORD_HASH = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);

	static final String DOCKERFILE = "FROM python:3.12-alpine\nCOPY app/ /opt/app/\nUSER 10001:10001\n";

	/** The result JSON as the grader stores it, graded in English, full marks. */
	static final String RESULT = """
			[{"id":"user","kind":"rule","rule":"HR-01","cis":"4.1","passed":true,"points":3,"earned":3,"line":3,\
			"message":"The container runs as a non-root user.","hint":null,"title":"HR-01 · CIS 4.1",\
			"strongerHint":null,"answer":null,"explanation":null},\
			{"id":"no-setuid","kind":"rule","rule":"HR-31","cis":"4.8","passed":true,"points":2,"earned":2,"line":1,\
			"message":"No setuid or setgid program is left to raise privileges.","hint":null,"title":"HR-31 · CIS 4.8",\
			"strongerHint":null,"answer":null,"explanation":null},\
			{"id":"build-hygiene","kind":"rule","rule":"HR-30","cis":"4.7, 4.9","passed":true,"points":2,"earned":2,\
			"line":1,"message":"The build follows the hygiene rules (COPY, no sudo, update with install, pipefail).",\
			"hint":null,"title":"HR-30 · CIS 4.7, 4.9","strongerHint":null,"answer":null,"explanation":null}]""";

	AppProcess app;

	final List<String> sandboxIds = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
		for (String sandboxId : this.sandboxIds) {
			String containers = DockerCli.docker("ps", "-aq", "--filter", "label=" + SandboxLabels.SANDBOX + "="
					+ sandboxId).output();
			if (!containers.isBlank()) {
				DockerCli.docker("rm", "-f", containers);
			}
		}
	}

	@Test
	void theDataOfEachOfTheLastVersionsIsServedAndKeptAfterAnUpgrade() throws Exception {
		List<MigrationVersion> versions = migrationVersions();
		MigrationVersion newest = versions.get(versions.size() - 1);
		List<MigrationVersion> earlier = versions.subList(Math.max(0, versions.size() - 1 - EARLIER_VERSIONS),
				versions.size() - 1);
		fixturesFitTheNewestSchema();

		Path dataDir = freshDataDir("upgrade-");
		String url = jdbcUrl(dataDir);
		List<Generation> generations = new ArrayList<>();
		for (MigrationVersion version : earlier) {
			flyway(url).target(version).load().migrate();
			try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
				generations.add(new Fixtures(connection, dataDir, false).insert(version, generations.isEmpty()));
			}
		}
		Schema before = Schema.of(url);
		Map<String, List<String>> rowsBefore = before.rows(url);

		// Given another admin password: the admin account of the old database is the one that counts.
		this.app = new AppProcess(dataDir, "not-the-admin-password").start();
		AssertionError notServed = null;
		try {
			BrowserSession.loggedIn(this.app.client(), "admin", ADMIN_PASSWORD);
			for (Generation generation : generations) {
				servedAsItWas(generation);
			}
			Generation last = generations.get(generations.size() - 1);
			new BrowserSession(this.app.client()).postJson("/api/join", Map.of("code", last.joinCode(), "username",
					"up-newcomer", "password", PASSWORD, "language", "en")).expectStatus().isCreated();
		}
		catch (AssertionError ex) {
			// Told after the rows: a row lost says more than the page it is missing from.
			notServed = ex;
		}
		this.app.close();

		Map<String, List<String>> rowsAfter = before.rows(url);
		// What the checks above added: the newcomer's account and enrolment.
		Map<String, Integer> added = Map.of("user_account", 1, "enrolment", 1);
		for (Map.Entry<String, List<String>> table : rowsBefore.entrySet()) {
			try {
				assertThat(rowsAfter.get(table.getKey())).as("the rows of %s after the upgrade", table.getKey())
					.containsAll(table.getValue());
				if (notServed == null) {
					assertThat(rowsAfter.get(table.getKey())).as("the rows of %s after the upgrade", table.getKey())
						.hasSize(table.getValue().size() + added.getOrDefault(table.getKey(), 0));
				}
			}
			catch (AssertionError lost) {
				if (notServed != null) {
					lost.addSuppressed(notServed);
				}
				throw lost;
			}
		}
		if (notServed != null) {
			throw notServed;
		}
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet failed = statement.executeQuery("select count(*) from \"" + HISTORY + "\""
						+ " where not \"success\"")) {
			failed.next();
			assertThat(failed.getInt(1)).as("failed migrations").isZero();
		}
		assertThat(flyway(url).load().info().current().getVersion()).isEqualTo(newest);
	}

	@Test
	void aDatabaseWrittenByANewerVersionIsRefused() throws Exception {
		Path dataDir = freshDataDir("newer-");
		String url = jdbcUrl(dataDir);
		flyway(url).load().migrate();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			// Flyway quotes its table's names, in lower case.
			statement.executeUpdate("insert into \"" + HISTORY + "\" (\"installed_rank\", \"version\","
					+ " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\","
					+ " \"execution_time\", \"success\") select max(\"installed_rank\") + 1, '999', 'from a newer cagelab',"
					+ " 'SQL', 'V999__from_a_newer_cagelab.sql', 0, 'SA', current_timestamp, 1, true"
					+ " from \"" + HISTORY + "\"");
		}
		this.app = new AppProcess(dataDir, ADMIN_PASSWORD);
		assertThatThrownBy(this.app::start).as("the app must not run on a schema it does not know")
			.hasMessageStartingWith("The app exited")
			.hasMessageContaining("was written by a newer version of Cagelab (its schema is at version 999; this"
					+ " version knows up to " + migrationVersions().get(migrationVersions().size() - 1) + ")")
			.hasMessageContaining("restore a backup made with this one").hasMessageNotContaining("repair");
	}

	/** Everything the old version wrote, as this version shows it to each of its people. */
	private void servedAsItWas(Generation generation) {
		WebTestClient client = this.app.client();
		BrowserSession learner = BrowserSession.loggedIn(client, generation.learner(), PASSWORD);
		assertThat(new BrowserSession(client).submitLogin(generation.disabled(), PASSWORD))
			.as("a disabled account stays disabled").isEqualTo("/login?error");
		assertThat(body(learner.get("/api/classes"))).contains(generation.classId());
		assertThat(body(learner.get("/api/exercises/non-root-dockerfile/submissions")))
			.contains(generation.submissionId());
		learner.get("/api/sandboxes/" + generation.sandboxId()).expectStatus().isOk().expectBody()
			.jsonPath("$.containerId").isEqualTo(generation.containerId());
		if (generation.has("class_message")) {
			assertThat(learner.client().get().uri("/api/messages").accept(MediaType.TEXT_EVENT_STREAM).exchange()
				.expectStatus().isOk().returnResult(String.class).getResponseBody()
				.filter((event) -> !event.isBlank()).take(2).take(Duration.ofSeconds(5)).collectList().block())
				.as("the recent messages, to the class and to the learner")
				.anySatisfy((event) -> assertThat(event).contains(generation.classMessage()))
				.anySatisfy((event) -> assertThat(event).contains(generation.learnerMessage()));
		}

		BrowserSession trainer = BrowserSession.loggedIn(client, generation.trainer(), PASSWORD);
		trainer.get("/api/classes/" + generation.classId()).expectStatus().isOk().expectBody()
			.jsonPath("$.name").isEqualTo(generation.className())
			.jsonPath("$.joinCode").isEqualTo(generation.joinCode().substring(0, 4) + "-"
					+ generation.joinCode().substring(4));
		assertThat(body(trainer.get("/api/classes/" + generation.classId() + "/progress")))
			.contains(generation.learner()).contains("\"state\":\"passed\"");
		// Told from the checks' message keys, in the trainer's language rather than the one it was graded in.
		assertThat(body(trainer.get("/api/classes/" + generation.classId() + "/learners/" + generation.learnerId()
				+ "/attempts?exercise=non-root-dockerfile&lang=fr")))
			.contains(generation.submissionId()).contains("Le conteneur tourne avec un utilisateur non root.");
		if (generation.has("terminal_watch")) {
			assertThat(body(trainer.get("/api/watches"))).contains(generation.watchId())
				.contains("\"watcher\":\"" + generation.trainer() + "\"");
		}
		if (generation.has("authored_exercise")) {
			trainer.get("/api/authoring/exercises/" + generation.authoredId()).expectStatus().isOk().expectBody()
				.jsonPath("$.version").isEqualTo(2).jsonPath("$.owner").isEqualTo(generation.trainer());
		}
		if (generation.has("exercise_publication")) {
			learner.get("/labs/" + generation.publishedId()).expectStatus().isOk();
		}
		BrowserSession assistant = BrowserSession.loggedIn(client, generation.assistant(), PASSWORD);
		assertThat(body(assistant.get("/api/classes/" + generation.classId() + "/progress")))
			.contains(generation.learner());
	}

	private static String body(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	/**
	 * The fixtures written into a database migrated to the newest version: every table this version has gets a row,
	 * with a value for every column it requires, and no fixture names a column no version has.
	 */
	private void fixturesFitTheNewestSchema() throws Exception {
		String url = "jdbc:h2:mem:upgrade-fixtures-" + UUID.randomUUID();
		// A database in memory lasts while a connection to it is open.
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			flyway(url).load().migrate();
			new Fixtures(connection, null, true).insert(flyway(url).load().info().current().getVersion(), true);
		}
	}

	private List<MigrationVersion> migrationVersions() {
		// What this version knows: its SQL files and its Java migrations, pending on an empty database.
		String url = "jdbc:h2:mem:upgrade-versions-" + UUID.randomUUID();
		List<MigrationVersion> versions = Arrays.stream(flyway(url).load().info().all())
			.map(MigrationInfo::getVersion)
			.sorted()
			.toList();
		assertThat(versions).as("migrations on the classpath").hasSizeGreaterThan(1);
		return versions;
	}

	private static FluentConfiguration flyway(String url) {
		return Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration");
	}

	/** The database file the app opens in a data directory (see DatabaseConfiguration). */
	private static String jdbcUrl(Path dataDir) throws Exception {
		return "jdbc:h2:file:" + Files.createDirectories(dataDir.resolve("db")).resolve("cagelab");
	}

	private static Path freshDataDir(String prefix) throws Exception {
		return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(),
				prefix);
	}

	/** What one version left behind, by the names and ids its people and records were given. */
	record Generation(Set<String> tables, String trainer, String assistant, String learner, long learnerId,
			String disabled, String classId, String className, String joinCode, String submissionId, String sandboxId,
			String containerId, String watchId, String classMessage, String learnerMessage, String authoredId,
			String publishedId) {

		boolean has(String table) {
			return this.tables.contains(table);
		}

	}

	/**
	 * Writes one version's fixtures: a row into every table its schema has (and fails, naming the table, when one
	 * gets none), each with the columns that exist at that version.
	 */
	private final class Fixtures {

		private static final String JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

		private final Connection connection;

		private final Path dataDir;

		private final boolean newest;

		private final Schema schema;

		private final Set<String> filled = new HashSet<>();

		/**
		 * @param dataDir where authored exercises' files go and whose installation the sandbox's container joins, or
		 * {@code null} for a database that only checks the fixtures
		 * @param newest whether this is the newest schema, where every column a fixture names must exist
		 */
		Fixtures(Connection connection, Path dataDir, boolean newest) throws SQLException {
			this.connection = connection;
			this.dataDir = dataDir;
			this.newest = newest;
			this.schema = Schema.of(connection);
		}

		Generation insert(MigrationVersion version, boolean withAdmin) throws Exception {
			String tag = "v" + version.getVersion().replace('.', '-');
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
			if (withAdmin) {
				String adminHash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(ADMIN_PASSWORD);
				insertRow("user_account", row("username", "admin", "password_hash", adminHash, "role", "ADMIN",
						"created_at", now.minusDays(30), "disabled", false));
			}
			String trainer = "up-" + tag + "-trainer";
			String assistant = "up-" + tag + "-assistant";
			String learner = "up-" + tag + "-learner";
			String disabled = "up-" + tag + "-gone";
			long trainerId = account(trainer, "TRAINER", "fr", false, now.minusDays(20));
			long assistantId = account(assistant, "TRAINER", null, false, now.minusDays(20));
			long learnerId = account(learner, "LEARNER", "en", false, now.minusDays(2));
			long disabledId = account(disabled, "LEARNER", null, true, now.minusDays(2));

			String classId = UUID.randomUUID().toString();
			String className = "Upgrade " + tag;
			String joinCode = joinCode();
			insertRow("classroom", row("id", classId, "name", className, "owner_id", trainerId, "join_code", joinCode,
					"opens_at", now.minusDays(1), "closes_at", now.plusDays(30), "seats", 30, "created_at",
					now.minusDays(2)));
			insertRow("classroom_exercise", row("classroom_id", classId, "position", 0, "exercise_id",
					"non-root-dockerfile"));
			insertRow("classroom_exercise", row("classroom_id", classId, "position", 1, "exercise_id",
					"shared-kernel"));
			insertRow("classroom_trainer", row("classroom_id", classId, "trainer_id", assistantId));
			for (long enrolled : List.of(learnerId, disabledId)) {
				insertRow("enrolment", row("classroom_id", classId, "learner_id", enrolled, "joined_at",
						now.minusDays(1)));
			}

			String submissionId = UUID.randomUUID().toString();
			insertRow("submission", row("id", submissionId, "exercise_id", "non-root-dockerfile", "owner_id", learnerId,
					"content", DOCKERFILE, "score", 7, "max_score", 7, "result", RESULT, "submitted_at",
					now.minusMinutes(20), "answers", "{}"));
			check(submissionId, 0, "user", "HR-01", "4.1", 3, 3, "HR-01.pass");
			check(submissionId, 1, "no-setuid", "HR-31", "4.8", 2, 1, "HR-31.pass");
			check(submissionId, 2, "build-hygiene", "HR-30", "4.7, 4.9", 2, 1, "HR-30.pass");

			String sandboxId = UUID.randomUUID().toString();
			String containerId = (this.dataDir != null) ? startContainer(sandboxId, learnerId) : "no-container";
			insertRow("sandbox", row("id", sandboxId, "owner_id", learnerId, "owner_name", learner, "exercise_id",
					"shared-kernel", "container_id", containerId, "status", "RUNNING", "created_at",
					now.minusMinutes(15), "expires_at", now.plusHours(1), "last_active_at", now.minusMinutes(1)));
			String watchId = UUID.randomUUID().toString();
			insertRow("terminal_watch", row("id", watchId, "sandbox_id", sandboxId, "exercise_id", "shared-kernel",
					"learner_id", learnerId, "watcher_id", trainerId, "started_at", now.minusMinutes(12), "ended_at",
					now.minusMinutes(10)));
			String classMessage = "Welcome to the " + tag + " class";
			String learnerMessage = "Well done on the Dockerfile, " + learner;
			insertRow("class_message", row("id", UUID.randomUUID().toString(), "classroom_id", classId, "sender_id",
					trainerId, "body", classMessage, "sent_at", now.minusMinutes(6)));
			insertRow("class_message", row("id", UUID.randomUUID().toString(), "classroom_id", classId, "learner_id",
					learnerId, "sender_id", assistantId, "body", learnerMessage, "sent_at", now.minusMinutes(5)));
			String authoredId = "up-" + tag + "-own";
			if (insertRow("authored_exercise", row("id", authoredId, "module", "best-practices", "owner_id", trainerId,
					"state", "DRAFT", "version", 2, "updated_at", now.minusHours(3))) && this.dataDir != null) {
				Path folder = Files.createDirectories(this.dataDir.resolve("exercises/best-practices/" + authoredId));
				Files.writeString(folder.resolve("exercise.yaml"), ExerciseSpecReaderTests.VALID.replace("id: ex-1",
						"id: " + authoredId));
				Files.writeString(folder.resolve("README.en.md"), "# Limit processes\n");
				Files.writeString(folder.resolve("README.fr.md"), "# Limiter les processus\n");
			}
			// An exercise published at version 1: learners are served the publication, not a draft's files.
			String publishedId = "up-" + tag + "-published";
			if (insertRow("exercise_publication", row("exercise_id", publishedId, "version", 1, "module",
					"best-practices", "spec", ExerciseSpecReaderTests.VALID.replace("id: ex-1", "id: " + publishedId),
					"readme_en", "# Limit processes\n", "readme_fr", "# Limiter les processus\n", "published_by",
					trainerId, "published_at", now.minusHours(2)))) {
				insertRow("authored_exercise", row("id", publishedId, "module", "best-practices", "owner_id", trainerId,
						"state", "PUBLISHED", "version", 1, "proven_version", 1, "updated_at", now.minusHours(2)));
			}

			for (String table : this.schema.tables()) {
				if (!this.filled.contains(table) && !FILLED_BY_MIGRATIONS.contains(table)) {
					fail("table " + table + " has no fixture row: add one to UpgradeTests");
				}
			}
			return new Generation(Set.copyOf(this.schema.tables()), trainer, assistant, learner, learnerId, disabled,
					classId, className, joinCode, submissionId, sandboxId, containerId, watchId, classMessage,
					learnerMessage, authoredId, publishedId);
		}

		private long account(String username, String role, String language, boolean disabled, OffsetDateTime created)
				throws SQLException {
			Map<String, Object> row = row("username", username, "password_hash", PASSWORD_HASH, "role", role,
					"created_at", created, "disabled", disabled);
			if (language != null) {
				row.put("language", language);
			}
			insertRow("user_account", row);
			try (PreparedStatement select = this.connection.prepareStatement(
					"select id from user_account where username = ?")) {
				select.setString(1, username);
				try (ResultSet id = select.executeQuery()) {
					id.next();
					return id.getLong(1);
				}
			}
		}

		private void check(String submissionId, int position, String checkId, String rule, String cis, int points,
				int line, String messageKey) throws SQLException {
			insertRow("attempt_check", row("submission_id", submissionId, "position", position, "check_id", checkId,
					"kind", "rule", "rule", rule, "cis", cis, "passed", true, "points", points, "earned", points,
					"line", line, "message_key", messageKey, "message_args", "[]"));
		}

		/** A container as the app starts for a sandbox, labelled as this installation's, so no reaping takes it. */
		private String startContainer(String sandboxId, long learnerId) throws SQLException {
			String installation;
			try (Statement statement = this.connection.createStatement();
					ResultSet id = statement.executeQuery("select id from installation")) {
				id.next();
				installation = id.getString(1);
			}
			UpgradeTests.this.sandboxIds.add(sandboxId);
			DockerCli.Result run = DockerCli.docker("run", "-d", "--network", "none", "--label",
					SandboxLabels.SANDBOX + "=" + sandboxId, "--label", SandboxLabels.INSTALLATION + "=" + installation,
					"--label", SandboxLabels.OWNER + "=" + learnerId, "--label",
					SandboxLabels.EXERCISE + "=shared-kernel", "cagelab/sandbox:1");
			assertThat(run.exitCode()).as(run.output()).isZero();
			return run.output();
		}

		private String joinCode() {
			SecureRandom random = new SecureRandom();
			StringBuilder code = new StringBuilder();
			for (int i = 0; i < 8; i++) {
				code.append(JOIN_CODE_ALPHABET.charAt(random.nextInt(JOIN_CODE_ALPHABET.length())));
			}
			return code.toString();
		}

		/**
		 * Insert the columns of a row that this version's table has; return whether the table exists. A column the
		 * table requires and the row lacks fails the test, naming both.
		 */
		private boolean insertRow(String table, Map<String, Object> row) throws SQLException {
			Map<String, Column> columns = this.schema.columns(table);
			if (columns == null) {
				return false;
			}
			for (Column column : columns.values()) {
				if (column.required() && !row.containsKey(column.name())) {
					fail("column " + table + "." + column.name() + " has no fixture value: add one to UpgradeTests");
				}
			}
			List<String> names = row.keySet().stream().filter(columns::containsKey).toList();
			if (this.newest) {
				assertThat(columns.keySet()).as("the columns of %s that fixtures name", table)
					.containsAll(row.keySet());
			}
			String sql = "insert into " + table + " (" + String.join(", ", names) + ") values ("
					+ String.join(", ", names.stream().map((name) -> "?").toList()) + ")";
			try (PreparedStatement insert = this.connection.prepareStatement(sql)) {
				for (int i = 0; i < names.size(); i++) {
					insert.setObject(i + 1, row.get(names.get(i)));
				}
				insert.executeUpdate();
			}
			this.filled.add(table);
			return true;
		}

		private static Map<String, Object> row(Object... namesAndValues) {
			Map<String, Object> row = new LinkedHashMap<>();
			for (int i = 0; i < namesAndValues.length; i += 2) {
				row.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
			return row;
		}

	}

	record Column(String name, boolean required) {
	}

	/** The tables of the application's schema (Flyway's history aside) and their columns, as one version left them. */
	record Schema(Map<String, Map<String, Column>> tablesAndColumns) {

		static Schema of(String url) throws SQLException {
			try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
				return of(connection);
			}
		}

		static Schema of(Connection connection) throws SQLException {
			Map<String, Map<String, Column>> tables = new TreeMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet columns = statement.executeQuery("select c.table_name, c.column_name, c.is_nullable,"
							+ " c.column_default, c.is_identity from information_schema.columns c"
							+ " join information_schema.tables t on t.table_schema = c.table_schema"
							+ " and t.table_name = c.table_name where c.table_schema = 'PUBLIC'"
							+ " and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position")) {
				while (columns.next()) {
					String table = columns.getString(1).toLowerCase();
					if (table.equals(HISTORY)) {
						continue;
					}
					String column = columns.getString(2).toLowerCase();
					boolean required = "NO".equals(columns.getString(3)) && columns.getString(4) == null
							&& !"YES".equals(columns.getString(5));
					tables.computeIfAbsent(table, (name) -> new LinkedHashMap<>())
						.put(column, new Column(column, required));
				}
			}
			return new Schema(tables);
		}

		Set<String> tables() {
			return this.tablesAndColumns.keySet();
		}

		Map<String, Column> columns(String table) {
			return this.tablesAndColumns.get(table);
		}

		/** Every row of every table, as the text of this schema's columns, to compare with the rows at another time. */
		Map<String, List<String>> rows(String url) throws SQLException {
			Map<String, List<String>> rows = new TreeMap<>();
			try (Connection connection = DriverManager.getConnection(url, "sa", "");
					Statement statement = connection.createStatement()) {
				for (Map.Entry<String, Map<String, Column>> table : this.tablesAndColumns.entrySet()) {
					List<String> names = List.copyOf(table.getValue().keySet());
					List<String> texts = new ArrayList<>();
					try (ResultSet all = statement.executeQuery("select " + String.join(", ", names) + " from "
							+ table.getKey())) {
						while (all.next()) {
							StringBuilder text = new StringBuilder();
							for (int i = 0; i < names.size(); i++) {
								text.append((i > 0) ? " | " : "").append(names.get(i)).append('=')
									.append(all.getString(i + 1));
							}
							texts.add(text.toString());
						}
					}
					rows.put(table.getKey(), texts);
				}
			}
			return rows;
		}

	}

}
