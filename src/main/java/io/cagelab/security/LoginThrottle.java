package io.cagelab.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Slow down login attempts so that guessing passwords costs time, in parallel as much as one after the other. An
 * attempt is counted when it starts, from its address and at its account, and takes the next free turn of both: turns
 * are spaced by a delay that grows with the attempts, so that concurrent guesses queue up rather than all being checked
 * at once. Waiting is bounded: an attempt whose turn is more than {@code maxWait} away is refused without a check.
 */
@Component
class LoginThrottle {

	/** Doubling the spacing this many times already passes any sensible maximum delay. */
	private static final int MAX_DOUBLINGS = 20;

	/** Longer usernames cannot be accounts: they share one bucket rather than each costing memory. */
	private static final int MAX_USERNAME_KEY = 64;

	private final LoginThrottleProperties settings;

	private final Clock clock;

	private final Map<String, Attempts> addresses;

	private final Map<String, Attempts> accounts;

	LoginThrottle(LoginThrottleProperties settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.addresses = boundedMap(settings.maxTracked());
		this.accounts = boundedMap(settings.maxTracked());
	}

	/**
	 * Count an attempt as it starts and give it its turn, taken at once from both the address and the account so that
	 * concurrent attempts get distinct turns.
	 */
	synchronized Admission admit(String address, String username) {
		Instant now = this.clock.instant();
		String account = accountKey(username);
		Attempts fromAddress = current(this.addresses, address, now);
		Attempts atAccount = current(this.accounts, account, now);
		Instant addressTurn = fromAddress.nextTurn(now);
		Instant accountTurn = atAccount.nextTurn(now);
		Duration delay = Duration.between(now, addressTurn.isAfter(accountTurn) ? addressTurn : accountTurn);
		if (delay.compareTo(this.settings.maxWait()) > 0) {
			return new Admission(false, delay.minus(this.settings.maxWait()));
		}
		this.addresses.put(address,
				fromAddress.taking(addressTurn, now, spacing(fromAddress.count() + 1, this.settings.freeAttemptsPerAddress())));
		this.accounts.put(account,
				atAccount.taking(accountTurn, now, spacing(atAccount.count() + 1, this.settings.freeAttemptsPerAccount())));
		return new Admission(true, delay);
	}

	/**
	 * The password was right: the account's attempts are cleared (its owner proved who they are, and attempts queued
	 * before keep the turns they took), the address gets this attempt back but keeps the others, so that a login to
	 * one's own account does not wipe guesses at others.
	 */
	synchronized void succeeded(String address, String username) {
		this.accounts.remove(accountKey(username));
		this.addresses.computeIfPresent(address, (key, attempts) -> attempts.givingOneBack());
	}

	/** The spacing after the {@code count}th attempt: none for the free ones, then doubling up to the maximum. */
	private Duration spacing(int count, int free) {
		if (count <= free) {
			return Duration.ZERO;
		}
		Duration spacing = this.settings.firstDelay().multipliedBy(1L << Math.min(count - free - 1, MAX_DOUBLINGS));
		return (spacing.compareTo(this.settings.maxDelay()) > 0) ? this.settings.maxDelay() : spacing;
	}

	private Attempts current(Map<String, Attempts> attempts, String key, Instant now) {
		Attempts known = attempts.get(key);
		return (known == null || known.last().plus(this.settings.forgetAfter()).isBefore(now)) ? Attempts.NONE : known;
	}

	private static String accountKey(String username) {
		String key = username.trim().toLowerCase(Locale.ROOT);
		return (key.length() > MAX_USERNAME_KEY) ? key.substring(0, MAX_USERNAME_KEY) : key;
	}

	private static Map<String, Attempts> boundedMap(int bound) {
		return new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
				return size() > bound;
			}

		};
	}

	/**
	 * What the throttle decided for one attempt.
	 *
	 * @param admitted whether the attempt is checked at all
	 * @param delay how long an admitted attempt waits for its turn; for a refused one, how long until one would be
	 * admitted again
	 */
	record Admission(boolean admitted, Duration delay) {
	}

	/**
	 * @param count attempts not known to have succeeded
	 * @param next the earliest turn the next attempt can take
	 * @param last when the latest attempt started
	 */
	private record Attempts(int count, Instant next, Instant last) {

		static final Attempts NONE = new Attempts(0, Instant.MIN, Instant.MIN);

		Instant nextTurn(Instant now) {
			return this.next.isAfter(now) ? this.next : now;
		}

		Attempts taking(Instant turn, Instant now, Duration spacing) {
			return new Attempts(this.count + 1, turn.plus(spacing), now);
		}

		Attempts givingOneBack() {
			return new Attempts(Math.max(this.count - 1, 0), this.next, this.last);
		}

	}

}
