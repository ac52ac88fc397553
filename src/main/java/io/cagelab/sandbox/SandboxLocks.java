package io.cagelab.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Run the operations on one sandbox one after the other: two resets, or a reset and a delete, that overlap would each
 * start a container and leave one without its record.
 */
final class SandboxLocks {

	/** The end of the last operation queued on each sandbox; an entry goes when its operation is the last to end. */
	private final Map<String, Mono<Void>> lastOperation = new ConcurrentHashMap<>();

	/**
	 * Run the operation once every earlier one on the same sandbox has ended. It runs to its end even when the caller
	 * leaves, so that what it started on the engine is always recorded or removed.
	 */
	<T> Mono<T> serialized(String sandboxId, Supplier<Mono<T>> operation) {
		return Mono.defer(() -> {
			Sinks.Empty<Void> ended = Sinks.empty();
			Mono<Void> mine = ended.asMono();
			AtomicReference<Mono<Void>> previous = new AtomicReference<>(Mono.empty());
			this.lastOperation.compute(sandboxId, (id, last) -> {
				if (last != null) {
					previous.set(last);
				}
				return mine;
			});
			Mono<T> run = previous.get().then(Mono.defer(operation)).doFinally((signal) -> {
				this.lastOperation.remove(sandboxId, mine);
				ended.tryEmitEmpty();
			}).cache();
			run.subscribe(null, (ex) -> {
				// The caller gets the error from the cached result.
			});
			return run;
		});
	}

}
