package io.cagelab.backup;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.cagelab.AppProcess;
import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cagelab backup} copies the running app's database and authored exercises without stopping it, and
 * {@code cagelab restore} puts them into a fresh data directory where a new app finds every account as it was.
 */
class BackupRestoreTests extends IntegrationTest {

	@Test
	void anOnlineBackupRestoresOnAFreshDataDirectory() throws Exception {
		learner("backup-alice");
		Path authored = DATA_DIR.resolve("exercises/m8-best-practices/my-own/exercise.yaml");
		Files.createDirectories(authored.getParent());
		Files.writeString(authored, "id: my-own\n");
		Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(),
				"backup-");
		Path file = work.resolve("cagelab.zip");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int backedUp = BackupCommand.run(new String[] { file.toString() },
				Map.of("CAGELAB_URL", "http://127.0.0.1:" + this.port, "CAGELAB_ADMIN_PASSWORD", ADMIN_PASSWORD),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(backedUp).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(BackupCommand.run(new String[] { file.toString() },
				Map.of("CAGELAB_URL", "http://127.0.0.1:" + this.port, "CAGELAB_ADMIN_PASSWORD", ADMIN_PASSWORD),
				new PrintStream(err, true, StandardCharsets.UTF_8))).as("an existing file is never overwritten").isOne();
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("already exists");
		learner("backup-after").get("/labs").expectStatus().isOk();

		Path fresh = work.resolve("data");
		assertThat(RestoreCommand.run(new String[] { file.toString(), "--cagelab.data-dir=" + fresh },
				new PrintStream(err, true, StandardCharsets.UTF_8))).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(fresh.resolve("exercises/m8-best-practices/my-own/exercise.yaml")).hasContent("id: my-own");
		try (AppProcess restored = new AppProcess(fresh, "not-the-admin-password").start()) {
			BrowserSession.loggedIn(restored.client(), "admin", ADMIN_PASSWORD);
			BrowserSession.loggedIn(restored.client(), "backup-alice", LEARNER_PASSWORD);
			assertThat(new BrowserSession(restored.client()).submitLogin("backup-after", LEARNER_PASSWORD))
				.as("made after the backup, so not in it").isEqualTo("/login?error");
		}
		assertThat(RestoreCommand.run(new String[] { file.toString(), "--cagelab.data-dir=" + DATA_DIR },
				new PrintStream(err, true, StandardCharsets.UTF_8))).as("the live data directory is refused").isOne();
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("already holds a database");
	}

	@Test
	void onlyAnAdminGetsABackup() {
		learner("backup-mallory").get("/api/admin/backup").expectStatus().isForbidden();
		assertThat(BackupCommand.run(new String[] { "target/never.zip" },
				Map.of("CAGELAB_URL", "http://127.0.0.1:" + this.port, "CAGELAB_ADMIN_PASSWORD", "wrong"),
				new PrintStream(new ByteArrayOutputStream()))).isOne();
		assertThat(Path.of("target/never.zip")).doesNotExist();
	}

}
