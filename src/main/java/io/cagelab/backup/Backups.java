package io.cagelab.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

import io.cagelab.CagelabProperties;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Write an online, consistent copy of the database and the authored exercises while the app serves: H2's
 * {@code BACKUP TO} copies the database file as of one moment (its MVCC store), without stopping anyone.
 */
@Component
class Backups {

	/** One backup at a time: each copies the whole database. */
	private final Semaphore running = new Semaphore(1);

	private final DatabaseClient database;

	private final Path dataDir;

	Backups(DatabaseClient database, CagelabProperties properties) {
		this.database = database;
		this.dataDir = properties.absoluteDataDir();
	}

	/** Write a backup archive into a new file of the data directory and return it; the caller deletes it. */
	Mono<Path> write() {
		return Mono.usingWhen(Mono.fromCallable(this::acquire), (held) -> Mono.fromCallable(this::newFile)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((h2) -> this.database.sql("BACKUP TO '" + h2 + "'").then().thenReturn(h2))
			.flatMap((h2) -> Mono.fromCallable(() -> archive(h2)).subscribeOn(Schedulers.boundedElastic())),
				(held) -> Mono.fromRunnable(this.running::release));
	}

	private boolean acquire() {
		if (!this.running.tryAcquire()) {
			throw new Refusal(HttpStatus.CONFLICT, "backup.refused.running");
		}
		return true;
	}

	private Path newFile() throws IOException {
		Path folder = Files.createDirectories(this.dataDir.resolve("backups"));
		Path file = Files.createTempFile(folder, "h2-", ".zip");
		// BACKUP TO writes the file itself; only its name is wanted here. The name is ours: no quote to escape.
		Files.delete(file);
		return file;
	}

	private Path archive(Path h2) throws IOException {
		try {
			Path archive = Files.createTempFile(h2.getParent(), "cagelab-backup-", ".zip");
			try (OutputStream out = Files.newOutputStream(archive)) {
				BackupArchive.write(h2, this.dataDir, out);
			}
			return archive;
		}
		finally {
			Files.deleteIfExists(h2);
		}
	}

}
