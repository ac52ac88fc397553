package io.cagelab.classroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.cagelab.progress.ClassBoard;
import io.cagelab.progress.ClassProgress;
import io.cagelab.progress.ProgressEvents;
import io.cagelab.progress.ProgressQueries;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxEvents;
import io.cagelab.sandbox.SandboxEvents.SandboxChange;
import io.cagelab.sandbox.SandboxProperties;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Live class dashboards. A class followed by anyone is read from the database once, then kept in memory and moved on
 * by every attempt stored and every change to its learners' sandboxes; each change is sent to every follower as it
 * happens. However many trainers follow a class, it costs the database nothing more. A class nobody follows is
 * forgotten.
 * <p>
 * Everything that touches a followed class runs on one thread of its own, in the order it happened: no locks, no
 * update overtaking another, and nothing of it on the threads that store attempts or run sandboxes.
 */
@Component
class ClassDashboards {

	private static final Logger logger = LoggerFactory.getLogger(ClassDashboards.class);

	/** Changes a follower may fall behind by before its stream ends; its browser reconnects and reads the class anew. */
	private static final int FOLLOWER_BACKLOG = 512;

	/** Changes that may come while a class is read; more, and it is read again. */
	private static final int READ_BACKLOG = 10_000;

	/** The totals (pass counts, what fails most) are sent at most this often. */
	private static final Duration TOTALS_INTERVAL = Duration.ofMillis(500);

	private final ProgressQueries queries;

	private final SandboxService sandboxes;

	private final Duration idleTimeout;

	private final Scheduler thread = Schedulers.newSingle("class-dashboards");

	/** Only touched on {@link #thread}. */
	private final Map<String, LiveClass> live = new HashMap<>();

	private final Disposable.Composite subscriptions = Disposables.composite();

	ClassDashboards(ProgressQueries queries, SandboxService sandboxes, SandboxProperties properties,
			ProgressEvents progress, SandboxEvents sandboxEvents) {
		this.queries = queries;
		this.sandboxes = sandboxes;
		this.idleTimeout = properties.idleTimeout();
		this.subscriptions.add(progress.attempts().publishOn(this.thread)
			.subscribe((attempt) -> each((liveClass) -> liveClass.apply(attempt))));
		this.subscriptions.add(sandboxEvents.changes().publishOn(this.thread)
			.subscribe((change) -> each((liveClass) -> liveClass.apply(change))));
	}

	@PreDestroy
	void stop() {
		this.subscriptions.dispose();
		this.thread.dispose();
	}

	/** Follow a class: first the whole of it, then each change. */
	Flux<Update> follow(Classroom classroom) {
		return Flux.<Update>create((sink) -> {
			this.thread.schedule(() -> this.live.computeIfAbsent(classroom.id(), LiveClass::new).add(sink));
			sink.onDispose(() -> this.thread.schedule(() -> {
				LiveClass liveClass = this.live.get(classroom.id());
				if (liveClass != null && liveClass.remove(sink)) {
					this.live.remove(classroom.id());
				}
			}));
		}, FluxSink.OverflowStrategy.BUFFER)
			.onBackpressureBuffer(FOLLOWER_BACKLOG, (dropped) -> {
			}, BufferOverflowStrategy.ERROR);
	}

	/** The class's learners or exercises changed: its followers get it whole again. */
	void classChanged(String classroomId) {
		this.thread.schedule(() -> {
			LiveClass liveClass = this.live.get(classroomId);
			if (liveClass != null) {
				liveClass.read();
			}
		});
	}

	/** The class is gone: its followers' streams end. */
	void classDeleted(String classroomId) {
		this.thread.schedule(() -> {
			LiveClass liveClass = this.live.remove(classroomId);
			if (liveClass != null) {
				liveClass.end();
			}
		});
	}

	/** Apply a change to every followed class; one class failing to take it does not stop the others. */
	private void each(Consumer<LiveClass> change) {
		for (LiveClass liveClass : List.copyOf(this.live.values())) {
			try {
				change.accept(liveClass);
			}
			catch (RuntimeException ex) {
				logger.error("The dashboard of class {} failed; its followers reconnect", liveClass.classroomId, ex);
				this.live.remove(liveClass.classroomId);
				liveClass.fail(ex);
			}
		}
	}

	/** What followers receive: the whole class, one learner's row, or the class's totals. */
	sealed interface Update permits Whole, LearnerRow, Totals {

		/** The name of the event that carries it to a browser. */
		String event();

	}

	record Whole(ClassProgress progress, List<SandboxView> sandboxes) implements Update {

		@Override
		public String event() {
			return "class";
		}

	}

	record LearnerRow(long learnerId, List<ClassProgress.Cell> cells, List<SandboxView> sandboxes) implements Update {

		@Override
		public String event() {
			return "learner";
		}

	}

	record Totals(List<ClassProgress.AssignedExercise> exercises, List<ClassProgress.FailingCheck> mostFailedChecks,
			List<ClassProgress.FailingRule> mostFailedRules) implements Update {

		@Override
		public String event() {
			return "totals";
		}

	}

	/**
	 * A learner's live sandbox, as a trainer follows it.
	 *
	 * @param removalDue when it goes: at {@code expiresAt}, or earlier if left idle
	 */
	record SandboxView(String id, long learnerId, String exercise, String status, Instant createdAt,
			Instant expiresAt, Instant removalDue, Instant lastActiveAt) {
	}

	/** One followed class: its board, its learners' sandboxes on its exercises, and who follows it. */
	private final class LiveClass {

		private final String classroomId;

		private final List<FluxSink<Update>> followers = new ArrayList<>();

		private final Map<String, Sandbox> sandboxes = new HashMap<>();

		private ClassBoard board;

		/** While the class is read: the changes that came meanwhile, to apply once it is read. */
		private List<Object> arrivedWhileReading;

		private boolean totalsDue;

		LiveClass(String classroomId) {
			this.classroomId = classroomId;
		}

		void add(FluxSink<Update> follower) {
			this.followers.add(follower);
			if (this.board != null) {
				follower.next(whole());
			}
			else if (this.arrivedWhileReading == null) {
				read();
			}
		}

		/** Return whether nobody follows the class any more. */
		boolean remove(FluxSink<Update> follower) {
			this.followers.remove(follower);
			return this.followers.isEmpty();
		}

		/** Read the class, then send it whole to every follower; changes that come meanwhile are applied after. */
		void read() {
			if (this.arrivedWhileReading != null) {
				// A read is under way: what changed will be in it, or among the changes applied after it.
				return;
			}
			this.arrivedWhileReading = new ArrayList<>();
			Mono.zip(ClassDashboards.this.queries.board(this.classroomId),
					ClassDashboards.this.sandboxes.list(Viewer.system()).collectList())
				.publishOn(ClassDashboards.this.thread)
				.subscribe((both) -> {
					List<Object> arrived = this.arrivedWhileReading;
					this.arrivedWhileReading = null;
					if (arrived.size() > READ_BACKLOG) {
						read();
						return;
					}
					this.board = both.getT1();
					this.sandboxes.clear();
					both.getT2().stream().filter(this::isOfClass).forEach((sandbox) -> this.sandboxes.put(sandbox.id(), sandbox));
					// Applied in the order they came, attempts the read already counted skipped: the board is then
					// as the database is now.
					arrived.forEach((change) -> {
						if (change instanceof ProgressEvents.AttemptRecorded attempt) {
							if (!this.board.counted(attempt)) {
								this.board.record(attempt);
							}
						}
						else {
							applyToSandboxes((SandboxChange) change);
						}
					});
					send(whole());
				}, (ex) -> {
					this.arrivedWhileReading = null;
					logger.warn("Reading class {} for its dashboard failed", this.classroomId, ex);
					fail(ex);
				});
		}

		void apply(ProgressEvents.AttemptRecorded attempt) {
			if (this.arrivedWhileReading != null) {
				this.arrivedWhileReading.add(attempt);
			}
			else if (this.board != null && this.board.record(attempt)) {
				sendRow(attempt.learnerId());
				totalsSoon();
			}
		}

		void apply(SandboxChange change) {
			if (this.arrivedWhileReading != null) {
				this.arrivedWhileReading.add(change);
			}
			else if (this.board != null) {
				Long learner = applyToSandboxes(change);
				if (learner != null) {
					sendRow(learner);
				}
			}
		}

		/** Apply a sandbox change; return the learner whose row it changed, if any. */
		private Long applyToSandboxes(SandboxChange change) {
			if (change.activity() != null) {
				Sandbox known = this.sandboxes.get(change.activity().sandboxId());
				if (known == null) {
					return null;
				}
				this.sandboxes.put(known.id(), new Sandbox(known.id(), known.ownerId(), known.ownerName(),
						known.exerciseId(), known.containerId(), known.status(), known.createdAt(), known.expiresAt(),
						change.activity().at()));
				return known.ownerId();
			}
			Sandbox sandbox = change.sandbox();
			if (!isOfClass(sandbox)) {
				return null;
			}
			if (change.removed()) {
				this.sandboxes.remove(sandbox.id());
			}
			else {
				this.sandboxes.put(sandbox.id(), sandbox);
			}
			return sandbox.ownerId();
		}

		void end() {
			List.copyOf(this.followers).forEach(FluxSink::complete);
		}

		void fail(Throwable ex) {
			List.copyOf(this.followers).forEach((follower) -> follower.error(ex));
		}

		private boolean isOfClass(Sandbox sandbox) {
			return this.board.hasLearner(sandbox.ownerId()) && this.board.assigns(sandbox.exerciseId());
		}

		private Whole whole() {
			return new Whole(this.board.snapshot(), views(this.sandboxes.values()));
		}

		private void sendRow(long learnerId) {
			send(new LearnerRow(learnerId, this.board.row(learnerId), views(this.sandboxes.values().stream()
				.filter((sandbox) -> sandbox.ownerId() == learnerId).toList())));
		}

		/** Send the totals soon, once for all the attempts that come until then. */
		private void totalsSoon() {
			if (this.totalsDue) {
				return;
			}
			this.totalsDue = true;
			ClassDashboards.this.thread.schedule(() -> {
				this.totalsDue = false;
				ClassProgress whole = this.board.snapshot();
				send(new Totals(whole.exercises(), whole.mostFailedChecks(), whole.mostFailedRules()));
			}, TOTALS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}

		private void send(Update update) {
			List.copyOf(this.followers).forEach((follower) -> follower.next(update));
		}

		private List<SandboxView> views(Collection<Sandbox> all) {
			return all.stream()
				.sorted(Comparator.comparing(Sandbox::createdAt))
				.map((sandbox) -> new SandboxView(sandbox.id(), sandbox.ownerId(), sandbox.exerciseId(),
						sandbox.status().name().toLowerCase(Locale.ROOT), sandbox.createdAt(),
						sandbox.expiresAt(), sandbox.removalDue(ClassDashboards.this.idleTimeout),
						sandbox.lastActiveAt()))
				.toList();
		}

	}

}
