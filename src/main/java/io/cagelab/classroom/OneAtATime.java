package io.cagelab.classroom;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs work for one key after the previous work for that key has ended, without holding a thread while it waits.
 */
final class OneAtATime {

	private final Map<String, Mono<Void>> tails = new HashMap<>();

	<T> Mono<T> oneAtATime(String key, Supplier<Mono<T>> work) {
		return Mono.defer(() -> {
			Sinks.Empty<Void> ended = Sinks.empty();
			Mono<Void> mine = ended.asMono();
			Mono<Void> previous;
			synchronized (this.tails) {
				previous = this.tails.getOrDefault(key, Mono.empty());
				this.tails.put(key, mine);
			}
			return previous.then(Mono.defer(work)).doFinally((signal) -> {
				synchronized (this.tails) {
					this.tails.remove(key, mine);
				}
				ended.tryEmitEmpty();
			});
		});
	}

}
