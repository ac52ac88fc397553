package io.cagelab.classroom;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cagelab.security.TeachingScopes;
import io.cagelab.security.Viewer.TeachingScope;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Classes, their exercises and assistants, and who joined them.
 */
@Repository
class ClassroomRepository implements TeachingScopes {

	private static final String COLUMNS = "id, name, owner_id, join_code, opens_at, closes_at, seats, created_at";

	private final DatabaseClient database;

	private final TransactionalOperator transaction;

	private final OneAtATime enrolments = new OneAtATime();

	ClassroomRepository(DatabaseClient database, TransactionalOperator transaction) {
		this.database = database;
		this.transaction = transaction;
	}

	/** A learner of a class, as the dashboard and the exports name them. */
	record Enrolment(long learnerId, String username, Instant joinedAt) {
	}

	Mono<Classroom> findById(String id) {
		return this.database.sql("select " + COLUMNS + " from classroom where id = :id").bind("id", id)
			.map(ClassroomRepository::toClassroom).one().flatMap(this::withDetails);
	}

	Mono<Classroom> findByJoinCode(String code) {
		return this.database.sql("select " + COLUMNS + " from classroom where join_code = :code").bind("code", code)
			.map(ClassroomRepository::toClassroom).one().flatMap(this::withDetails);
	}

	Flux<Classroom> findAll() {
		return this.database.sql("select " + COLUMNS + " from classroom order by created_at")
			.map(ClassroomRepository::toClassroom).all().concatMap(this::withDetails);
	}

	/** The classes a trainer owns or assists in. */
	Flux<Classroom> findTaughtBy(long trainerId) {
		return this.database.sql("select " + COLUMNS + " from classroom where owner_id = :trainer or id in"
				+ " (select classroom_id from classroom_trainer where trainer_id = :trainer) order by created_at")
			.bind("trainer", trainerId).map(ClassroomRepository::toClassroom).all().concatMap(this::withDetails);
	}

	Flux<Classroom> findByLearner(long learnerId) {
		return this.database.sql("select " + COLUMNS + " from classroom where id in"
				+ " (select classroom_id from enrolment where learner_id = :learner) order by created_at")
			.bind("learner", learnerId).map(ClassroomRepository::toClassroom).all().concatMap(this::withDetails);
	}

	@Override
	public Mono<TeachingScope> scopeOf(long trainerId) {
		return this.database.sql("select c.id, e.learner_id, x.exercise_id from classroom c"
				+ " left join enrolment e on e.classroom_id = c.id"
				+ " left join classroom_exercise x on x.classroom_id = c.id"
				+ " where c.owner_id = :trainer"
				+ " or c.id in (select classroom_id from classroom_trainer where trainer_id = :trainer)")
			.bind("trainer", trainerId)
			.map((row) -> new Object[] { row.get(0, String.class), row.get(1, Long.class), row.get(2, String.class) })
			.all()
			.collectList()
			.map((rows) -> {
				Set<String> classrooms = new HashSet<>();
				Map<Long, Set<String>> learners = new HashMap<>();
				for (Object[] row : rows) {
					classrooms.add((String) row[0]);
					if (row[1] != null) {
						Set<String> exercises = learners.computeIfAbsent((Long) row[1], (id) -> new HashSet<>());
						if (row[2] != null) {
							exercises.add((String) row[2]);
						}
					}
				}
				return new TeachingScope(classrooms, learners);
			});
	}

	/** Store a new class, or its new settings, with its exercises and assistants, in one transaction. */
	Mono<Classroom> save(Classroom classroom, boolean isNew) {
		Mono<Void> row = isNew
				? this.database.sql("insert into classroom (id, name, owner_id, created_at) values (:id, :name, :owner,"
						+ " :createdAt)")
					.bind("id", classroom.id()).bind("name", classroom.name()).bind("owner", classroom.ownerId())
					.bind("createdAt", utc(classroom.createdAt())).then()
				: this.database.sql("update classroom set name = :name where id = :id")
					.bind("id", classroom.id()).bind("name", classroom.name()).then();
		// The optional columns are set by a statement of their own, which binds each as a value or a null.
		Mono<Void> optional = bindOptional(classroom);
		Mono<Void> exercises = this.database.sql("delete from classroom_exercise where classroom_id = :id")
			.bind("id", classroom.id()).then()
			.thenMany(Flux.range(0, classroom.exercises().size())
				.concatMap((i) -> this.database.sql("insert into classroom_exercise (classroom_id, position, exercise_id)"
						+ " values (:id, :position, :exercise)")
					.bind("id", classroom.id()).bind("position", i).bind("exercise", classroom.exercises().get(i)).then()))
			.then();
		Mono<Void> assistants = this.database.sql("delete from classroom_trainer where classroom_id = :id")
			.bind("id", classroom.id()).then()
			.thenMany(Flux.fromIterable(classroom.assistants())
				.concatMap((trainer) -> this.database.sql("insert into classroom_trainer (classroom_id, trainer_id)"
						+ " values (:id, :trainer)").bind("id", classroom.id()).bind("trainer", trainer).then()))
			.then();
		return row.then(optional).then(exercises).then(assistants).then(Mono.just(classroom))
			.as(this.transaction::transactional);
	}

	private Mono<Void> bindOptional(Classroom classroom) {
		DatabaseClient.GenericExecuteSpec update = this.database
			.sql("update classroom set opens_at = :opensAt, closes_at = :closesAt, seats = :seats where id = :id")
			.bind("id", classroom.id());
		update = (classroom.opensAt() != null) ? update.bind("opensAt", utc(classroom.opensAt()))
				: update.bindNull("opensAt", OffsetDateTime.class);
		update = (classroom.closesAt() != null) ? update.bind("closesAt", utc(classroom.closesAt()))
				: update.bindNull("closesAt", OffsetDateTime.class);
		update = (classroom.seats() != null) ? update.bind("seats", classroom.seats()) : update.bindNull("seats", Integer.class);
		return update.then();
	}

	/** Set or clear the join code; a code another class holds fails on the unique constraint. */
	Mono<Void> setJoinCode(String id, String code) {
		DatabaseClient.GenericExecuteSpec update = this.database.sql("update classroom set join_code = :code where id = :id")
			.bind("id", id);
		return ((code != null) ? update.bind("code", code) : update.bindNull("code", String.class)).then();
	}

	Mono<Void> delete(String id) {
		return this.database.sql("delete from classroom where id = :id").bind("id", id).then();
	}

	/**
	 * Enrol a learner unless the class is full; return whether the learner is now enrolled (already being so counts).
	 * The database reads the seat count from a snapshot, so two joins at once would both see a free seat: joins to one
	 * class are taken one after the other here (the app is the database's only user).
	 */
	Mono<Boolean> enrol(String classroomId, long learnerId, Integer seats, Instant now) {
		return this.enrolments.oneAtATime(classroomId, () -> this.database.sql("insert into enrolment (classroom_id,"
				+ " learner_id, joined_at) select :id, :learner, :now from dual"
				+ " where not exists (select 1 from enrolment where classroom_id = :id and learner_id = :learner)"
				+ " and (select count(*) from enrolment where classroom_id = :id) < :seats")
			.bind("id", classroomId).bind("learner", learnerId).bind("now", utc(now))
			.bind("seats", (seats != null) ? seats : Integer.MAX_VALUE)
			.fetch().rowsUpdated()
			.flatMap((rows) -> (rows == 1) ? Mono.just(true) : isEnrolled(classroomId, learnerId)));
	}

	Mono<Boolean> isEnrolled(String classroomId, long learnerId) {
		return this.database.sql("select count(*) from enrolment where classroom_id = :id and learner_id = :learner")
			.bind("id", classroomId).bind("learner", learnerId).map((row) -> row.get(0, Long.class) > 0).one();
	}

	Flux<Enrolment> enrolments(String classroomId) {
		return this.database.sql("select e.learner_id, a.username, e.joined_at from enrolment e"
				+ " join user_account a on a.id = e.learner_id where e.classroom_id = :id order by a.username")
			.bind("id", classroomId)
			.map((row) -> new Enrolment(row.get("learner_id", Long.class), row.get("username", String.class),
					row.get("joined_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	Mono<Long> countEnrolments(String classroomId) {
		return this.database.sql("select count(*) from enrolment where classroom_id = :id").bind("id", classroomId)
			.map((row) -> row.get(0, Long.class)).one();
	}

	private Mono<Classroom> withDetails(Classroom classroom) {
		Mono<List<String>> exercises = this.database
			.sql("select exercise_id from classroom_exercise where classroom_id = :id order by position")
			.bind("id", classroom.id()).map((row) -> row.get(0, String.class)).all().collectList();
		Mono<List<Long>> assistants = this.database
			.sql("select trainer_id from classroom_trainer where classroom_id = :id order by trainer_id")
			.bind("id", classroom.id()).map((row) -> row.get(0, Long.class)).all().collectList();
		return Mono.zip(exercises, assistants).map((both) -> new Classroom(classroom.id(), classroom.name(),
				classroom.ownerId(), classroom.joinCode(), classroom.opensAt(), classroom.closesAt(), classroom.seats(),
				both.getT1(), both.getT2(), classroom.createdAt()));
	}

	private static Classroom toClassroom(Readable row) {
		return new Classroom(row.get("id", String.class), row.get("name", String.class), row.get("owner_id", Long.class),
				row.get("join_code", String.class), instant(row, "opens_at"), instant(row, "closes_at"),
				row.get("seats", Integer.class), List.of(), List.of(), instant(row, "created_at"));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
