package io.cagelab.authoring;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Who owns each authored exercise, its state and its version; the files hold what it says. */
@Repository
class AuthoredExerciseRepository {

	/**
	 * One authored exercise's record; {@code owner} is the owner's username, null when the account is gone;
	 * {@code provenVersion} the version last proven (null for none) and {@code provenDigest} the digest of the texts
	 * proven then.
	 */
	record Authored(String id, String module, long ownerId, String owner, ExerciseState state, int version,
			Integer provenVersion, String provenDigest) {

		/** Whether the version saved now is the one proven, and nothing was saved since. */
		boolean provenNow() {
			return this.state != ExerciseState.DRAFT && this.provenVersion != null && this.provenVersion == this.version;
		}

	}

	private static final String SELECT = "select a.id, a.module, a.owner_id, u.username, a.state, a.version,"
			+ " a.proven_version, a.proven_digest from authored_exercise a left join user_account u on u.id = a.owner_id";

	private final DatabaseClient database;

	AuthoredExerciseRepository(DatabaseClient database) {
		this.database = database;
	}

	Flux<Authored> all() {
		return this.database.sql(SELECT).map((row, meta) -> authored(row)).all();
	}

	Mono<Authored> find(String id) {
		return this.database.sql(SELECT + " where a.id = :id").bind("id", id).map((row, meta) -> authored(row)).one();
	}

	/** Record a new exercise at version 1; false when its id is already recorded (another trainer was quicker). */
	Mono<Boolean> insert(String id, String module, long ownerId) {
		return this.database.sql("insert into authored_exercise (id, module, owner_id, state, version, updated_at)"
				+ " values (:id, :module, :owner, :state, 1, :now)")
			.bind("id", id).bind("module", module).bind("owner", ownerId).bind("state", ExerciseState.DRAFT.name())
			.bind("now", OffsetDateTime.now(ZoneOffset.UTC))
			.fetch().rowsUpdated().map((rows) -> rows == 1)
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just(false));
	}

	/**
	 * Move the exercise from the version its editor read to the next one, as a draft again: true when it was still
	 * at that version, false when someone saved it since. One statement, so two savers cannot both win.
	 */
	Mono<Boolean> advance(String id, int edited, String module) {
		return this.database.sql("update authored_exercise set version = version + 1, module = :module,"
				+ " state = :state, updated_at = :now where id = :id and version = :edited")
			.bind("id", id).bind("edited", edited).bind("module", module).bind("state", ExerciseState.DRAFT.name())
			.bind("now", OffsetDateTime.now(ZoneOffset.UTC))
			.fetch().rowsUpdated().map((rows) -> rows == 1);
	}

	/** Put a version back after its files could not be written, so that the editor's next save is not refused. */
	Mono<Void> restore(Authored before) {
		return this.database.sql("update authored_exercise set version = :version, module = :module, state = :state"
				+ " where id = :id")
			.bind("id", before.id()).bind("version", before.version()).bind("module", before.module())
			.bind("state", before.state().name())
			.then();
	}

	/**
	 * Record a proof of this version, if the exercise is still at it: true when it was (it is PROVEN now), false when
	 * it was saved (or deleted) while it was proven, which leaves it a draft.
	 */
	Mono<Boolean> proven(String id, int version, String digest) {
		return this.database.sql("update authored_exercise set state = :state, proven_version = :version,"
				+ " proven_digest = :digest where id = :id and version = :version")
			.bind("id", id).bind("version", version).bind("digest", digest).bind("state", ExerciseState.PROVEN.name())
			.fetch().rowsUpdated().map((rows) -> rows == 1);
	}

	/** A proof of this version failed: a proven exercise at it is a draft again (a published one stays published). */
	Mono<Void> unproven(String id, int version) {
		return this.database.sql("update authored_exercise set state = :draft where id = :id and version = :version"
				+ " and state = :proven")
			.bind("id", id).bind("version", version).bind("draft", ExerciseState.DRAFT.name())
			.bind("proven", ExerciseState.PROVEN.name())
			.then();
	}

	/**
	 * Mark the exercise published at this version, if it is still PROVEN at it with these texts: one statement, so a
	 * save racing the publish either comes first (and the publish is refused) or after (and makes a new draft).
	 */
	Mono<Boolean> published(String id, int version, String digest) {
		return this.database.sql("update authored_exercise set state = :published where id = :id and version = :version"
				+ " and state = :proven and proven_version = :version and proven_digest = :digest")
			.bind("id", id).bind("version", version).bind("digest", digest)
			.bind("published", ExerciseState.PUBLISHED.name()).bind("proven", ExerciseState.PROVEN.name())
			.fetch().rowsUpdated().map((rows) -> rows == 1);
	}

	Mono<Void> delete(String id) {
		return this.database.sql("delete from authored_exercise where id = :id").bind("id", id).then();
	}

	private static Authored authored(io.r2dbc.spi.Readable row) {
		return new Authored(row.get("id", String.class), row.get("module", String.class),
				row.get("owner_id", Long.class), row.get("username", String.class),
				ExerciseState.valueOf(row.get("state", String.class)), row.get("version", Integer.class),
				row.get("proven_version", Integer.class), row.get("proven_digest", String.class));
	}

}
