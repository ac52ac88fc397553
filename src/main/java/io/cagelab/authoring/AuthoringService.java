package io.cagelab.authoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.cagelab.authoring.AuthoredExerciseRepository.Authored;
import io.cagelab.exercise.CatalogEntry;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.SpecProblem;
import io.cagelab.security.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Trainers' exercises: a trainer sees the shipped exercises (to read) and edits their own; an admin sees and edits
 * all, a shipped exercise being saved as a copy under the data folder. Whatever a viewer may not see is not found.
 */
@Service
class AuthoringService {

	/** The version of an exercise nobody saved through authoring yet (a shipped one, or a folder put there by hand). */
	static final int UNSAVED = 0;

	private static final Logger logger = LoggerFactory.getLogger(AuthoringService.class);

	private final ExerciseCatalog catalog;

	private final AuthoredExerciseRepository repository;

	private final AuthoringProperties limits;

	AuthoringService(ExerciseCatalog catalog, AuthoredExerciseRepository repository, AuthoringProperties limits) {
		this.catalog = catalog;
		this.repository = repository;
		this.limits = limits;
	}

	/** What a request asks to save; {@code version} is the one the editor read, null when creating. */
	record Draft(String spec, Map<String, String> readme, Integer version) {
	}

	/**
	 * One exercise as authoring knows it: its folder in the catalog (the authored copy when there is one) and its
	 * record, null when nobody saved it through authoring.
	 */
	record Found(CatalogEntry entry, Authored authored, boolean editable) {

		int version() {
			return (this.authored != null) ? this.authored.version() : UNSAVED;
		}

		ExerciseState state() {
			return (this.authored != null) ? this.authored.state() : ExerciseState.DRAFT;
		}

	}

	Mono<List<Found>> list(Viewer viewer) {
		refuseLearners(viewer);
		return Mono.zip(this.catalog.entries(), this.repository.all().collectMap(Authored::id))
			.map((both) -> shown(both.getT1()).stream()
				.map((entry) -> found(viewer, entry, both.getT2().get(entry.id())))
				.flatMap(Optional::stream)
				.toList());
	}

	Mono<Found> get(Viewer viewer, String id) {
		refuseLearners(viewer);
		return this.catalog.entries().zipWith(this.repository.find(id).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap((both) -> Mono.justOrEmpty(shown(both.getT1()).stream()
				.filter((entry) -> entry.id().equals(id)).findFirst()
				.flatMap((entry) -> found(viewer, entry, both.getT2().orElse(null)))))
			.switchIfEmpty(Mono.error(() -> AuthoringException.notFound(id)));
	}

	Mono<ExerciseFiles.Texts> texts(Found found) {
		return Mono.fromCallable(() -> ExerciseFiles.read(found.entry().folder()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/** Create an exercise owned by the viewer, at version 1, as a draft. */
	Mono<Found> create(Viewer viewer, Draft draft) {
		refuseLearners(viewer);
		return checked(draft, null).flatMap((exercise) -> this.repository.insert(exercise.id(), exercise.module(),
				viewer.accountId())
			.flatMap((inserted) -> inserted ? Mono.just(exercise) : Mono.error(() -> new AuthoringException(
					HttpStatus.CONFLICT, "authoring.taken", exercise.id())))
			.flatMap((saved) -> write(saved, draft).onErrorResume((ex) -> this.repository.delete(saved.id())
				.then(Mono.error(ex))))
			.then(get(viewer, exercise.id())));
	}

	/**
	 * Save a new version of an exercise the viewer may edit, if it is still at the version they edited; a shipped
	 * exercise, or a folder nobody saved, becomes a copy at version 1.
	 */
	Mono<Found> update(Viewer viewer, String id, Draft draft) {
		return get(viewer, id).flatMap((found) -> {
			if (!found.editable()) {
				return Mono.error(AuthoringException.notFound(id));
			}
			if (draft.version() == null) {
				return Mono.error(new InvalidExercise(List.of(new SpecProblem("version", 0, 0,
						"authoring.version-missing", List.of()))));
			}
			int edited = draft.version();
			return checked(draft, id).flatMap((exercise) -> claim(viewer, found, exercise, edited)
				.flatMap((claimed) -> write(exercise, draft)
					.then(Mono.defer(() -> moved(found, exercise)))
					.onErrorResume((ex) -> ((found.authored() != null) ? this.repository.restore(found.authored())
							: this.repository.delete(id)).then(Mono.error(ex)))))
				.then(get(viewer, id));
		});
	}

	/** Delete an authored exercise (a shipped exercise's copy: the shipped one is served again). */
	Mono<Void> delete(Viewer viewer, String id) {
		return get(viewer, id).flatMap((found) -> {
			if (!found.editable()) {
				return Mono.error(AuthoringException.notFound(id));
			}
			if (found.entry().shipped()) {
				return Mono.error(new AuthoringException(HttpStatus.CONFLICT, "authoring.shipped-delete", id));
			}
			return this.repository.delete(id).then(Mono.fromCallable(() -> {
				ExerciseFiles.delete(found.entry().folder());
				return true;
			}).subscribeOn(Schedulers.boundedElastic())).then();
		});
	}

	/** Take the next version, or tell the saver whose version is newer. */
	private Mono<Boolean> claim(Viewer viewer, Found found, Exercise exercise, int edited) {
		Mono<Boolean> claimed = (found.authored() != null)
				? this.repository.advance(found.entry().id(), edited, exercise.module())
				: (edited == UNSAVED) ? this.repository.insert(exercise.id(), exercise.module(), viewer.accountId())
						: Mono.just(false);
		return claimed.flatMap((won) -> won ? Mono.just(true)
				: this.repository.find(exercise.id()).map(Authored::version).defaultIfEmpty(UNSAVED)
					.flatMap((current) -> Mono.error(new AuthoringException(HttpStatus.CONFLICT,
							"authoring.conflict", exercise.id(), edited, current))));
	}

	/** After a save that moved the exercise to another module, remove its old authored folder. */
	private Mono<Void> moved(Found found, Exercise exercise) {
		if (found.entry().shipped() || found.entry().module().equals(exercise.module())) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> {
			ExerciseFiles.delete(found.entry().folder());
			return true;
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

	private Mono<Void> write(Exercise exercise, Draft draft) {
		Path folder = this.catalog.authoredFolder(exercise.module(), exercise.id());
		return Mono.fromCallable(() -> {
			ExerciseFiles.write(folder, new ExerciseFiles.Texts(draft.spec(), readme(draft, "en"), readme(draft, "fr")));
			return true;
		}).subscribeOn(Schedulers.boundedElastic()).then().onErrorMap(IOException.class, (ex) -> {
			logger.error("Cannot write the exercise {} to {}", exercise.id(), folder, ex);
			return new AuthoringException(HttpStatus.INTERNAL_SERVER_ERROR, "authoring.write-failed", exercise.id(),
					String.valueOf(ex.getMessage()));
		});
	}

	/**
	 * Check a body: its sizes, then its spec with the one validator, the id free unless it is the exercise being
	 * saved ({@code savedId}); every problem found is told at once, and nothing is saved.
	 */
	private Mono<Exercise> checked(Draft draft, String savedId) {
		return checked(draft, savedId, null);
	}

	/**
	 * Check a body as {@link #checked(Draft, String)} does, read as if it were this file ({@code <module>/<id>/
	 * exercise.yaml}, whose folders' names must then be its module and id), as an imported pack's are.
	 */
	Mono<Exercise> checked(Draft draft, String savedId, Path file) {
		List<SpecProblem> problems = new ArrayList<>();
		if (draft.spec() == null) {
			problems.add(new SpecProblem("spec", 0, 0, "spec.missing", List.of("spec")));
		}
		else {
			tooLarge("spec", draft.spec(), this.limits.maxSpec().toBytes()).ifPresent(problems::add);
		}
		for (String language : List.of("en", "fr")) {
			String text = (draft.readme() != null) ? draft.readme().get(language) : null;
			if (text != null) {
				tooLarge("readme." + language, text, this.limits.maxReadme().toBytes()).ifPresent(problems::add);
			}
		}
		if (!problems.isEmpty()) {
			return Mono.error(new InvalidExercise(problems));
		}
		return this.catalog.entries().flatMap((entries) -> {
			// A new exercise takes a free id; a saved one keeps its own, its shipped original's module aside.
			BiFunction<String, String, String> takenBy = (id, module) -> entries.stream()
				.filter((entry) -> entry.id().equals(id))
				.filter((entry) -> savedId == null || entry.shipped() && !entry.module().equals(module))
				.map(CatalogEntry::module).findFirst().orElse(null);
			return this.catalog.check(file, draft.spec(), takenBy).flatMap((reading) -> {
				if (reading.valid() && savedId != null && !reading.exercise().id().equals(savedId)) {
					// Read again as if in the folder of the exercise saved, for the id's own line and column.
					return this.catalog.check(this.catalog.authoredFolder(reading.exercise().module(), savedId)
						.resolve(ExerciseFiles.SPEC), draft.spec(), takenBy);
				}
				return Mono.just(reading);
			});
		}).flatMap((reading) -> reading.valid() ? Mono.just(reading.exercise())
				: Mono.error(new InvalidExercise(reading.problems())));
	}

	private static Optional<SpecProblem> tooLarge(String path, String text, long limit) {
		long size = text.getBytes(StandardCharsets.UTF_8).length;
		return (size > limit) ? Optional.of(new SpecProblem(path, 0, 0, "authoring.too-large",
				List.of(path, kibibytes(size), kibibytes(limit)))) : Optional.empty();
	}

	private static String kibibytes(long bytes) {
		return String.valueOf((bytes + 1023) / 1024);
	}

	private static String readme(Draft draft, String language) {
		String text = (draft.readme() != null) ? draft.readme().get(language) : null;
		return (text != null) ? text : "";
	}

	/** The folders authoring shows: an authored copy hides the shipped exercise of its id. */
	private static List<CatalogEntry> shown(List<CatalogEntry> entries) {
		Set<String> copied = entries.stream().filter((entry) -> !entry.shipped()).map(CatalogEntry::id)
			.collect(Collectors.toSet());
		return entries.stream().filter((entry) -> !entry.shipped() || !copied.contains(entry.id())).toList();
	}

	/** What the viewer may see of this folder: an admin everything, a trainer the shipped ones and their own. */
	private static Optional<Found> found(Viewer viewer, CatalogEntry entry, Authored authored) {
		if (viewer.isAdmin()) {
			return Optional.of(new Found(entry, authored, true));
		}
		if (entry.shipped()) {
			return Optional.of(new Found(entry, authored, false));
		}
		boolean own = authored != null && authored.ownerId() == viewer.accountId();
		return own ? Optional.of(new Found(entry, authored, true)) : Optional.empty();
	}

	/** Authoring does not exist for a learner: every path of it answers as a page that is not there. */
	private static void refuseLearners(Viewer viewer) {
		if (!viewer.mayTeach()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
