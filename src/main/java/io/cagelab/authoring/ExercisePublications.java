package io.cagelab.authoring;

import java.time.Instant;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.cagelab.exercise.PublishedExercises;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Every publish of an exercise, frozen in the database: the catalog serves learners the latest of each. The latest
 * ones are kept in memory, read again after each publish: the catalog asks for them on every page and hand-in.
 */
@Repository
class ExercisePublications implements PublishedExercises {

	private static final String COLUMNS = "exercise_id, version, module, spec, readme_en, readme_fr";

	private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

	private final DatabaseClient database;

	/** The latest publications as last read, or null to read them again. */
	private final AtomicReference<Mono<List<Publication>>> latest = new AtomicReference<>();

	ExercisePublications(DatabaseClient database) {
		this.database = database;
	}

	@Override
	public Mono<List<Publication>> latest() {
		Mono<List<Publication>> known = this.latest.get();
		if (known != null) {
			return known;
		}
		Mono<List<Publication>> read = this.database.sql("select " + COLUMNS + " from exercise_publication p"
				+ " where version = (select max(version) from exercise_publication q where q.exercise_id = p.exercise_id)"
				+ " order by exercise_id")
			.map((row, meta) -> publication(row)).all().collectList()
			// A failed read is not kept: the next request reads again.
			.cache((found) -> FOREVER, (ex) -> Duration.ZERO, () -> Duration.ZERO);
		// Kept only when nothing was published meanwhile: a publish empties it after its own write.
		this.latest.compareAndSet(null, read);
		return read;
	}

	@Override
	public Mono<Publication> at(String exerciseId, int version) {
		return this.database.sql("select " + COLUMNS + " from exercise_publication where exercise_id = :id"
				+ " and version = :version")
			.bind("id", exerciseId).bind("version", version).map((row, meta) -> publication(row)).one();
	}

	/** The latest version published of each exercise, by id. */
	Mono<Map<String, Integer>> latestVersions() {
		return this.database.sql("select exercise_id, max(version) as latest from exercise_publication"
				+ " group by exercise_id")
			.map((row, meta) -> Map.entry(row.get("exercise_id", String.class), row.get("latest", Integer.class)))
			.all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** Record a publication; the caller runs it in the transaction that marks the exercise published. */
	Mono<Void> insert(Publication publication, long publishedBy, Instant at) {
		return this.database.sql("insert into exercise_publication (" + COLUMNS + ", published_by, published_at)"
				+ " values (:id, :version, :module, :spec, :en, :fr, :by, :at)")
			.bind("id", publication.exerciseId()).bind("version", publication.version())
			.bind("module", publication.module()).bind("spec", publication.spec())
			.bind("en", publication.readmeEn()).bind("fr", publication.readmeFr())
			.bind("by", publishedBy).bind("at", at.atOffset(ZoneOffset.UTC))
			.then();
	}

	/** Read the latest publications again at the next request: one was just committed. */
	void changed() {
		this.latest.set(null);
	}

	Mono<Boolean> any(String exerciseId) {
		return this.database.sql("select count(*) as published from exercise_publication where exercise_id = :id")
			.bind("id", exerciseId).map((row, meta) -> row.get("published", Long.class)).one()
			.map((count) -> count > 0);
	}

	private static Publication publication(io.r2dbc.spi.Readable row) {
		return new Publication(row.get("exercise_id", String.class), row.get("version", Integer.class),
				row.get("module", String.class), row.get("spec", String.class), row.get("readme_en", String.class),
				row.get("readme_fr", String.class));
	}

}
