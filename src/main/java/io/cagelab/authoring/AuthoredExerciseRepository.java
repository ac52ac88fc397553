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

	/** One authored exercise's record; {@code owner} is the owner's username, null when the account is gone. */
	record Authored(String id, String module, long ownerId, String owner, ExerciseState state, int version) {
	}

	private static final String SELECT = "select a.id, a.module, a.owner_id, u.username, a.state, a.version"
			+ " from authored_exercise a left join user_account u on u.id = a.owner_id";

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

	Mono<Void> delete(String id) {
		return this.database.sql("delete from authored_exercise where id = :id").bind("id", id).then();
	}

	private static Authored authored(io.r2dbc.spi.Readable row) {
		return new Authored(row.get("id", String.class), row.get("module", String.class),
				row.get("owner_id", Long.class), row.get("username", String.class),
				ExerciseState.valueOf(row.get("state", String.class)), row.get("version", Integer.class));
	}

}
