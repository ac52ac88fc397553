package io.cagelab.classroom;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.cagelab.account.Role;
import io.cagelab.account.UserAccount;
import io.cagelab.account.UserAccountRepository;
import io.cagelab.course.CourseCatalog;
import io.cagelab.course.CourseModule;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.ExerciseKind;
import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Create and run classes: their settings, join codes and enrolments, always within what the viewer may see.
 */
@Service
public class ClassroomService {

	static final int MAX_NAME = 120;

	static final int MAX_SEATS = 1_000;

	private final ClassroomRepository classrooms;

	private final ExerciseCatalog exercises;

	private final CourseCatalog course;

	private final UserAccountRepository accounts;

	private final JoinCodes codes = new JoinCodes();

	private final ClassDashboards dashboards;

	private final Clock clock;

	ClassroomService(ClassroomRepository classrooms, ExerciseCatalog exercises, CourseCatalog course,
			UserAccountRepository accounts, ClassDashboards dashboards, Clock clock) {
		this.classrooms = classrooms;
		this.exercises = exercises;
		this.course = course;
		this.accounts = accounts;
		this.dashboards = dashboards;
		this.clock = clock;
	}

	/** What a trainer asks of a class; every field may be left out of a change. */
	public record Settings(String name, List<String> exercises, Instant opensAt, Instant closesAt, Integer seats,
			List<String> assistants, Boolean joinEnabled) {
	}

	public Mono<Classroom> create(Viewer viewer, Settings settings) {
		if (!viewer.mayTeach()) {
			return Mono.error(notFound());
		}
		if (settings.name() == null) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.name", MAX_NAME));
		}
		Instant now = this.clock.instant();
		Classroom blank = new Classroom(UUID.randomUUID().toString(), "", viewer.accountId(), null, null, null, null,
				List.of(), List.of(), now);
		return apply(blank, settings, true).flatMap((classroom) -> this.classrooms.save(classroom, true))
			.flatMap((saved) -> (settings.joinEnabled() == null || settings.joinEnabled())
					? withNewCode(saved) : Mono.just(saved));
	}

	/** Return the classes the viewer teaches (every class for an admin), or the ones a learner joined. */
	public Flux<Classroom> list(Viewer viewer) {
		if (viewer.isAdmin()) {
			return this.classrooms.findAll();
		}
		return (viewer.role() == Role.TRAINER) ? this.classrooms.findTaughtBy(viewer.accountId())
				: this.classrooms.findByLearner(viewer.accountId());
	}

	/** Return a class the viewer teaches; any other is not found. */
	public Mono<Classroom> get(Viewer viewer, String id) {
		return this.classrooms.findById(id).filter((classroom) -> viewer.teaches(classroom.id()))
			.switchIfEmpty(Mono.error(this::notFound));
	}

	public Mono<Classroom> update(Viewer viewer, String id, Settings settings) {
		return get(viewer, id).flatMap((classroom) -> {
			if (settings.assistants() != null && !isOwnerOrAdmin(viewer, classroom)) {
				return Mono.error(new Refusal(HttpStatus.FORBIDDEN, "classroom.refused.assistants-by-owner"));
			}
			return apply(classroom, settings, false);
		})
			.flatMap((classroom) -> this.classrooms.save(classroom, false))
			.flatMap((saved) -> (settings.joinEnabled() == null) ? Mono.just(saved)
					: settings.joinEnabled() ? ((saved.joinCode() != null) ? Mono.just(saved) : withNewCode(saved))
							: this.classrooms.setJoinCode(saved.id(), null).then(this.classrooms.findById(saved.id())))
			.doOnNext((saved) -> this.dashboards.classChanged(saved.id()));
	}

	/** Delete a class and its enrolments; the learners' accounts and work stay. Only its owner or an admin may. */
	public Mono<Void> delete(Viewer viewer, String id) {
		return get(viewer, id).flatMap((classroom) -> isOwnerOrAdmin(viewer, classroom)
				? this.classrooms.delete(id).doOnSuccess((done) -> this.dashboards.classDeleted(id)) : Mono.error(new Refusal(HttpStatus.FORBIDDEN, "classroom.refused.delete-by-owner")));
	}

	/** Give the class a new join code: the old one stops working at once. */
	public Mono<Classroom> rotateJoinCode(Viewer viewer, String id) {
		return get(viewer, id).flatMap(this::withNewCode);
	}

	/**
	 * Enrol an account in the class whose code it typed; return the class and whether the account was enrolled just
	 * now. A wrong or rotated code, a closed class or a full one is refused with a message that says which.
	 */
	public Mono<Joined> join(long learnerId, String typedCode) {
		return open(typedCode).flatMap((classroom) -> this.classrooms.isEnrolled(classroom.id(), learnerId)
			.flatMap((already) -> already ? Mono.just(new Joined(classroom, false))
					: this.classrooms.enrol(classroom.id(), learnerId, classroom.seats(), this.clock.instant())
						.flatMap((enrolled) -> enrolled ? Mono.just(new Joined(classroom, true)) : Mono.error(full(classroom))))
			.doOnNext((joined) -> {
				if (joined.enrolledNow()) {
					this.dashboards.classChanged(joined.classroom().id());
				}
			}));
	}

	/** Return the class a newcomer's code would let them join, or refuse as {@link #join} would. */
	public Mono<Classroom> check(String typedCode) {
		return open(typedCode).flatMap((classroom) -> this.classrooms.countEnrolments(classroom.id())
			.flatMap((count) -> (classroom.seats() != null && count >= classroom.seats()) ? Mono.error(full(classroom))
					: Mono.just(classroom)));
	}

	/** Return the class that holds the code, unless the code is wrong, rotated, switched off, or the class closed. */
	private Mono<Classroom> open(String typedCode) {
		String code = JoinCodes.normalize(typedCode);
		if (code == null) {
			return Mono.error(new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.no-such-code"));
		}
		return this.classrooms.findByJoinCode(code)
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.no-such-code")))
			.flatMap((classroom) -> classroom.isClosed(this.clock.instant())
					? Mono.error(new Refusal(HttpStatus.GONE, "classroom.refused.closed", classroom.name()))
					: Mono.just(classroom));
	}

	private static Refusal full(Classroom classroom) {
		return new Refusal(HttpStatus.CONFLICT, "classroom.refused.full", classroom.name(), classroom.seats());
	}

	/** The class an account joined, and whether it joined just now (rather than being in it already). */
	public record Joined(Classroom classroom, boolean enrolledNow) {
	}

	/** Enrol an account a trainer chose (a roster), whatever the seats, which bound only those who join by code. */
	Mono<Void> enrol(Classroom classroom, long learnerId) {
		return this.classrooms.enrol(classroom.id(), learnerId, null, this.clock.instant())
			.doOnNext((enrolled) -> {
				if (enrolled) {
					this.dashboards.classChanged(classroom.id());
				}
			}).then();
	}

	/** Return who joined a class the viewer teaches. */
	public Flux<ClassroomRepository.Enrolment> learners(Viewer viewer, String id) {
		return get(viewer, id).flatMapMany((classroom) -> this.classrooms.enrolments(classroom.id()));
	}

	public Mono<Long> learnerCount(String id) {
		return this.classrooms.countEnrolments(id);
	}

	/** Return the user names of a class's assistants, in the order they are stored. */
	public Mono<List<String>> assistantNames(Classroom classroom) {
		return Flux.fromIterable(classroom.assistants()).concatMap(this.accounts::findById).map(UserAccount::username)
			.collectList();
	}

	private Mono<Classroom> apply(Classroom classroom, Settings settings, boolean isNew) {
		String name = (settings.name() != null) ? settings.name().strip() : classroom.name();
		if (name.isEmpty() || name.length() > MAX_NAME) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.name", MAX_NAME));
		}
		Instant opensAt = (settings.opensAt() != null) ? settings.opensAt() : classroom.opensAt();
		Instant closesAt = (settings.closesAt() != null) ? settings.closesAt() : classroom.closesAt();
		if (opensAt != null && closesAt != null && !opensAt.isBefore(closesAt)) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.window"));
		}
		Integer seats = (settings.seats() != null) ? settings.seats() : classroom.seats();
		if (seats != null && (seats < 1 || seats > MAX_SEATS)) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.seats", MAX_SEATS));
		}
		Mono<List<String>> assigned = (settings.exercises() != null) ? checkedExercises(settings.exercises())
				: isNew ? wholeCourse() : Mono.just(classroom.exercises());
		Mono<List<Long>> assistants = (settings.assistants() != null) ? assistantIds(settings.assistants())
				: Mono.just(classroom.assistants());
		return Mono.zip(assigned, assistants).map((both) -> new Classroom(classroom.id(), name, classroom.ownerId(),
				classroom.joinCode(), opensAt, closesAt, seats, both.getT1(), both.getT2(), classroom.createdAt()));
	}

	private Mono<List<String>> checkedExercises(List<String> asked) {
		return this.exercises.exercises().flatMap((all) -> {
			List<String> known = all.stream().map(Exercise::id).toList();
			List<String> unknown = asked.stream().filter((id) -> !known.contains(id)).toList();
			if (!unknown.isEmpty()) {
				return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.exercises",
						String.join(", ", unknown)));
			}
			return Mono.just(asked.stream().distinct().toList());
		});
	}

	/** Every exercise, in course order: module by module, labs first as the module pages list them. */
	private Mono<List<String>> wholeCourse() {
		return Mono.zip(this.course.modules(), this.exercises.exercises()).map((both) -> {
			Map<String, Integer> order = both.getT1().stream()
				.collect(Collectors.toMap(CourseModule::id, CourseModule::number, (a, b) -> a));
			return both.getT2().stream()
				.sorted(Comparator.comparing((Exercise exercise) -> order.getOrDefault(exercise.module(), Integer.MAX_VALUE))
					.thenComparing((exercise) -> exercise.kind() != ExerciseKind.LAB)
					.thenComparing(Exercise::id))
				.map(Exercise::id)
				.toList();
		});
	}

	private Mono<List<Long>> assistantIds(List<String> usernames) {
		return Flux.fromIterable(usernames).distinct().concatMap((username) -> this.accounts.findByUsername(username)
			.filter((account) -> account.role() == Role.TRAINER || account.role() == Role.ADMIN)
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.assistant",
					username))))
			.map(UserAccount::id)
			.collectList();
	}

	/** Give the class a fresh code, drawing again in the unlikely case that another class holds it. */
	private Mono<Classroom> withNewCode(Classroom classroom) {
		return Mono.defer(() -> this.classrooms.setJoinCode(classroom.id(), this.codes.next()))
			.retryWhen(Retry.max(5).filter(DataIntegrityViolationException.class::isInstance))
			.then(this.classrooms.findById(classroom.id()));
	}

	private static boolean isOwnerOrAdmin(Viewer viewer, Classroom classroom) {
		return viewer.isAdmin() || classroom.ownerId() == viewer.accountId();
	}

	private Refusal notFound() {
		return new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.not-found");
	}

}
