package io.cagelab.classroom;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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

import org.springframework.stereotype.Component;

/**
 * Live class dashboards. A class followed by anyone is read from the database once, then kept in memory and moved on
 * by every attempt stored and every change to its learners' sandboxes; each change is sent to every follower as it
 * happens. However many trainers follow a class, it costs the database nothing more. A class nobody follows is
 * forgotten.
 */
@Component
class ClassDashboards {

	private static final Logger logger = LoggerFactory.getLogger(ClassDashboards.class);

	/** Changes a follower may fall behind by before its stream ends; its browser reconnects and reads the class anew. */
	private static final int FOLLOWER_BACKLOG = 512;

	/** A class read while it changed is read again, a few times at most. */
	private static final int READS = 3;

	private final ProgressQueries queries;

	private final SandboxService sandboxes;

	private final Duration idleTimeout;

	private final Map<String, LiveClass> live = new ConcurrentHashMap<>();

	private final Disposable.Composite subscriptions = Disposables.composite();

	ClassDashboards(ProgressQueries queries, SandboxService sandboxes, SandboxProperties properties,
			ProgressEvents progress, SandboxEvents sandboxEvents) {
		this.queries = queries;
		this.sandboxes = sandboxes;
		this.idleTimeout = properties.idleTimeout();
		this.subscriptions.add(progress.attempts().subscribe(this::attemptRecorded, this::eventFailed));
		this.subscriptions.add(sandboxEvents.changes().subscribe(this::sandboxChanged, this::eventFailed));
	}

	@PreDestroy
	void stop() {
		this.subscriptions.dispose();
	}

	/** Follow a class: first the whole of it, then each change. */
	Flux<Update> follow(Classroom classroom) {
		return Flux.<Update>create((sink) -> {
			LiveClass followed = this.live.compute(classroom.id(), (id, existing) -> {
				LiveClass liveClass = (existing != null) ? existing : new LiveClass(classroom.id());
				liveClass.add(sink);
				return liveClass;
			});
			sink.onDispose(() -> this.live.computeIfPresent(classroom.id(),
					(id, liveClass) -> liveClass.remove(sink) ? null : liveClass));
			followed.start(sink);
		}, FluxSink.OverflowStrategy.BUFFER)
			.onBackpressureBuffer(FOLLOWER_BACKLOG, (dropped) -> {
			}, BufferOverflowStrategy.ERROR);
	}

	/** The class's learners or exercises changed: its followers get it whole again. */
	void classChanged(String classroomId) {
		LiveClass liveClass = this.live.get(classroomId);
		if (liveClass != null) {
			liveClass.reload();
		}
	}

	private void attemptRecorded(ProgressEvents.AttemptRecorded attempt) {
		this.live.values().forEach((liveClass) -> liveClass.attemptRecorded(attempt));
	}

	private void sandboxChanged(SandboxChange change) {
		this.live.values().forEach((liveClass) -> liveClass.sandboxChanged(change));
	}

	private void eventFailed(Throwable ex) {
		logger.error("A class dashboard stopped following events", ex);
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

		private final List<FluxSink<Update>> followers = new CopyOnWriteArrayList<>();

		private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();

		private volatile ClassBoard board;

		private boolean reading;

		private boolean changedWhileReading;

		LiveClass(String classroomId) {
			this.classroomId = classroomId;
		}

		void add(FluxSink<Update> follower) {
			this.followers.add(follower);
		}

		/** Return whether nobody follows the class any more. */
		boolean remove(FluxSink<Update> follower) {
			this.followers.remove(follower);
			return this.followers.isEmpty();
		}

		/** Read the class for its first follower, or send a new follower what is already known. */
		void start(FluxSink<Update> follower) {
			ClassBoard current;
			synchronized (this) {
				if (this.reading) {
					return;
				}
				if (this.board == null) {
					read(READS);
					return;
				}
				current = this.board;
			}
			follower.next(new Whole(current.snapshot(), views(this.sandboxes.values())));
		}

		void reload() {
			synchronized (this) {
				if (this.reading) {
					this.changedWhileReading = true;
					return;
				}
			}
			read(READS);
		}

		private void read(int triesLeft) {
			synchronized (this) {
				this.reading = true;
				this.changedWhileReading = false;
			}
			Mono.zip(ClassDashboards.this.queries.board(this.classroomId),
					ClassDashboards.this.sandboxes.list(Viewer.system()).collectList())
				.subscribe((both) -> {
					boolean again;
					synchronized (this) {
						again = this.changedWhileReading && triesLeft > 1;
						if (!again) {
							this.board = both.getT1();
							this.sandboxes.clear();
							both.getT2().stream().filter(this::isOfClass)
								.forEach((sandbox) -> this.sandboxes.put(sandbox.id(), sandbox));
							this.reading = false;
						}
					}
					if (again) {
						read(triesLeft - 1);
					}
					else {
						sendWhole();
					}
				}, (ex) -> {
					logger.warn("Reading class {} for its dashboard failed", this.classroomId, ex);
					synchronized (this) {
						this.reading = false;
					}
					this.followers.forEach((follower) -> follower.error(ex));
				});
		}

		void attemptRecorded(ProgressEvents.AttemptRecorded attempt) {
			ClassBoard current;
			synchronized (this) {
				if (this.reading) {
					this.changedWhileReading = true;
					return;
				}
				current = this.board;
			}
			if (current != null && current.record(attempt)) {
				sendRow(attempt.learnerId());
				ClassProgress whole = current.snapshot();
				send(new Totals(whole.exercises(), whole.mostFailedChecks(), whole.mostFailedRules()));
			}
		}

		void sandboxChanged(SandboxChange change) {
			synchronized (this) {
				if (this.reading) {
					this.changedWhileReading = true;
					return;
				}
				if (this.board == null) {
					return;
				}
			}
			if (change.activity() != null) {
				Sandbox known = this.sandboxes.get(change.activity().sandboxId());
				if (known != null) {
					this.sandboxes.put(known.id(), new Sandbox(known.id(), known.ownerId(), known.ownerName(),
							known.exerciseId(), known.containerId(), known.status(), known.createdAt(),
							known.expiresAt(), change.activity().at()));
					sendRow(known.ownerId());
				}
				return;
			}
			Sandbox sandbox = change.sandbox();
			if (!isOfClass(sandbox)) {
				return;
			}
			if (change.removed()) {
				this.sandboxes.remove(sandbox.id());
			}
			else {
				this.sandboxes.put(sandbox.id(), sandbox);
			}
			sendRow(sandbox.ownerId());
		}

		private boolean isOfClass(Sandbox sandbox) {
			ClassBoard current = this.board;
			return current == null || (current.hasLearner(sandbox.ownerId()) && current.assigns(sandbox.exerciseId()));
		}

		private void sendWhole() {
			send(new Whole(this.board.snapshot(), views(this.sandboxes.values())));
		}

		private void sendRow(long learnerId) {
			send(new LearnerRow(learnerId, this.board.row(learnerId), views(this.sandboxes.values().stream()
				.filter((sandbox) -> sandbox.ownerId() == learnerId).toList())));
		}

		private void send(Update update) {
			this.followers.forEach((follower) -> follower.next(update));
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
