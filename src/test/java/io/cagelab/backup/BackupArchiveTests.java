package io.cagelab.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A backup restores only into an empty data directory and only what a backup holds: a crafted archive that would
 * write outside the data directory, a file that is no backup, or a data directory already in use change nothing.
 */
class BackupArchiveTests {

	@TempDir
	Path dir;

	static byte[] zip(Map<String, String> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, String> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	static Map<String, String> backup() {
		Map<String, String> entries = new LinkedHashMap<>();
		entries.put(BackupArchive.MARKER, BackupArchive.FORMAT);
		entries.put(BackupArchive.DATABASE, "database bytes");
		entries.put("exercises/m8/mine/exercise.yaml", "id: mine\n");
		return entries;
	}

	@Test
	void aBackupRestoresItsDatabaseAndAuthoredExercisesIntoAnEmptyDataDirectory() throws Exception {
		Path data = this.dir.resolve("data");
		BackupArchive.restore(new ByteArrayInputStream(zip(backup())), data);
		assertThat(data.resolve("db/cagelab.mv.db")).hasContent("database bytes");
		assertThat(data.resolve("exercises/m8/mine/exercise.yaml")).hasContent("id: mine");
		try (var left = Files.list(data)) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactlyInAnyOrder("db", "exercises");
		}
	}

	@Test
	void anEntryThatWouldEscapeTheDataDirectoryIsRefusedAndNothingIsWritten() throws Exception {
		Map<String, String> entries = backup();
		entries.put("exercises/../../escaped", "written outside");
		Path data = this.dir.resolve("data");
		assertThatExceptionOfType(BackupException.class)
			.isThrownBy(() -> BackupArchive.restore(new ByteArrayInputStream(zip(entries)), data))
			.withMessageContaining("exercises/../../escaped, which would be written outside the data directory")
			.withMessageContaining("Nothing was changed");
		assertThat(this.dir.resolve("escaped")).doesNotExist();
		assertThat(data.resolve("db")).doesNotExist();
	}

	@Test
	void aFileThatIsNoBackupIsRefusedForWhatItLacks() throws Exception {
		Map<String, String> noMarker = backup();
		noMarker.remove(BackupArchive.MARKER);
		assertThatExceptionOfType(BackupException.class)
			.isThrownBy(() -> BackupArchive.restore(new ByteArrayInputStream(zip(noMarker)), this.dir.resolve("a")))
			.withMessageContaining("not a Cagelab backup");
		Map<String, String> stranger = backup();
		stranger.put("etc/passwd", "root:x:0:0");
		assertThatExceptionOfType(BackupException.class)
			.isThrownBy(() -> BackupArchive.restore(new ByteArrayInputStream(zip(stranger)), this.dir.resolve("b")))
			.withMessageContaining("etc/passwd, which is neither the database nor an authored exercise");
		Map<String, String> noDatabase = backup();
		noDatabase.remove(BackupArchive.DATABASE);
		assertThatExceptionOfType(BackupException.class)
			.isThrownBy(() -> BackupArchive.restore(new ByteArrayInputStream(zip(noDatabase)), this.dir.resolve("c")))
			.withMessageContaining("holds no database");
		assertThat(this.dir.resolve("c/exercises")).doesNotExist();
	}

	@Test
	void aDataDirectoryThatHoldsADatabaseIsRefusedAndKeptAsItWas() throws Exception {
		Path data = this.dir.resolve("data");
		Files.createDirectories(data.resolve("db"));
		Files.writeString(data.resolve("db/cagelab.mv.db"), "the live database");
		assertThatExceptionOfType(BackupException.class)
			.isThrownBy(() -> BackupArchive.restore(new ByteArrayInputStream(zip(backup())), data))
			.withMessageContaining("already holds a database").withMessageContaining("Nothing was changed");
		assertThat(data.resolve("db/cagelab.mv.db")).hasContent("the live database");
		assertThat(data.resolve("exercises")).doesNotExist();
	}

}
