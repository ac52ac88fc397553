package io.cagelab.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	/** Trials running now: their containers have no record, and the reaper must not take them for orphans. */
	private final Set<String> liveTrials = ConcurrentHashMap.newKeySet();

	private final SandboxRepository repository;

	private final SandboxBackend backend;

	private final SandboxFloor floor;

	private final SandboxProperties properties;

	private final SandboxProfiles profiles;

	private final HostInspector hostInspector;

	private final Installation installation;

	private final Clock clock;

	SandboxService(SandboxRepository repository, SandboxBackend backend, SandboxFloor floor,
			SandboxProperties properties, SandboxProfiles profiles, HostInspector hostInspector,
			Installation installation, Clock clock) {
		this.repository = repository;
		this.backend = backend;
		this.floor = floor;
		this.properties = properties;
		this.profiles = profiles;
		this.hostInspector = hostInspector;
		this.installation = installation;
		this.clock = clock;
	}

	/**
	 * Return the owner's live sandbox for an exercise, starting one when there is none.
	 */
	public Mono<Sandbox> open(SandboxOwner owner, String exerciseId) {
		return profileOf(exerciseId).flatMap((profile) -> this.repository
			.findByOwnerAndExercise(owner.accountId(), exerciseId)
			.flatMap(this::keepIfAlive)
			.switchIfEmpty(Mono.defer(() -> create(owner, exerciseId, profile))));
	}

	public Flux<Sandbox> list(SandboxOwner viewer) {
		return viewer.admin() ? this.repository.findAll() : this.repository.findByOwner(viewer.accountId());
	}

	public Mono<Sandbox> find(SandboxOwner viewer, String id) {
		return this.repository.findById(id)
			.filter(viewer::mayManage)
			.switchIfEmpty(Mono.error(() -> new SandboxException(SandboxException.Reason.NOT_FOUND, "no-such-sandbox", id)));
	}

	/**
	 * Throw the sandbox's container away and start a fresh one, under the same id.
	 */
	public Mono<Sandbox> reset(SandboxOwner viewer, String id) {
		return find(viewer, id).flatMap((sandbox) -> profileOf(sandbox.exerciseId())
			.flatMap((profile) -> usableHost().flatMap((host) -> {
				SandboxRequest request = request(sandbox.id(), viewer.admin() ? ownerOf(sandbox) : viewer,
						sandbox.exerciseId(), profile);
				ContainerPlan plan = this.floor.plan(request, host);
				return removeContainer(sandbox).then(this.repository.markStarting(sandbox.id(), request.createdAt()))
					.then(launch(sandbox, request, plan));
			})));
	}

	public Mono<Void> close(SandboxOwner viewer, String id) {
		return find(viewer, id).flatMap(this::discard);
	}

	/** Count terminal activity, which keeps the sandbox from being reaped as idle. */
	public Mono<Void> touch(String id) {
		return this.repository.touch(id, this.clock.instant());
	}

	public Mono<SandboxTerminal> openTerminal(SandboxOwner viewer, String id) {
		return find(viewer, id).flatMap((sandbox) -> (sandbox.containerId() != null)
				? this.backend.openTerminal(sandbox.containerId())
				: Mono.error(new SandboxException(SandboxException.Reason.NOT_FOUND, "still-starting", id)));
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
		return profileOf(exerciseId).flatMap((profile) -> usableHost().flatMap((host) -> {
			SandboxRequest request = new SandboxRequest(this.installation.id(), "trial-" + UUID.randomUUID(), owner,
					exerciseId, profile, this.clock.instant(), this.clock.instant().plus(ABANDONED_START));
			ContainerPlan plan = this.floor.planTrial(request, settings, host);
			return Mono.usingWhen(Mono.fromCallable(() -> admitTrial(request.sandboxId())),
					(admitted) -> runTrial(plan, commands),
					(admitted) -> Mono.fromRunnable(() -> this.liveTrials.remove(request.sandboxId())));
		}));
	}

	/**
	 * Start the container apart from the caller's subscription, so that a learner who leaves while it starts does not
	 * leave it behind: it goes once its checks have run, when one fails, and when the caller cancels.
	 */
	private Mono<List<ProbeResult>> runTrial(ContainerPlan plan, List<List<String>> commands) {
		CompletableFuture<String> started = this.backend.start(plan).toFuture();
		Mono<Void> removal = Mono.fromFuture(started, true).flatMap(this.backend::remove)
			.onErrorResume((ex) -> Mono.empty());
		return Mono.fromFuture(started, true)
			.flatMap((containerId) -> Flux.fromIterable(commands)
				.concatMap((command) -> this.backend.probe(containerId, command, TRIAL_PROBE_TIMEOUT))
				.collectList())
			.flatMap((results) -> removal.thenReturn(results))
			.onErrorResume((ex) -> removal.then(Mono.error(ex)))
			.doOnCancel(() -> removal.subscribe());
	}

	private boolean admitTrial(String trialId) {
		synchronized (this.liveTrials) {
			if (this.liveTrials.size() >= this.properties.maxTrials()) {
				throw new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-trials");
			}
			return this.liveTrials.add(trialId);
		}
	}

	/** Tell whether the sandbox's container still runs. */
	public Mono<Boolean> isRunning(Sandbox sandbox) {
		return (sandbox.containerId() != null) ? this.backend.isRunning(sandbox.containerId()) : Mono.just(false);
	}

	public Flux<SandboxUsage> usage(SandboxOwner viewer, String id) {
		return find(viewer, id).flatMapMany((sandbox) -> (sandbox.containerId() != null)
				? this.backend.usage(sandbox.containerId()) : Flux.empty());
	}

	/**
	 * Remove sandboxes past their time, records whose container vanished, and labelled containers that no record
	 * knows (left by a crash): the engine says what exists, the database what should.
	 */
	public Mono<ReapResult> reap() {
		Instant now = this.clock.instant();
		return this.backend.sandboxContainers(this.installation.id()).collectList()
			.zipWith(this.repository.findAll().collectList())
			.flatMap((both) -> {
				List<SandboxContainer> containers = both.getT1();
				Set<String> listedRunning = containers.stream().filter(SandboxContainer::running)
					.map(SandboxContainer::containerId).collect(Collectors.toSet());
				return Flux.fromIterable(both.getT2())
					.filterWhen((sandbox) -> isStale(sandbox, listedRunning, now))
					.collectList()
					.flatMap((stale) -> {
						Set<String> kept = both.getT2().stream().filter((sandbox) -> !stale.contains(sandbox))
							.map(Sandbox::id).collect(Collectors.toCollection(HashSet::new));
						kept.addAll(this.liveTrials);
						List<SandboxContainer> orphans = containers.stream()
							.filter((container) -> !kept.contains(container.sandboxId())).toList();
						return Flux.fromIterable(stale).concatMap(this::discard)
							.thenMany(Flux.fromIterable(orphans))
							.concatMap((container) -> this.backend.remove(container.containerId()))
							.then(Mono.just(new ReapResult(stale.size(), orphans.size())));
					});
			})
			.doOnNext((result) -> {
				if (result.removedSandboxes() + result.removedOrphans() > 0) {
					logger.info("Reaped {} expired or vanished sandboxes and {} containers no record knows",
							result.removedSandboxes(), result.removedOrphans());
				}
			});
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

	private Mono<Sandbox> keepIfAlive(Sandbox sandbox) {
		if (sandbox.status() == SandboxStatus.STARTING) {
			return Mono.just(sandbox);
		}
		return this.backend.isRunning(sandbox.containerId())
			.flatMap((alive) -> alive ? Mono.just(sandbox) : discard(sandbox).then(Mono.empty()));
	}

	private Mono<Sandbox> create(SandboxOwner owner, String exerciseId, SandboxProfile profile) {
		return usableHost().flatMap((host) -> {
			SandboxRequest request = request(UUID.randomUUID().toString(), owner, exerciseId, profile);
			ContainerPlan plan = this.floor.plan(request, host);
			Sandbox record = new Sandbox(request.sandboxId(), owner.accountId(), owner.username(), exerciseId, null,
					SandboxStatus.STARTING, request.createdAt(), request.expiresAt(), request.createdAt());
			return this.repository
				.insertWithinCaps(record, this.properties.maxSandboxes(), this.properties.maxPerLearner())
				.flatMap((recorded) -> recorded ? launch(record, request, plan) : tooMany(owner))
				// Another request for the same learner and exercise won the race: join its sandbox.
				.onErrorResume(DataIntegrityViolationException.class,
						(ex) -> this.repository.findByOwnerAndExercise(owner.accountId(), exerciseId));
		});
	}

	private Mono<Sandbox> launch(Sandbox record, SandboxRequest request, ContainerPlan plan) {
		return this.backend.start(plan)
			.flatMap((containerId) -> this.repository
				.markRunning(record.id(), containerId, request.createdAt(), request.expiresAt())
				.thenReturn(new Sandbox(record.id(), record.ownerId(), record.ownerName(), record.exerciseId(),
						containerId, SandboxStatus.RUNNING, request.createdAt(), request.expiresAt(),
						request.createdAt())))
			.onErrorResume((ex) -> this.repository.delete(record.id()).then(Mono.error(ex)));
	}

	private SandboxRequest request(String sandboxId, SandboxOwner owner, String exerciseId, SandboxProfile profile) {
		Instant now = this.clock.instant();
		return new SandboxRequest(this.installation.id(), sandboxId, owner, exerciseId, profile, now,
				now.plus(this.properties.ttl()));
	}

	private static SandboxOwner ownerOf(Sandbox sandbox) {
		return new SandboxOwner(sandbox.ownerId(), sandbox.ownerName(), false);
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
		return removeContainer(sandbox).then(this.repository.delete(sandbox.id()));
	}

	private Mono<Void> removeContainer(Sandbox sandbox) {
		return (sandbox.containerId() != null) ? this.backend.remove(sandbox.containerId()) : Mono.empty();
	}

	/** How many sandboxes and orphaned containers one reaping pass removed. */
	public record ReapResult(int removedSandboxes, int removedOrphans) {
	}

}
