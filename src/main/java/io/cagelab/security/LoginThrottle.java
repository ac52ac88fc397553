package io.cagelab.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slow down repeated failed logins from one address, so that guessing passwords costs time.
 */
@Component
class LoginThrottle {

	static final int FREE_FAILURES = 3;

	static final Duration FIRST_DELAY = Duration.ofMillis(500);

	static final Duration MAX_DELAY = Duration.ofSeconds(10);

	static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	/** Beyond this many tracked addresses, forget the stale ones so the map cannot grow without bound. */
	private static final int PRUNE_ABOVE = 10_000;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final Clock clock;

	LoginThrottle(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Return how long a login attempt from this address must wait before it is checked.
	 */
	Duration delayFor(String address) {
		Failures recent = current(address);
		if (recent == null || recent.count() <= FREE_FAILURES) {
			return Duration.ZERO;
		}
		int doublings = Math.min(recent.count() - FREE_FAILURES - 1, 10);
		Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
		return (delay.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : delay;
	}

	void recordFailure(String address) {
		Instant now = this.clock.instant();
		if (this.failures.size() > PRUNE_ABOVE) {
			this.failures.values().removeIf((entry) -> isStale(entry, now));
		}
		this.failures.merge(address, new Failures(1, now),
				(old, fresh) -> isStale(old, now) ? fresh : new Failures(old.count() + 1, now));
	}

	void recordSuccess(String address) {
		this.failures.remove(address);
	}

	private Failures current(String address) {
		Failures entry = this.failures.get(address);
		return (entry == null || isStale(entry, this.clock.instant())) ? null : entry;
	}

	private static boolean isStale(Failures entry, Instant now) {
		return entry.last().plus(FORGET_AFTER).isBefore(now);
	}

	private record Failures(int count, Instant last) {
	}

}
