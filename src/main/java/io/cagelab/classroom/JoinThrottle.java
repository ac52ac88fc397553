package io.cagelab.classroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cagelab.web.Refusal;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Slow down guessing join codes from one address. Every join counts when it starts and a successful one gives its
 * count back, so a whole class behind one address joins at once, while a burst of wrong codes queues up behind
 * growing delays and is then turned away.
 */
@Component
class JoinThrottle {

	/** Joins from one address that go through at once: more than a class behind one NAT address sends together. */
	static final int FREE_ATTEMPTS = 150;

	static final Duration FIRST_DELAY = Duration.ofMillis(500);

	static final Duration MAX_DELAY = Duration.ofSeconds(10);

	/** An attempt that would wait longer than this is refused at once, uncounted. */
	static final Duration MAX_WAIT = Duration.ofSeconds(30);

	static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	private static final int MAX_TRACKED = 10_000;

	private final Clock clock;

	/** Per address: attempts not known to have succeeded, and when the next may be checked; oldest first. */
	private final Map<String, Attempts> attempts = new LinkedHashMap<>(16, 0.75f, true);

	private record Attempts(int count, Instant next, Instant last) {
	}

	JoinThrottle(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Run a join in its turn: at once while the address has free attempts, then spaced out; an attempt whose turn is
	 * too far away is refused. A join that succeeds gives its attempt back.
	 */
	<T> Mono<T> throttled(String address, Mono<T> join) {
		return Mono.defer(() -> {
			Duration wait = admit(address);
			if (wait == null) {
				return Mono.error(new Refusal(HttpStatus.TOO_MANY_REQUESTS, "classroom.refused.join-throttled"));
			}
			Mono<T> turn = wait.isZero() ? join : Mono.delay(wait).then(join);
			return turn.doOnSuccess((joined) -> succeeded(address));
		});
	}

	/** Take the address's next turn; return how long to wait for it, or null when it is too far away. */
	private synchronized Duration admit(String address) {
		Instant now = this.clock.instant();
		Attempts previous = this.attempts.get(address);
		if (previous != null && previous.last().plus(FORGET_AFTER).isBefore(now)) {
			previous = null;
		}
		int count = (previous != null) ? previous.count() + 1 : 1;
		Instant turn = now;
		if (count > FREE_ATTEMPTS) {
			int doublings = Math.min(count - FREE_ATTEMPTS - 1, 10);
			Duration spacing = FIRST_DELAY.multipliedBy(1L << doublings);
			spacing = (spacing.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : spacing;
			Instant after = previous.next().plus(spacing);
			turn = after.isAfter(now) ? after : now;
		}
		Duration wait = Duration.between(now, turn);
		if (wait.compareTo(MAX_WAIT) > 0) {
			return null;
		}
		if (this.attempts.size() >= MAX_TRACKED && !this.attempts.containsKey(address)) {
			this.attempts.remove(this.attempts.keySet().iterator().next());
		}
		this.attempts.put(address, new Attempts(count, turn, now));
		return wait;
	}

	private synchronized void succeeded(String address) {
		Attempts current = this.attempts.get(address);
		if (current != null) {
			this.attempts.put(address, new Attempts(Math.max(0, current.count() - 1), current.next(), current.last()));
		}
	}

}
