package io.cagelab.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Run the operations on one sandbox one after the other: two resets, or a reset and a delete, that overlap would each
 * start a container and leave one without its record. At most one operation waits behind the running one, so that
 * a burst of requests cannot queue minutes of engine work, nor hold up the reaper.
 */
final class SandboxLocks {

	/** Operations that may wait behind the running one. */
	private static final int MOST_WAITING = 1;

	/** For each busy sandbox: the end of its last queued operation, and how many are running or waiting. */
	private final Map<String, Tail> tails = new HashMap<>();

	private record Tail(Mono<Void> ended, int pending) {
	}

	/**
	 * Run the operation once every earlier one on the same sandbox has ended, or refuse it when one already waits.
	 * It runs to its end even when the caller leaves, so that what it started on the engine is recorded or removed.
	 */
	<T> Mono<T> serialized(String sandboxId, Supplier<Mono<T>> operation) {
		return enqueue(sandboxId, operation, MOST_WAITING,
				() -> Mono.error(new SandboxException(SandboxException.Reason.TOO_MANY, "sandbox-busy")));
	}

	/** Run the operation after every earlier one, however many wait: for removals, which end at once once done. */
	<T> Mono<T> eventually(String sandboxId, Supplier<Mono<T>> operation) {
		return enqueue(sandboxId, operation, Integer.MAX_VALUE, Mono::empty);
	}

	/** Run the operation only if nothing runs or waits on the sandbox; otherwise complete empty at once. */
	<T> Mono<T> ifIdle(String sandboxId, Supplier<Mono<T>> operation) {
		return enqueue(sandboxId, operation, 0, Mono::empty);
	}

	/** Queue the operation unless more than {@code mostAhead} operations already run or wait on the sandbox. */
	private <T> Mono<T> enqueue(String sandboxId, Supplier<Mono<T>> operation, int mostAhead,
			Supplier<Mono<T>> whenBusy) {
		return Mono.defer(() -> {
			Sinks.Empty<Void> ended = Sinks.empty();
			Mono<Void> previous;
			synchronized (this.tails) {
				Tail tail = this.tails.get(sandboxId);
				int pending = (tail != null) ? tail.pending() : 0;
				if (pending > mostAhead) {
					return whenBusy.get();
				}
				previous = (tail != null) ? tail.ended() : Mono.empty();
				this.tails.put(sandboxId, new Tail(ended.asMono(), pending + 1));
			}
			Mono<T> run = previous.then(Mono.defer(operation)).doFinally((signal) -> {
				release(sandboxId);
				ended.tryEmitEmpty();
			}).cache();
			run.subscribe(null, (ex) -> {
				// The caller gets the error from the cached result.
			});
			return run;
		});
	}

	private void release(String sandboxId) {
		synchronized (this.tails) {
			Tail tail = this.tails.get(sandboxId);
			if (tail.pending() <= 1) {
				this.tails.remove(sandboxId);
			}
			else {
				this.tails.put(sandboxId, new Tail(tail.ended(), tail.pending() - 1));
			}
		}
	}

}
