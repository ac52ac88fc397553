package io.cagelab.authoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.cagelab.authoring.AuthoringService.Draft;
import io.cagelab.authoring.AuthoringService.Found;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.SpecProblem;
import io.cagelab.security.Viewer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Exercise packs: export exercises' folders as a {@code .tar.gz}, and import one, each of its exercises saved as a
 * create or an update would save it (the one validator, the size limits, the ownership and version rules), all of
 * them or none.
 */
@Service
class ExercisePacks {

	private static final Logger logger = LoggerFactory.getLogger(ExercisePacks.class);

	private final AuthoringService authoring;

	private final AuthoredExerciseRepository repository;

	private final ExerciseCatalog catalog;

	private final AuthoringProperties fileLimits;

	private final PackProperties limits;

	/**
	 * Where packs are packed and unpacked: two at a time (this machine's cores), the others queued, so that a burst of
	 * imports holds at most two packs' inflated bytes at once.
	 */
	private final Scheduler archives = Schedulers.newBoundedElastic(2, 64, "exercise-packs", 60, true);

	ExercisePacks(AuthoringService authoring, AuthoredExerciseRepository repository, ExerciseCatalog catalog,
			AuthoringProperties fileLimits, PackProperties limits) {
		this.authoring = authoring;
		this.repository = repository;
		this.catalog = catalog;
		this.fileLimits = fileLimits;
		this.limits = limits;
	}

	@PreDestroy
	void stop() {
		this.archives.dispose();
	}

	/** A pack, named as the browser saves it. */
	record Pack(String filename, byte[] bytes) {
	}

	/** One exercise an import saved: at which version, and whether it replaced one that was there. */
	record Imported(String id, String module, int version, boolean replaced) {
	}

	/** The pack of one exercise the viewer may read (a trainer: a shipped one too). */
	Mono<Pack> export(Viewer viewer, String id) {
		return this.authoring.get(viewer, id).flatMap((found) -> pack(List.of(found), id + ".tar.gz"));
	}

	/** The pack of these exercises, or of every one the viewer may edit when none is named. */
	Mono<Pack> export(Viewer viewer, List<String> ids) {
		Mono<List<Found>> exported = ids.isEmpty()
				? this.authoring.list(viewer).map((all) -> all.stream().filter(Found::editable).toList())
				: Flux.fromIterable(new LinkedHashSet<>(ids)).concatMap((id) -> this.authoring.get(viewer, id))
					.collectList();
		return exported.flatMap((found) -> pack(found, "exercises.tar.gz"));
	}

	private Mono<Pack> pack(List<Found> found, String filename) {
		List<PackArchive.Source> sources = found.stream()
			.map((each) -> new PackArchive.Source(each.entry().module(), each.entry().id(), each.entry().folder()))
			.sorted(Comparator.comparing(PackArchive.Source::module).thenComparing(PackArchive.Source::id))
			.toList();
		return Mono.fromCallable(() -> new Pack(filename, PackArchive.write(sources))).subscribeOn(this.archives);
	}

	/**
	 * Import a pack: every exercise checked first, nothing saved unless all are valid (422 with every problem, each
	 * in its file inside the archive); an exercise the viewer may already edit is replaced, as a new version, only
	 * when {@code replace} says so (409 otherwise); then each is saved, and if one cannot be, those saved before it are
	 * put back as they were.
	 */
	Mono<List<Imported>> importPack(Viewer viewer, byte[] pack, boolean replace) {
		return Mono.fromCallable(() -> PackArchive.read(pack, this.limits, this.fileLimits)).subscribeOn(this.archives)
			.flatMap((contents) -> this.authoring.list(viewer).flatMap((visible) -> {
				Map<String, Found> editable = visible.stream().filter(Found::editable)
					.collect(Collectors.toMap((found) -> found.entry().id(), Function.identity()));
				List<PackProblem> problems = Collections.synchronizedList(new ArrayList<>(contents.problems()));
				return Flux.fromIterable(contents.folders())
					.filter((folder) -> folder.texts().containsKey(PackArchive.SPEC))
					.concatMap((folder) -> planned(folder, editable.get(folder.id()), problems))
					.collectList()
					.flatMap((planned) -> {
						if (!problems.isEmpty()) {
							List<PackProblem> sorted = new ArrayList<>(problems);
							sorted.sort(Comparator.comparing(PackProblem::file));
							return Mono.error(InvalidPack.of(sorted));
						}
						List<String> existing = planned.stream().filter(Planned::replacing)
							.map((each) -> each.folder().id()).toList();
						if (!replace && !existing.isEmpty()) {
							return Mono.error(new AuthoringException(HttpStatus.CONFLICT, "pack.exists",
									String.join(", ", existing)));
						}
						return saved(viewer, planned);
					});
			}));
	}

	/** An exercise of the pack, checked; null {@code existing} when the import creates it. */
	private record Planned(PackArchive.Folder folder, Draft draft, Found existing) {

		boolean replacing() {
			return this.existing != null;
		}

	}

	/** Check one folder as its save will: as an update of the one the viewer may edit, else as a create. */
	private Mono<Planned> planned(PackArchive.Folder folder, Found existing, List<PackProblem> problems) {
		Draft draft = new Draft(folder.texts().get(PackArchive.SPEC),
				Map.of("en", folder.texts().getOrDefault(PackArchive.README_EN, ""),
						"fr", folder.texts().getOrDefault(PackArchive.README_FR, "")),
				(existing != null) ? existing.version() : null);
		Path file = Path.of(folder.module(), folder.id(), PackArchive.SPEC);
		return this.authoring.checked(draft, (existing != null) ? folder.id() : null, file)
			.thenReturn(new Planned(folder, draft, existing))
			.onErrorResume(InvalidExercise.class, (invalid) -> {
				invalid.problems().forEach((problem) -> problems.add(placed(folder, problem)));
				return Mono.empty();
			});
	}

	/** A problem of a body's field, placed in the pack's file that holds it. */
	private static PackProblem placed(PackArchive.Folder folder, SpecProblem problem) {
		return switch (problem.path()) {
			case "readme.en" -> new PackProblem(folder.file(PackArchive.README_EN), withoutPath(problem));
			case "readme.fr" -> new PackProblem(folder.file(PackArchive.README_FR), withoutPath(problem));
			case "spec" -> new PackProblem(folder.file(PackArchive.SPEC), withoutPath(problem));
			default -> new PackProblem(folder.file(PackArchive.SPEC), problem);
		};
	}

	private static SpecProblem withoutPath(SpecProblem problem) {
		return new SpecProblem("", problem.line(), problem.column(), problem.key(), problem.arguments());
	}

	/** Save each, one after the other; on the first that fails, undo those saved before it, newest first. */
	private Mono<List<Imported>> saved(Viewer viewer, List<Planned> planned) {
		List<Supplier<Mono<Void>>> undos = Collections.synchronizedList(new ArrayList<>());
		return Flux.fromIterable(planned).concatMap((each) -> save(viewer, each, undos)).collectList()
			.onErrorResume((failure) -> {
				List<Supplier<Mono<Void>>> newestFirst = new ArrayList<>(undos);
				Collections.reverse(newestFirst);
				return Flux.fromIterable(newestFirst)
					.concatMap((undo) -> undo.get().onErrorResume((ex) -> {
						logger.error("Cannot undo a save of an import that failed", ex);
						return Mono.empty();
					}))
					.then(Mono.error(failure));
			});
	}

	private Mono<Imported> save(Viewer viewer, Planned planned, List<Supplier<Mono<Void>>> undos) {
		String id = planned.folder().id();
		Found existing = planned.existing();
		if (existing == null || existing.entry().shipped()) {
			// A new exercise, or a shipped one's first copy: undone by deleting what was saved.
			Mono<Found> saved = (existing == null) ? this.authoring.create(viewer, planned.draft())
					: this.authoring.update(viewer, id, planned.draft());
			return saved.doOnNext((found) -> undos.add(() -> this.authoring.delete(viewer, id)))
				.map((found) -> imported(found, existing != null));
		}
		// A new version of a folder under the data folder: undone by writing its files and its record back.
		return this.authoring.texts(existing).flatMap((before) -> this.authoring.update(viewer, id, planned.draft())
			.doOnNext((found) -> undos.add(() -> restore(existing, before, found)))
			.map((found) -> imported(found, true)));
	}

	private Mono<Void> restore(Found before, ExerciseFiles.Texts texts, Found after) {
		Path folder = before.entry().folder();
		Mono<Void> files = Mono.fromCallable(() -> {
			ExerciseFiles.write(folder, texts);
			Path moved = this.catalog.authoredFolder(after.entry().module(), after.entry().id());
			if (!moved.equals(folder)) {
				ExerciseFiles.delete(moved);
			}
			return true;
		}).subscribeOn(this.archives).then();
		return files.then((before.authored() != null) ? this.repository.restore(before.authored())
				: this.repository.delete(before.entry().id()));
	}

	private static Imported imported(Found found, boolean replaced) {
		return new Imported(found.entry().id(), found.entry().module(), found.version(), replaced);
	}

}
