package io.cagelab.authoring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import io.cagelab.authoring.AuthoredExerciseRepository.Authored;
import io.cagelab.classroom.Classroom;
import io.cagelab.classroom.ClassroomService;
import io.cagelab.exercise.CatalogEntry;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.ExerciseSpecReader;
import io.cagelab.exercise.ExerciseValidator;
import io.cagelab.exercise.PublishedExercises;
import io.cagelab.exercise.SpecProblem;
import io.cagelab.security.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
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

	/** The spec's own id line, at the top level: its value, whatever comment follows it. */
	private static final Pattern OWN_ID = Pattern.compile("(?m)^id:([ \\t]*)[^\\s#]+");

	private static final Pattern OWN_MODULE = Pattern.compile("(?m)^module:([ \\t]*)[^\\s#]+");

	private final ExerciseCatalog catalog;

	private final AuthoredExerciseRepository repository;

	private final AuthoringProperties limits;

	private final ExercisePublications publications;

	private final ExerciseValidator validator;

	private final ProofSlots slots;

	private final ClassroomService classrooms;

	private final TransactionalOperator transaction;

	private final MessageSource messages;

	private final Clock clock;

	AuthoringService(ExerciseCatalog catalog, AuthoredExerciseRepository repository, AuthoringProperties limits,
			ExercisePublications publications, ExerciseValidator validator, ProofSlots slots,
			ClassroomService classrooms, TransactionalOperator transaction, MessageSource messages, Clock clock) {
		this.catalog = catalog;
		this.repository = repository;
		this.limits = limits;
		this.publications = publications;
		this.validator = validator;
		this.slots = slots;
		this.classrooms = classrooms;
		this.transaction = transaction;
		this.messages = messages;
		this.clock = clock;
	}

	/** What a request asks to save; {@code version} is the one the editor read, null when creating. */
	record Draft(String spec, Map<String, String> readme, Integer version) {
	}

	/** A class that assigns an exercise, as the viewer may see it. */
	record ClassUse(String id, String name) {
	}

	/**
	 * One exercise as authoring knows it: its folder in the catalog (the authored copy when there is one), its
	 * record (null when nobody saved it through authoring), the latest version published (null for none) and the
	 * classes of the viewer's that assign it.
	 */
	record Found(CatalogEntry entry, Authored authored, boolean editable, Integer publishedVersion,
			List<ClassUse> classes) {

		/** The version last proven, current or not; null when it never was. */
		Integer provenVersion() {
			return (this.authored != null) ? this.authored.provenVersion() : null;
		}

		int version() {
			return (this.authored != null) ? this.authored.version() : UNSAVED;
		}

		ExerciseState state() {
			return (this.authored != null) ? this.authored.state() : ExerciseState.DRAFT;
		}

	}

	Mono<List<Found>> list(Viewer viewer) {
		refuseLearners(viewer);
		return Mono.zip(this.catalog.entries(), this.repository.all().collectMap(Authored::id),
				this.publications.latestVersions(), classUses(viewer))
			.map((all) -> ExerciseCatalog.drafts(all.getT1()).stream()
				.map((entry) -> found(viewer, entry, all.getT2().get(entry.id()), all.getT3().get(entry.id()),
						all.getT4().getOrDefault(entry.id(), List.of())))
				.flatMap(Optional::stream)
				.toList());
	}

	/** One exercise as {@link #list} shows it to the viewer, or not found. */
	Mono<Found> get(Viewer viewer, String id) {
		return list(viewer).flatMap((all) -> Mono.justOrEmpty(all.stream()
				.filter((found) -> found.entry().id().equals(id)).findFirst()))
			.switchIfEmpty(Mono.error(() -> AuthoringException.notFound(id)));
	}

	/** The classes the viewer teaches (an admin: every class), by the exercises they assign. */
	private Mono<Map<String, List<ClassUse>>> classUses(Viewer viewer) {
		return this.classrooms.list(viewer).collectList().map((classes) -> {
			Map<String, List<ClassUse>> uses = new HashMap<>();
			for (Classroom classroom : classes) {
				for (String exercise : new LinkedHashSet<>(classroom.exercises())) {
					uses.computeIfAbsent(exercise, (key) -> new ArrayList<>())
						.add(new ClassUse(classroom.id(), classroom.name()));
				}
			}
			return uses;
		});
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
			if (found.publishedVersion() != null) {
				// Learners are served it and their attempts are shown with its publications: it stays.
				return Mono.error(new AuthoringException(HttpStatus.CONFLICT, "authoring.published-delete", id));
			}
			return this.repository.delete(id).then(Mono.fromCallable(() -> {
				ExerciseFiles.delete(found.entry().folder());
				return true;
			}).subscribeOn(Schedulers.boundedElastic())).then();
		});
	}

	/** What a proof tells, step by step, then its verdict: an event's name and what it carries, as JSON. */
	record ProofEvent(String name, Object data) {
	}

	/**
	 * The verdict of a proof.
	 *
	 * @param verdict {@code proven} or {@code failed}
	 * @param version the version proven (or that failed)
	 * @param current whether that version is still the exercise's current one: false when it was saved meanwhile,
	 * and then it stays a draft
	 * @param state the exercise's state after the proof
	 * @param message the verdict in a sentence, in the reader's language
	 * @param reasons every problem found, in the reader's language; empty when proven
	 * @param took how long the proof took, in milliseconds
	 */
	record Verdict(String verdict, String exercise, int version, boolean current, String state, String message,
			List<String> reasons, long took) {
	}

	/**
	 * Prove an exercise the viewer may edit on the real engine, as {@code ./cagelab validate} does: each step as it
	 * completes, then the verdict. Proven, it becomes PROVEN at the version proven, unless it was saved meanwhile.
	 * One proof per exercise at a time, and a few on the host: a proof more is refused at once, never queued.
	 */
	Flux<ProofEvent> prove(Viewer viewer, String id, Locale locale) {
		return get(viewer, id).flatMapMany((found) -> {
			if (!found.editable()) {
				return Mono.error(AuthoringException.notFound(id));
			}
			if (found.authored() == null) {
				return Mono.error(new AuthoringException(HttpStatus.CONFLICT, "authoring.prove-unsaved", id));
			}
			if (!found.entry().valid()) {
				return Mono.error(new InvalidExercise(found.entry().problems()));
			}
			// The version first, then the texts: a save in between is caught by the version check at the end.
			int version = found.version();
			return texts(found).flatMapMany((texts) -> this.catalog
				.check(found.entry().folder().resolve(ExerciseFiles.SPEC), texts.spec(), (other, module) -> null)
				.flatMapMany((reading) -> reading.valid()
						? Flux.using(() -> this.slots.take(id),
								(slot) -> proof(reading.exercise(), slot, version, digest(texts), locale),
								this.slots::release)
						: Flux.error(new InvalidExercise(reading.problems()))));
		});
	}

	private Flux<ProofEvent> proof(Exercise exercise, ProofSlots.Slot slot, int version, String digest,
			Locale locale) {
		long started = System.nanoTime();
		List<String> reasons = new CopyOnWriteArrayList<>();
		return this.validator.steps(exercise, slot.owner(), locale)
			.doOnNext((step) -> reasons.addAll(step.problems()))
			.map(AuthoringService::event)
			.concatWith(Mono.defer(() -> verdict(exercise.id(), version, digest, List.copyOf(reasons), locale,
					Duration.ofNanos(System.nanoTime() - started))));
	}

	private static ProofEvent event(ExerciseValidator.Step step) {
		if (step instanceof ExerciseValidator.SolutionTried) {
			return new ProofEvent("solution", step);
		}
		return new ProofEvent((step instanceof ExerciseValidator.WrongAnswerTried) ? "wrong-answer" : "not-graded",
				step);
	}

	/** Record what the proof found, with compare-and-set on the version proven, and say it. */
	private Mono<ProofEvent> verdict(String id, int version, String digest, List<String> reasons, Locale locale,
			Duration took) {
		if (!reasons.isEmpty()) {
			return this.repository.unproven(id, version).then(current(id)).map((now) -> new ProofEvent("verdict",
					new Verdict("failed", id, version, now.version() == version, now.state().code(),
							text("authoring.prove-failed", locale, id, version, reasons.size()), reasons,
							took.toMillis())));
		}
		return this.repository.proven(id, version, digest).flatMap((recorded) -> current(id).map((now) -> {
			String message = recorded ? text("authoring.proven", locale, id, version)
					: text("authoring.proven-stale", locale, id, version, now.version());
			return new ProofEvent("verdict", new Verdict("proven", id, version, recorded, now.state().code(),
					message, List.of(), took.toMillis()));
		}));
	}

	/** The exercise's record as it is now; a deleted one as a draft of no version. */
	private Mono<Authored> current(String id) {
		return this.repository.find(id).defaultIfEmpty(new Authored(id, "", 0, null, ExerciseState.DRAFT, UNSAVED,
				null, null));
	}

	/**
	 * Publish the version proven: its texts are frozen as a publication, which learners are served from now on in
	 * place of the previous one; refused unless the current version is the one proven, with the texts proven.
	 */
	Mono<Found> publish(Viewer viewer, String id) {
		return get(viewer, id).flatMap((found) -> {
			if (!found.editable()) {
				return Mono.error(AuthoringException.notFound(id));
			}
			Authored authored = found.authored();
			if (authored != null && authored.state() == ExerciseState.PUBLISHED && authored.provenNow()) {
				return Mono.error(new AuthoringException(HttpStatus.CONFLICT, "authoring.already-published", id,
						authored.version()));
			}
			if (authored == null || !authored.provenNow()) {
				return Mono.error(notProven(id, found.version()));
			}
			return texts(found).flatMap((texts) -> {
				String digest = digest(texts);
				if (!digest.equals(authored.provenDigest())) {
					return Mono.error(notProven(id, authored.version()));
				}
				PublishedExercises.Publication publication = new PublishedExercises.Publication(id,
						authored.version(), found.entry().module(), texts.spec(), texts.readmeEn(), texts.readmeFr());
				return this.repository.published(id, authored.version(), digest)
					.flatMap((won) -> won ? this.publications.insert(publication, viewer.accountId(),
							this.clock.instant()) : Mono.error(notProven(id, authored.version())))
					.as(this.transaction::transactional)
					.doFinally((signal) -> this.publications.changed());
			}).then(Mono.defer(() -> get(viewer, id)));
		});
	}

	private static AuthoringException notProven(String id, int version) {
		return new AuthoringException(HttpStatus.CONFLICT, "authoring.not-proven", id, version);
	}

	/** What a duplicate asks: the copy's id, and its module when it moves to another. */
	record Copy(String id, String module) {
	}

	/**
	 * Copy an exercise the viewer may read into a new draft of theirs: its spec with its own {@code id:} (and
	 * {@code module:} when asked) line changed, checked by the validator as any new exercise, and both instructions.
	 */
	Mono<Found> duplicate(Viewer viewer, String id, Copy copy) {
		return get(viewer, id).flatMap((found) -> {
			List<SpecProblem> problems = new ArrayList<>();
			if (copy == null || copy.id() == null || copy.id().isBlank()) {
				problems.add(new SpecProblem("id", 0, 0, "spec.missing", List.of("id")));
			}
			else if (!ExerciseSpecReader.isName(copy.id())) {
				problems.add(new SpecProblem("id", 0, 0, "spec.name", List.of(copy.id())));
			}
			if (copy != null && copy.module() != null && !ExerciseSpecReader.isName(copy.module())) {
				problems.add(new SpecProblem("module", 0, 0, "spec.name", List.of(copy.module())));
			}
			if (!problems.isEmpty()) {
				return Mono.error(new InvalidExercise(problems));
			}
			return texts(found).flatMap((texts) -> {
				String spec = OWN_ID.matcher(texts.spec()).replaceFirst("id:$1" + copy.id());
				if (copy.module() != null) {
					spec = OWN_MODULE.matcher(spec).replaceFirst("module:$1" + copy.module());
				}
				return create(viewer, new Draft(spec, Map.of("en", texts.readmeEn(), "fr", texts.readmeFr()), null));
			});
		});
	}

	/** What a proof proved and a publish publishes: the spec and both instructions, byte for byte. */
	static String digest(ExerciseFiles.Texts texts) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String text : List.of(texts.spec(), texts.readmeEn(), texts.readmeFr())) {
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
				sha.update(bytes);
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	private String text(String key, Locale locale, Object... arguments) {
		return this.messages.getMessage(key, arguments, locale);
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

	/** A draft read as {@link #checked(Draft, String)} reads it: the exercise, or its problems. */
	record Reading(Exercise exercise, List<SpecProblem> problems) {
	}

	Mono<Reading> checkedOrProblems(Draft draft, String savedId) {
		return checked(draft, savedId).map((exercise) -> new Reading(exercise, List.of()))
			.onErrorResume(InvalidExercise.class, (ex) -> Mono.just(new Reading(null, ex.problems())));
	}

	/** Every problem of a draft, none when it could be saved. */
	Mono<List<SpecProblem>> problems(Draft draft, String savedId) {
		return checkedOrProblems(draft, savedId).map(Reading::problems);
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

	/** What the viewer may see of this folder: an admin everything, a trainer the shipped ones and their own. */
	private static Optional<Found> found(Viewer viewer, CatalogEntry entry, Authored authored, Integer published,
			List<ClassUse> classes) {
		if (viewer.isAdmin()) {
			return Optional.of(new Found(entry, authored, true, published, classes));
		}
		if (entry.shipped()) {
			return Optional.of(new Found(entry, authored, false, published, classes));
		}
		boolean own = authored != null && authored.ownerId() == viewer.accountId();
		return own ? Optional.of(new Found(entry, authored, true, published, classes)) : Optional.empty();
	}

	/** Authoring does not exist for a learner: every path of it answers as a page that is not there. */
	private static void refuseLearners(Viewer viewer) {
		if (!viewer.mayTeach()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
