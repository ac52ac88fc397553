package io.cagelab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The H2 database file under the data directory, migrated by Flyway before anything reads it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	/** Keep the database open between connections: the R2DBC driver opens one per query. */
	private static final String KEEP_OPEN = "-1";

	/** Write every commit to the file at once, so that a killed process loses nothing it acknowledged. */
	private static final String WRITE_AT_COMMIT = "0";

	/** H2 runs inside this process and answers on the caller's thread, reading and writing its file there. */
	@Bean(destroyMethod = "dispose")
	Scheduler databaseScheduler() {
		return Schedulers.newBoundedElastic(8, 10_000, "database");
	}

	@Bean
	ConnectionFactory connectionFactory(CagelabProperties properties, Scheduler databaseScheduler) {
		Path database = databaseFile(properties);
		migrate(database);
		return new OffEventLoop(databaseScheduler, new H2ConnectionFactory(H2ConnectionConfiguration.builder()
			.file(database.toString())
			.username("sa")
			.property(H2ConnectionOption.DB_CLOSE_DELAY, KEEP_OPEN)
			.property("WRITE_DELAY", WRITE_AT_COMMIT)
			.build()));
	}

	/**
	 * Open connections on the database scheduler. The H2 driver is synchronous, so every statement run on a
	 * connection, and the file I/O behind it, then stays on that scheduler instead of blocking an event loop.
	 */
	private record OffEventLoop(Scheduler scheduler, ConnectionFactory delegate) implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.from(this.delegate.create()).subscribeOn(this.scheduler);
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return this.delegate.getMetadata();
		}

	}

	private static Path databaseFile(CagelabProperties properties) {
		Path directory = properties.absoluteDataDir().resolve("db");
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the database folder " + directory
					+ ": check that CAGELAB_DATA_DIR points to a writable place", ex);
		}
		return directory.resolve("cagelab");
	}

	private static void migrate(Path database) {
		Flyway flyway = Flyway.configure()
			.dataSource("jdbc:h2:file:" + database + ";DB_CLOSE_DELAY=" + KEEP_OPEN + ";WRITE_DELAY=" + WRITE_AT_COMMIT,
					"sa", "")
			.locations("classpath:db/migration")
			// Nothing ignored, not even Flyway's default *:future: a database a newer version wrote is refused.
			.ignoreMigrationPatterns(new String[0])
			.load();
		MigrationInfo[] all = flyway.info().all();
		MigrationVersion known = Arrays.stream(all).filter((migration) -> migration.getState().isResolved())
			.map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).orElse(MigrationVersion.EMPTY);
		Optional<MigrationVersion> newer = Arrays.stream(all)
			.filter((migration) -> migration.getState().isApplied() && migration.getVersion().isNewerThan(known))
			.map(MigrationInfo::getVersion).max(Comparator.naturalOrder());
		if (newer.isPresent()) {
			// Said in our words: Flyway's own message advises a repair, which would let this version run on it.
			throw new IllegalStateException("The database " + database + ".mv.db was written by a newer version of"
					+ " Cagelab (its schema is at version " + newer.get() + "; this version knows up to " + known
					+ "). Start that newer version again, or restore a backup made with this one (./cagelab"
					+ " restore): an older version never runs on a newer schema.");
		}
		flyway.migrate();
	}

}
