package io.cagelab.terminal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.cagelab.sandbox.Sandbox;
import io.cagelab.security.Viewer;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The record of every watch, in the {@code terminal_watch} table: written when a watch starts and when it ends.
 */
@Repository
class TerminalWatchLog {

	private static final Logger logger = LoggerFactory.getLogger(TerminalWatchLog.class);

	/** Watches listed at most: the newest first. */
	static final int LIMIT = 1000;

	private final DatabaseClient database;

	private final Clock clock;

	/** Before this, no watch of this process had started: one still open from then was cut short by a crash. */
	private final Instant bootedAt;

	TerminalWatchLog(DatabaseClient database, Clock clock) {
		this.database = database;
		this.clock = clock;
		this.bootedAt = clock.instant();
	}

	/** Record that the viewer starts watching the sandbox's terminals, and return the record's id. */
	Mono<String> start(Viewer watcher, Sandbox sandbox) {
		String id = UUID.randomUUID().toString();
		return this.database.sql("insert into terminal_watch (id, sandbox_id, exercise_id, learner_id, watcher_id,"
				+ " started_at) values (:id, :sandbox, :exercise, :learner, :watcher, :startedAt)")
			.bind("id", id)
			.bind("sandbox", sandbox.id())
			.bind("exercise", sandbox.exerciseId())
			.bind("learner", sandbox.ownerId())
			.bind("watcher", watcher.accountId())
			.bind("startedAt", utc(this.clock.instant()))
			.then()
			.thenReturn(id);
	}

	/** Record that a watch ended, now. */
	Mono<Void> end(String id) {
		return this.database.sql("update terminal_watch set ended_at = :now where id = :id and ended_at is null")
			.bind("now", utc(this.clock.instant())).bind("id", id).then();
	}

	/** End, at start-up, the watches a crash left open: none of them lasts past the process that served it. */
	@EventListener(ApplicationReadyEvent.class)
	void endLeftOpenAtStartUp() {
		endLeftOpen().subscribe(null, (ex) -> logger.warn("Could not end the watches left open: {}", ex.toString()));
	}

	/** Mark the watches that started before this process and are still open as ended now; return how many. */
	Mono<Long> endLeftOpen() {
		return this.database
			.sql("update terminal_watch set ended_at = :now where ended_at is null and started_at < :boot")
			.bind("now", utc(this.clock.instant())).bind("boot", utc(this.bootedAt))
			.fetch().rowsUpdated()
			.doOnNext((rows) -> {
				if (rows > 0) {
					logger.info("Ended {} terminal watches left open by the last run", rows);
				}
			});
	}

	/** Return the watches the viewer may see, of one learner or of all, newest first. */
	Flux<TerminalWatch> visibleTo(Viewer viewer, Long learnerId) {
		String where = (learnerId != null) ? " where w.learner_id = :learner" : "";
		DatabaseClient.GenericExecuteSpec query = this.database.sql("select w.id, w.sandbox_id, w.exercise_id,"
				+ " w.learner_id, l.username as learner, w.watcher_id, v.username as watcher, w.started_at, w.ended_at"
				+ " from terminal_watch w left join user_account l on l.id = w.learner_id"
				+ " left join user_account v on v.id = w.watcher_id" + where + " order by w.started_at desc, w.id");
		if (learnerId != null) {
			query = query.bind("learner", learnerId);
		}
		return query.map(TerminalWatchLog::toWatch).all()
			.filter((watch) -> viewer.maySee(watch.learnerId(), watch.exerciseId()))
			.take(LIMIT);
	}

	private static TerminalWatch toWatch(Readable row) {
		OffsetDateTime ended = row.get("ended_at", OffsetDateTime.class);
		return new TerminalWatch(row.get("id", String.class), row.get("sandbox_id", String.class),
				row.get("exercise_id", String.class), row.get("learner_id", Long.class),
				row.get("learner", String.class), row.get("watcher_id", Long.class), row.get("watcher", String.class),
				row.get("started_at", OffsetDateTime.class).toInstant(), (ended != null) ? ended.toInstant() : null);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
