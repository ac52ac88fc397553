package io.cagelab.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Sandbox records in the {@code sandbox} table: what should exist, as opposed to what the engine runs.
 */
@Repository
class SandboxRepository {

	private static final String COLUMNS = "id, owner_id, owner_name, exercise_id, container_id, status, created_at,"
			+ " expires_at, last_active_at";

	private final DatabaseClient database;

	SandboxRepository(DatabaseClient database) {
		this.database = database;
	}

	Mono<Sandbox> findById(String id) {
		return this.database.sql("select " + COLUMNS + " from sandbox where id = :id").bind("id", id)
			.map(SandboxRepository::toSandbox).one();
	}

	Mono<Sandbox> findByOwnerAndExercise(long ownerId, String exerciseId) {
		return this.database.sql("select " + COLUMNS + " from sandbox where owner_id = :owner and exercise_id = :exercise")
			.bind("owner", ownerId).bind("exercise", exerciseId).map(SandboxRepository::toSandbox).one();
	}

	Flux<Sandbox> findAll() {
		return this.database.sql("select " + COLUMNS + " from sandbox order by created_at").map(SandboxRepository::toSandbox).all();
	}

	Flux<Sandbox> findByOwner(long ownerId) {
		return this.database.sql("select " + COLUMNS + " from sandbox where owner_id = :owner order by created_at")
			.bind("owner", ownerId).map(SandboxRepository::toSandbox).all();
	}

	Mono<Long> countByOwner(long ownerId) {
		return this.database.sql("select count(*) from sandbox where owner_id = :owner").bind("owner", ownerId)
			.map((row) -> row.get(0, Long.class)).one();
	}

	/**
	 * Record a new sandbox unless the host or its owner already has as many as allowed; return whether it was
	 * recorded. Counting and inserting in one statement keeps simultaneous requests from slipping past the caps.
	 */
	Mono<Boolean> insertWithinCaps(Sandbox sandbox, int maxSandboxes, int maxPerOwner) {
		return this.database.sql("insert into sandbox (" + COLUMNS + ") select :id, :owner, :ownerName, :exercise, null,"
				+ " :status, :createdAt, :expiresAt, :lastActiveAt from dual"
				+ " where (select count(*) from sandbox) < :maxSandboxes"
				+ " and (select count(*) from sandbox where owner_id = :owner) < :maxPerOwner")
			.bind("maxSandboxes", maxSandboxes)
			.bind("maxPerOwner", maxPerOwner)
			.bind("id", sandbox.id())
			.bind("owner", sandbox.ownerId())
			.bind("ownerName", sandbox.ownerName())
			.bind("exercise", sandbox.exerciseId())
			.bind("status", sandbox.status().name())
			.bind("createdAt", utc(sandbox.createdAt()))
			.bind("expiresAt", utc(sandbox.expiresAt()))
			.bind("lastActiveAt", utc(sandbox.lastActiveAt()))
			.fetch().rowsUpdated().map((rows) -> rows == 1);
	}

	/** Record the container a sandbox runs in; return whether the sandbox still had a record. */
	Mono<Boolean> markRunning(String id, String containerId, Instant createdAt, Instant expiresAt) {
		return this.database.sql("update sandbox set container_id = :container, status = 'RUNNING', created_at = :createdAt,"
				+ " expires_at = :expiresAt, last_active_at = :createdAt where id = :id")
			.bind("container", containerId).bind("createdAt", utc(createdAt)).bind("expiresAt", utc(expiresAt))
			.bind("id", id).fetch().rowsUpdated().map((rows) -> rows > 0);
	}

	/** Mark a sandbox as starting again (a reset), from now: the reaper then gives it the full time to start. */
	Mono<Void> markStarting(String id, Instant now) {
		return this.database.sql("update sandbox set container_id = null, status = 'STARTING', created_at = :now"
				+ " where id = :id").bind("now", utc(now)).bind("id", id).then();
	}

	/** Move a running sandbox's end of life, counting it as active now so that the idle timeout restarts too. */
	Mono<Void> extend(String id, Instant expiresAt, Instant now) {
		return this.database.sql("update sandbox set expires_at = :expiresAt, last_active_at = :now where id = :id")
			.bind("expiresAt", utc(expiresAt)).bind("now", utc(now)).bind("id", id).then();
	}

	Mono<Void> touch(String id, Instant when) {
		return this.database.sql("update sandbox set last_active_at = :when where id = :id").bind("when", utc(when)).bind("id", id)
			.then();
	}

	Mono<Void> delete(String id) {
		return this.database.sql("delete from sandbox where id = :id").bind("id", id).then();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Sandbox toSandbox(Readable row) {
		return new Sandbox(row.get("id", String.class), row.get("owner_id", Long.class),
				row.get("owner_name", String.class), row.get("exercise_id", String.class),
				row.get("container_id", String.class), SandboxStatus.valueOf(row.get("status", String.class)),
				instant(row, "created_at"), instant(row, "expires_at"), instant(row, "last_active_at"));
	}

	private static Instant instant(Readable row, String column) {
		return row.get(column, OffsetDateTime.class).toInstant();
	}

}
