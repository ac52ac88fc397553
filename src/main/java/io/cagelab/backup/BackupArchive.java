package io.cagelab.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.springframework.util.FileSystemUtils;

/**
 * The backup file: a zip of the database (as H2's {@code BACKUP TO} wrote it) and the authored exercises, with a
 * marker naming the format, written and read back into a new data directory.
 */
final class BackupArchive {

	static final String MARKER = "cagelab-backup";

	static final String FORMAT = "cagelab backup 1\n";

	/** The database file in the data directory, and in the archive. */
	static final String DATABASE = "db/cagelab.mv.db";

	/** The authored exercises in the data directory, and in the archive. */
	static final String EXERCISES = "exercises";

	private BackupArchive() {
	}

	/** Write the archive from H2's backup zip of the database and the data directory's authored exercises. */
	static void write(Path databaseBackup, Path dataDir, OutputStream target) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(target)) {
			zip.putNextEntry(new ZipEntry(MARKER));
			zip.write(FORMAT.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			try (ZipInputStream h2 = new ZipInputStream(Files.newInputStream(databaseBackup))) {
				boolean found = false;
				for (ZipEntry entry = h2.getNextEntry(); entry != null; entry = h2.getNextEntry()) {
					if (entry.getName().endsWith(".mv.db")) {
						zip.putNextEntry(new ZipEntry(DATABASE));
						h2.transferTo(zip);
						zip.closeEntry();
						found = true;
					}
				}
				if (!found) {
					throw new IOException("H2's backup " + databaseBackup + " holds no database file");
				}
			}
			Path exercises = dataDir.resolve(EXERCISES);
			if (Files.isDirectory(exercises)) {
				List<Path> files;
				try (Stream<Path> walk = Files.walk(exercises)) {
					files = walk.filter(Files::isRegularFile).sorted().toList();
				}
				for (Path file : files) {
					zip.putNextEntry(new ZipEntry(EXERCISES + "/" + exercises.relativize(file).toString().replace('\\', '/')));
					Files.copy(file, zip);
					zip.closeEntry();
				}
			}
		}
	}

	/**
	 * Restore an archive into an empty data directory: everything is unpacked beside it first, and moved into place
	 * only once the whole archive has been read and checked, so a bad archive changes nothing.
	 */
	static void restore(InputStream archive, Path dataDir) throws BackupException {
		Path database = dataDir.resolve(DATABASE);
		if (Files.exists(database)) {
			throw new BackupException("The data directory " + dataDir + " already holds a database (" + database
					+ "): restore into a new, empty data directory. Nothing was changed.");
		}
		if (Files.exists(dataDir.resolve(EXERCISES))) {
			throw new BackupException("The data directory " + dataDir + " already holds authored exercises ("
					+ dataDir.resolve(EXERCISES) + "): restore into a new, empty data directory. Nothing was changed.");
		}
		Path staging = null;
		try {
			Files.createDirectories(dataDir);
			staging = Files.createTempDirectory(dataDir, ".restore-");
			boolean marked = false;
			boolean hasDatabase = false;
			try (ZipInputStream zip = new ZipInputStream(archive)) {
				for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
					String name = entry.getName();
					if (name.equals(MARKER)) {
						marked = new String(zip.readAllBytes(), StandardCharsets.UTF_8).equals(FORMAT);
						continue;
					}
					if (entry.isDirectory()) {
						continue;
					}
					if (!name.equals(DATABASE) && !name.startsWith(EXERCISES + "/")) {
						throw new BackupException("The backup holds " + name + ", which is neither the database nor an "
								+ "authored exercise: is it a Cagelab backup? Nothing was changed.");
					}
					Path target = staging.resolve(name).normalize();
					if (!target.startsWith(staging.resolve(EXERCISES)) && !name.equals(DATABASE)) {
						throw new BackupException("The backup holds " + name + ", which would be written outside the "
								+ "data directory. Nothing was changed.");
					}
					Files.createDirectories(target.getParent());
					Files.copy(zip, target);
					hasDatabase |= name.equals(DATABASE);
				}
			}
			if (!marked) {
				throw new BackupException("This file is not a Cagelab backup (no " + MARKER + " entry with \""
						+ FORMAT.strip() + "\"). Nothing was changed.");
			}
			if (!hasDatabase) {
				throw new BackupException("The backup holds no database (" + DATABASE + "). Nothing was changed.");
			}
			Files.createDirectories(database.getParent());
			Files.move(staging.resolve(DATABASE), database, StandardCopyOption.ATOMIC_MOVE);
			if (Files.isDirectory(staging.resolve(EXERCISES))) {
				Files.move(staging.resolve(EXERCISES), dataDir.resolve(EXERCISES), StandardCopyOption.ATOMIC_MOVE);
			}
		}
		catch (IOException ex) {
			throw new BackupException("Could not restore into " + dataDir + ": " + ex.getMessage()
					+ ". Nothing was changed.", ex);
		}
		finally {
			if (staging != null) {
				try {
					FileSystemUtils.deleteRecursively(staging);
				}
				catch (IOException ex) {
					// Left behind: a hidden folder, harmless.
				}
			}
		}
	}

}
