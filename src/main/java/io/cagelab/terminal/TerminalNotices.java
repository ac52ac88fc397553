package io.cagelab.terminal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Status messages the server sends of its own accord, between output frames: at most one of a kind every
 * {@link #INTERVAL}, and none kept while the browser is not reading, so a flood cannot grow them.
 */
final class TerminalNotices {

	/** Tell the browser about dropped keys or ignored messages at most this often. */
	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Sinks.Many<TerminalMessage> sink = Sinks.many().unicast()
		.onBackpressureBuffer(Queues.<TerminalMessage>one().get());

	private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

	private final Clock clock;

	TerminalNotices(Clock clock) {
		this.clock = clock;
	}

	Flux<TerminalMessage> messages() {
		return this.sink.asFlux();
	}

	void send(TerminalMessage notice) {
		Instant now = this.clock.instant();
		Instant last = this.lastSent.get(notice.type());
		if (last == null || !last.plus(INTERVAL).isAfter(now)) {
			this.lastSent.put(notice.type(), now);
			// A notice that cannot go now is dropped: the next one of its kind says the same.
			this.sink.tryEmitNext(notice);
		}
	}

	void end() {
		this.sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

}
