package io.cagelab.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.cagelab.account.Role;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * The sandbox lifecycle: open (or re-join), reset, close, and reap what expired or was left behind.
 */
@Service
public class SandboxService {

	private static final Logger logger = LoggerFactory.getLogger(SandboxService.class);

	/** A start still unfinished after this long was cut short by a crash: no engine call takes that long. */
	private static final Duration ABANDONED_START = Duration.ofMinutes(2);

	/** A probe reads state; it has no reason to run longer than this. */
	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

	/** A check in a tried container may run a bounded fork bomb, which takes a few seconds. */
	static final Duration TRIAL_PROBE_TIMEOUT = Duration.ofSeconds(15);

	/** How long past its deadline a trial may take to report what its last check did. */
	private static final Duration DEADLINE_GRACE = Duration.ofSeconds(1);

	/** Trials running now: their containers have no record, and the reaper must not take them for orphans. */
	private final Set<String> liveTrials = ConcurrentHashMap.newKeySet();

	/** The learner of each running trial. */
	private final Map<String, Long> trialOwners = new ConcurrentHashMap<>();

	private final SandboxLocks locks = new SandboxLocks();

	private final SandboxRepository repository;

	private final SandboxBackend backend;

	private final SandboxFloor floor;

	private final SandboxProperties properties;

	private final SandboxProfiles profiles;

	private final HostInspector hostInspector;

	private final Installation installation;

	private final SandboxEvents events;

	private final Clock clock;

	SandboxService(SandboxRepository repository, SandboxBackend backend, SandboxFloor floor,
			SandboxProperties properties, SandboxProfiles profiles, HostInspector hostInspector,
			Installation installation, SandboxEvents events, Clock clock) {
		this.repository = repository;
		this.backend = backend;
		this.floor = floor;
		this.properties = properties;
		this.profiles = profiles;
		this.hostInspector = hostInspector;
		this.installation = installation;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Return the owner's live sandbox for an exercise, starting one when there is none.
	 */
	public Mono<Sandbox> open(SandboxOwner owner, String exerciseId) {
		return labProfileOf(exerciseId).flatMap((profile) -> open(owner, exerciseId, profile));
	}

	/**
	 * Return the owner's live sandbox for an exercise, starting one with this profile when there is none: for an
	 * exercise learners are not served yet, whose profile its spec gave (one being proven). The floor still plans it.
	 */
	public Mono<Sandbox> open(SandboxOwner owner, String exerciseId, SandboxProfile profile) {
		return this.repository.findByOwnerAndExercise(owner.accountId(), exerciseId)
			.flatMap(this::keepIfAlive)
			.switchIfEmpty(Mono.defer(() -> create(owner, exerciseId, profile)));
	}

	/**
	 * Return the owner's live sandbox for a preview of an exercise's draft, starting one with the profile the draft
	 * asks for now (planned by the floor as any): kept under {@link Sandbox#previewOf}, so that it never takes the
	 * place of the owner's sandbox of the version served. Who may preview the draft is the caller's to decide.
	 */
	public Mono<Sandbox> openPreview(SandboxOwner owner, String exerciseId) {
		return draftProfileOf(exerciseId).flatMap((profile) -> open(owner, Sandbox.previewOf(exerciseId), profile));
	}

	/** Return the sandboxes the viewer may see: their own, their classes' learners' for those classes' exercises. */
	public Flux<Sandbox> list(Viewer viewer) {
		if (viewer.isAdmin()) {
			return this.repository.findAll();
		}
		return (viewer.role() == Role.LEARNER) ? this.repository.findByOwner(viewer.accountId())
				: this.repository.findAll().filter((sandbox) -> viewer.maySee(sandbox.ownerId(), sandbox.exerciseId()));
	}

	/** The viewer's own sandboxes, oldest first: not those of the learners a trainer or an admin may see. */
	public Flux<Sandbox> mine(Viewer viewer) {
		return this.repository.findByOwner(viewer.accountId());
	}

	/** Return a sandbox the viewer may see and act on; any other is not found. */
	public Mono<Sandbox> find(Viewer viewer, String id) {
		return this.repository.findById(id)
			.filter((sandbox) -> viewer.maySee(sandbox.ownerId(), sandbox.exerciseId()))
			.switchIfEmpty(Mono.error(() -> new SandboxException(SandboxException.Reason.NOT_FOUND, "no-such-sandbox", id)));
	}

	/**
	 * Throw the sandbox's container away and start a fresh one, under the same id and with the same expiry: a reset
	 * gives a clean sandbox, not more time.
	 */
	public Mono<Sandbox> reset(Viewer viewer, String id) {
		// Asked once before queueing, so that nobody queues work on a sandbox they cannot see; again inside the lock.
		return find(viewer, id).then(this.locks.serialized(id, () -> find(viewer, id).flatMap((sandbox) -> sandboxProfileOf(sandbox)
			.flatMap((profile) -> usableHost().flatMap((host) -> {
				SandboxRequest request = new SandboxRequest(this.installation.id(), sandbox.id(), ownerOf(sandbox),
						sandbox.exerciseId(), profile, this.clock.instant(), sandbox.expiresAt());
				ContainerPlan plan = this.floor.plan(request, host);
				// Told before the container goes: its terminals then know that the shell ends for a reset, not an expiry.
				return Mono.fromRunnable(() -> this.events.changed(new Sandbox(sandbox.id(), sandbox.ownerId(),
						sandbox.ownerName(), sandbox.exerciseId(), null, SandboxStatus.STARTING, request.createdAt(),
						sandbox.expiresAt(), sandbox.lastActiveAt())))
					.then(removeContainer(sandbox))
					.then(this.repository.markStarting(sandbox.id(), request.createdAt()))
					.then(launch(sandbox, request, plan));
			})))));
	}

	public Mono<Void> close(Viewer viewer, String id) {
		return find(viewer, id).then(this.locks.eventually(id, () -> find(viewer, id).flatMap(this::discard)));
	}

	/** Count terminal activity, which keeps the sandbox from being reaped as idle. */
	public Mono<Void> touch(String id) {
		Instant now = this.clock.instant();
		return this.repository.touch(id, now).doOnSuccess((done) -> this.events.active(id, now));
	}

	/**
	 * Give a running sandbox more time: it ends at {@code until} instead, and its idle timeout counts from now. Never
	 * more than two lifetimes from now (a sandbox is not a server); a sandbox that already ends later is left as it is.
	 */
	public Mono<Sandbox> moreTime(Viewer viewer, String id, Instant until) {
		return find(viewer, id).then(this.locks.serialized(id, () -> find(viewer, id).flatMap((sandbox) -> {
			Instant now = this.clock.instant();
			Instant most = now.plus(this.properties.ttl().multipliedBy(2));
			Instant expiresAt = until.isAfter(most) ? most : until;
			if (!expiresAt.isAfter(sandbox.expiresAt())) {
				// No more time to give (the class closes first): nothing changes, not even the idle clock.
				return Mono.just(sandbox);
			}
			return prolong(sandbox, expiresAt, now);
		})));
	}

	/**
	 * Give the owner's own sandbox its full lifetime again, counted from now, and restart its idle clock: a learner
	 * keeps a sandbox they use, up to two lifetimes after it started (a later end a trainer gave is kept); past that,
	 * only the idle clock restarts, and a fresh sandbox is one click away.
	 */
	public Mono<Sandbox> extend(Viewer viewer, String id) {
		return owned(viewer, id).then(this.locks.serialized(id, () -> owned(viewer, id).flatMap((sandbox) -> {
			Instant now = this.clock.instant();
			Instant most = sandbox.createdAt().plus(this.properties.ttl().multipliedBy(2));
			Instant renewed = now.plus(this.properties.ttl());
			Instant allowed = renewed.isAfter(most) ? most : renewed;
			return prolong(sandbox, allowed.isAfter(sandbox.expiresAt()) ? allowed : sandbox.expiresAt(), now);
		})));
	}

	private Mono<Sandbox> prolong(Sandbox sandbox, Instant expiresAt, Instant now) {
		Sandbox extended = new Sandbox(sandbox.id(), sandbox.ownerId(), sandbox.ownerName(), sandbox.exerciseId(),
				sandbox.containerId(), sandbox.status(), sandbox.createdAt(), expiresAt, now);
		return this.repository.extend(sandbox.id(), expiresAt, now).doOnSuccess((done) -> this.events.changed(extended))
			.thenReturn(extended);
	}

	/**
	 * Open a shell in the sandbox, greeting in the learner's language: for its owner only (or an admin); a trainer
	 * watches, never types.
	 */
	public Mono<SandboxTerminal> openTerminal(Viewer viewer, String id, Locale language) {
		return owned(viewer, id)
			.flatMap((sandbox) -> (sandbox.containerId() != null)
				? this.backend.openTerminal(sandbox.containerId(), language)
				: Mono.error(new SandboxException(SandboxException.Reason.NOT_FOUND, "still-starting", id)));
	}

	/** Return a sandbox that is the viewer's own (or any, for an admin); a trainer's learner's is not found. */
	private Mono<Sandbox> owned(Viewer viewer, String id) {
		return find(viewer, id)
			.filter((sandbox) -> viewer.isAdmin() || sandbox.ownerId() == viewer.accountId())
			.switchIfEmpty(Mono.error(() -> new SandboxException(SandboxException.Reason.NOT_FOUND, "no-such-sandbox", id)));
	}

	/**
	 * Run a check's command in the owner's sandbox for an exercise, which must be running: a probe looks at what the
	 * learner did there.
	 */
	public Mono<ProbeResult> probe(SandboxOwner owner, String exerciseId, List<String> command) {
		return run(owner, exerciseId, command, PROBE_TIMEOUT);
	}

	/**
	 * Run a command in the owner's running sandbox for an exercise, as the sandbox's user, for at most the timeout:
	 * how a lab's reference solution is played when exercises are validated.
	 */
	public Mono<ProbeResult> run(SandboxOwner owner, String exerciseId, List<String> command, Duration timeout) {
		return this.repository.findByOwnerAndExercise(owner.accountId(), exerciseId)
			.filter((sandbox) -> sandbox.containerId() != null)
			.switchIfEmpty(Mono.error(() -> new SandboxException(SandboxException.Reason.NOT_FOUND, "not-running")))
			.flatMap((sandbox) -> this.backend.probe(sandbox.containerId(), command, timeout));
	}

	/**
	 * Start a short-lived container from a learner's own settings, run each command in it as its user, and remove it,
	 * whatever happens. The reaper leaves it alone while it runs; a crash leaves it to the next reap.
	 */
	public Mono<List<ProbeResult>> tryOut(SandboxOwner owner, String exerciseId, TrialSettings settings,
			List<List<String>> commands) {
		return profileOf(exerciseId).flatMap((profile) -> tryOut(owner, exerciseId, profile, settings, commands));
	}

	/**
	 * Try a learner's settings out as {@link #tryOut(SandboxOwner, String, TrialSettings, List)} does, with the
	 * profile of the exercise being graded: the one it was read with, served or not yet (one being proven).
	 */
	public Mono<List<ProbeResult>> tryOut(SandboxOwner owner, String exerciseId, SandboxProfile profile,
			TrialSettings settings, List<List<String>> commands) {
		return usableHost().flatMap((host) -> {
			SandboxRequest request = new SandboxRequest(this.installation.id(), "trial-" + UUID.randomUUID(), owner,
					exerciseId, profile, this.clock.instant(), this.clock.instant().plus(ABANDONED_START));
			ContainerPlan plan = this.floor.planTrial(request, settings, host);
			return Mono.fromRunnable(() -> admitTrial(owner, request.sandboxId()))
				.then(Mono.defer(() -> runTrial(plan, commands, () -> releaseTrial(owner, request.sandboxId()))));
		});
	}

	/**
	 * Start the container apart from the caller's subscription and remove it whatever happens: once its checks have
	 * run, when one fails, when the caller leaves, or at the trial's deadline. The answer comes at the deadline at the
	 * latest (checks it leaves no time for are reported as timed out, exit code -1, without being run). The trial's
	 * slot is released only once its container is gone, so that a learner who leaves and hands in again never has two.
	 */
	private Mono<List<ProbeResult>> runTrial(ContainerPlan plan, List<List<String>> commands, Runnable release) {
		long deadline = System.nanoTime() + this.properties.trialTimeout().toNanos();
		CompletableFuture<String> started = this.backend.start(plan).toFuture();
		Mono<Void> removal = Mono.fromFuture(started, true).flatMap(this.backend::remove)
			.onErrorResume((ex) -> Mono.empty())
			// Released before the caller hears of the end, so that its next trial (a compose file's next service)
			// finds the slot free; again at the very end, whatever the end was (releasing twice is harmless).
			.doOnTerminate(release)
			.doFinally((signal) -> release.run())
			.cache();
		List<ProbeResult> timedOut = commands.stream().map((command) -> new ProbeResult(-1, "")).toList();
		return Mono.fromFuture(started, true)
			.flatMap((containerId) -> Flux.fromIterable(commands)
				.concatMap((command) -> {
					Duration left = left(deadline);
					return left.isZero() ? Mono.just(new ProbeResult(-1, ""))
							: this.backend.probe(containerId, command,
									(left.compareTo(TRIAL_PROBE_TIMEOUT) < 0) ? left : TRIAL_PROBE_TIMEOUT);
				})
				.collectList())
			.timeout(left(deadline).plus(DEADLINE_GRACE), Mono.just(timedOut))
			// Past the deadline the engine is slow: answer now and let the removal finish in the background.
			.flatMap((results) -> (results == timedOut) ? Mono.fromRunnable(removal::subscribe).thenReturn(results)
					: removal.thenReturn(results))
			.onErrorResume((ex) -> Mono.fromRunnable(removal::subscribe).then(Mono.error(ex)))
			.doOnCancel(removal::subscribe);
	}

	private static Duration left(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/**
	 * Admit a trial when its learner has none running and a slot is free: one learner's slow trials never hold more
	 * than one of the host's slots.
	 */
	private void admitTrial(SandboxOwner owner, String trialId) {
		synchronized (this.liveTrials) {
			if (this.trialOwners.containsValue(owner.accountId())) {
				throw new SandboxException(SandboxException.Reason.TOO_MANY, "one-trial-at-a-time");
			}
			if (this.liveTrials.size() >= this.properties.maxTrials()) {
				throw new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-trials");
			}
			this.trialOwners.put(trialId, owner.accountId());
			this.liveTrials.add(trialId);
		}
	}

	private void releaseTrial(SandboxOwner owner, String trialId) {
		synchronized (this.liveTrials) {
			this.trialOwners.remove(trialId, owner.accountId());
			this.liveTrials.remove(trialId);
		}
	}

	/**
	 * What happens to a sandbox from now on, as its events tell it, starting with its record as it is now (a removal
	 * when it has none): a follower that subscribes misses nothing that happened just before.
	 */
	public Flux<SandboxEvents.SandboxChange> changesFrom(Sandbox sandbox) {
		Mono<SandboxEvents.SandboxChange> now = this.repository.findById(sandbox.id())
			.map((current) -> new SandboxEvents.SandboxChange(current, false, null))
			.defaultIfEmpty(new SandboxEvents.SandboxChange(sandbox, true, null));
		return Flux.merge(this.events.changesOf(sandbox.id()), now);
	}

	/** Tell whether the sandbox's container still runs. */
	public Mono<Boolean> isRunning(Sandbox sandbox) {
		return (sandbox.containerId() != null) ? this.backend.isRunning(sandbox.containerId()) : Mono.just(false);
	}

	public Flux<SandboxUsage> usage(Viewer viewer, String id) {
		return find(viewer, id).flatMapMany((sandbox) -> (sandbox.containerId() != null)
				? this.backend.usage(sandbox.containerId()) : Flux.empty());
	}

	/**
	 * Remove sandboxes past their time, records whose container vanished, and labelled containers that no record
	 * knows (left by a crash): the engine says what exists, the database what should.
	 */
	public Mono<ReapResult> reap() {
		Instant now = this.clock.instant();
		// Records are read after the containers: a container's record is inserted before it starts, so every listed
		// container that has a record shows it.
		return this.backend.sandboxContainers(this.installation.id()).collectList()
			.flatMap((containers) -> this.repository.findAll().collectList().flatMap((records) -> {
				Set<String> listedRunning = containers.stream().filter(SandboxContainer::running)
					.map(SandboxContainer::containerId).collect(Collectors.toSet());
				return Flux.fromIterable(records)
					.filterWhen((sandbox) -> isStale(sandbox, listedRunning, now))
					.concatMap((stale) -> this.locks.ifIdle(stale.id(), () -> discardIfUnchanged(stale)))
					.count()
					.flatMap((removedSandboxes) -> {
						Set<String> known = records.stream().map(Sandbox::id).collect(Collectors.toCollection(HashSet::new));
						known.addAll(this.liveTrials);
						return Flux.fromIterable(containers)
							.concatMap((container) -> known.contains(container.sandboxId())
									? removeIfReplaced(container) : this.backend.remove(container.containerId()).thenReturn(true))
							.filter(Boolean::booleanValue)
							.count()
							.map((orphans) -> new ReapResult(removedSandboxes.intValue(), orphans.intValue()));
					});
			}))
			.doOnNext((result) -> {
				if (result.removedSandboxes() + result.removedOrphans() > 0) {
					logger.info("Reaped {} expired or vanished sandboxes and {} containers no record knows",
							result.removedSandboxes(), result.removedOrphans());
				}
			});
	}

	/**
	 * Remove a container of a known sandbox that is not the one its record names, looking again while no operation
	 * runs on the sandbox: a reset starting its new container is left alone.
	 */
	private Mono<Boolean> removeIfReplaced(SandboxContainer container) {
		if (this.liveTrials.contains(container.sandboxId())) {
			return Mono.just(false);
		}
		return this.locks.ifIdle(container.sandboxId(), () -> this.repository.findById(container.sandboxId())
			.map((sandbox) -> sandbox.status() == SandboxStatus.RUNNING
					&& !container.containerId().equals(sandbox.containerId()))
			.defaultIfEmpty(true)
			.flatMap((replaced) -> replaced ? this.backend.remove(container.containerId()).thenReturn(true)
					: Mono.just(false)))
			.defaultIfEmpty(false);
	}

	/**
	 * Discard a sandbox judged from a record read earlier, unless it changed since (a reset gave it a new container):
	 * then it is left for the next pass to judge again.
	 */
	private Mono<Sandbox> discardIfUnchanged(Sandbox judged) {
		return this.repository.findById(judged.id())
			.filter((current) -> Objects.equals(current.containerId(), judged.containerId())
					&& current.status() == judged.status())
			.flatMap((current) -> discard(current).thenReturn(current));
	}

	/**
	 * Past its time, its container gone, or left half-started by a crash. A container missing from the listing is
	 * asked about directly before its sandbox is given up: a sandbox is never discarded on one answer alone.
	 */
	private Mono<Boolean> isStale(Sandbox sandbox, Set<String> listedRunning, Instant now) {
		return switch (sandbox.status()) {
			case RUNNING -> {
				if (sandbox.isDue(now, this.properties.idleTimeout())) {
					yield Mono.just(true);
				}
				yield listedRunning.contains(sandbox.containerId()) ? Mono.just(false)
						: this.backend.isRunning(sandbox.containerId()).map((running) -> !running);
			}
			case STARTING -> Mono.just(sandbox.createdAt().plus(ABANDONED_START).isBefore(now));
		};
	}

	private Mono<SandboxProfile> profileOf(String exerciseId) {
		return this.profiles.profileFor(exerciseId)
			.switchIfEmpty(Mono.error(() -> new SandboxException(SandboxException.Reason.UNKNOWN_EXERCISE, "no-such-exercise",
					exerciseId)));
	}

	/** The profile of a lab's sandbox: exercises graded from what is handed in or answered on the page have none. */
	private Mono<SandboxProfile> labProfileOf(String exerciseId) {
		return this.profiles.labProfileFor(exerciseId)
			.switchIfEmpty(Mono.defer(() -> profileOf(exerciseId).flatMap((any) -> Mono.error(
					new SandboxException(SandboxException.Reason.UNKNOWN_EXERCISE, "no-sandbox-for-exercise", exerciseId)))));
	}

	/** The profile a sandbox starts again with: its lab's, or for a preview the one its draft asks for now. */
	private Mono<SandboxProfile> sandboxProfileOf(Sandbox sandbox) {
		return (sandbox.previewed() != null) ? draftProfileOf(sandbox.previewed()) : labProfileOf(sandbox.exerciseId());
	}

	private Mono<SandboxProfile> draftProfileOf(String exerciseId) {
		return this.profiles.draftLabProfileFor(exerciseId).switchIfEmpty(Mono.error(() -> new SandboxException(
				SandboxException.Reason.UNKNOWN_EXERCISE, "no-sandbox-for-exercise", exerciseId)));
	}

	private Mono<Sandbox> keepIfAlive(Sandbox sandbox) {
		if (sandbox.status() == SandboxStatus.STARTING) {
			return Mono.just(sandbox);
		}
		// A container found stopped may be the one a reset is replacing: judge again inside the lock.
		return this.backend.isRunning(sandbox.containerId())
			.flatMap((alive) -> alive ? Mono.just(sandbox)
					: this.locks.serialized(sandbox.id(), () -> this.repository.findById(sandbox.id())
						.flatMap((current) -> Objects.equals(current.containerId(), sandbox.containerId())
								? discard(current).then(Mono.<Sandbox>empty()) : Mono.just(current))));
	}

	private Mono<Sandbox> create(SandboxOwner owner, String exerciseId, SandboxProfile profile) {
		return usableHost().flatMap((host) -> {
			SandboxRequest request = request(UUID.randomUUID().toString(), owner, exerciseId, profile);
			ContainerPlan plan = this.floor.plan(request, host);
			Sandbox record = new Sandbox(request.sandboxId(), owner.accountId(), owner.username(), exerciseId, null,
					SandboxStatus.STARTING, request.createdAt(), request.expiresAt(), request.createdAt());
			return this.repository
				.insertWithinCaps(record, this.properties.maxSandboxes(), this.properties.maxPerLearner())
				.flatMap((recorded) -> {
					if (!recorded) {
						return tooMany(owner);
					}
					this.events.changed(record);
					return launch(record, request, plan);
				})
				// Another request for the same learner and exercise won the race: join its sandbox.
				.onErrorResume(DataIntegrityViolationException.class,
						(ex) -> this.repository.findByOwnerAndExercise(owner.accountId(), exerciseId));
		});
	}

	private Mono<Sandbox> launch(Sandbox record, SandboxRequest request, ContainerPlan plan) {
		return this.backend.start(plan)
			.flatMap((containerId) -> this.repository
				.markRunning(record.id(), containerId, request.createdAt(), request.expiresAt())
				// The record went while the container started: no container may outlive its record.
				.flatMap((recorded) -> recorded ? Mono.just(containerId) : this.backend.remove(containerId)
					.then(Mono.error(new SandboxException(SandboxException.Reason.NOT_FOUND, "no-such-sandbox", record.id()))))
				.map((recorded) -> new Sandbox(record.id(), record.ownerId(), record.ownerName(), record.exerciseId(),
						containerId, SandboxStatus.RUNNING, request.createdAt(), request.expiresAt(),
						request.createdAt())))
			.doOnNext(this.events::changed)
			.onErrorResume((ex) -> this.repository.delete(record.id())
				.doOnSuccess((done) -> this.events.removed(record))
				.then(Mono.error(ex)));
	}

	private SandboxRequest request(String sandboxId, SandboxOwner owner, String exerciseId, SandboxProfile profile) {
		Instant now = this.clock.instant();
		return new SandboxRequest(this.installation.id(), sandboxId, owner, exerciseId, profile, now,
				now.plus(this.properties.ttl()));
	}

	private static SandboxOwner ownerOf(Sandbox sandbox) {
		return new SandboxOwner(sandbox.ownerId(), sandbox.ownerName());
	}

	private Mono<HostReport> usableHost() {
		return this.hostInspector.inspect().flatMap((report) -> {
			if (report.sandboxesAllowed()) {
				return Mono.just(report);
			}
			// The details (socket paths, engine errors) are for the admin's host page, not for learners.
			return Mono.error(new SandboxException(SandboxException.Reason.UNAVAILABLE, "unavailable"));
		});
	}

	/** Say which cap refused a new sandbox. */
	private Mono<Sandbox> tooMany(SandboxOwner owner) {
		return this.repository.countByOwner(owner.accountId()).flatMap((mine) -> Mono.error(
				(mine >= this.properties.maxPerLearner())
						? new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-of-yours", mine)
						: new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-on-host",
								this.properties.maxSandboxes())));
	}

	private Mono<Void> discard(Sandbox sandbox) {
		return removeContainer(sandbox).then(this.repository.delete(sandbox.id()))
			.doOnSuccess((done) -> this.events.removed(sandbox));
	}

	private Mono<Void> removeContainer(Sandbox sandbox) {
		return (sandbox.containerId() != null) ? this.backend.remove(sandbox.containerId()) : Mono.empty();
	}

	/** How many sandboxes and orphaned containers one reaping pass removed. */
	public record ReapResult(int removedSandboxes, int removedOrphans) {
	}

}
