package io.cagelab.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import io.cagelab.security.LoginThrottle.Admission;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	static final LoginThrottleProperties SETTINGS = new LoginThrottleProperties(10, 3, Duration.ofMillis(500),
			Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(15), 10_000);

	/** The turns of 50 attempts started together at one account: 3 free, then 0.5 s doubling to 10 s, up to 60 s. */
	static final List<Duration> ACCOUNT_TURNS = seconds(0, 0, 0, 0, 0.5, 1.5, 3.5, 7.5, 15.5, 25.5, 35.5, 45.5, 55.5);

	MovableClock clock = new MovableClock();

	LoginThrottle throttle = new LoginThrottle(SETTINGS, this.clock);

	@Test
	void theFirstAttemptsTakeTheirTurnAtOnce() {
		for (int attempt = 0; attempt <= SETTINGS.freeAttemptsPerAccount(); attempt++) {
			assertThat(admit("10.0.0.1", "alice")).isEqualTo(new Admission(true, Duration.ZERO));
		}
		assertThat(admit("10.0.0.1", "alice")).isEqualTo(new Admission(true, SETTINGS.firstDelay()));
	}

	@Test
	void fiftyConcurrentGuessesQueueBehindGrowingDelaysAndTheRestAreRefused() throws Exception {
		List<Admission> admissions = concurrently(50, (i) -> admit("10.0.0.1", "alice"));

		assertThat(waitsOfAdmitted(admissions)).containsExactlyElementsOf(ACCOUNT_TURNS);
		assertThat(admissions).filteredOn((admission) -> !admission.admitted()).hasSize(50 - ACCOUNT_TURNS.size())
			.allSatisfy((refused) -> assertThat(refused.delay()).isPositive());
		// The right password, sent among them, gets no earlier turn than the guesses.
		Admission rightPassword = admit("10.0.0.1", "alice");
		assertThat(rightPassword.admitted()).isFalse();
		assertThat(rightPassword.delay()).isEqualTo(seconds(5.5).get(0));
	}

	@Test
	void guessesSpreadOverAccountsQueueBehindTheirAddress() throws Exception {
		List<Admission> admissions = concurrently(50, (i) -> admit("10.0.0.1", "account-" + i));

		List<Duration> waits = waitsOfAdmitted(admissions);
		assertThat(waits).startsWith(seconds(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1.5, 3.5, 7.5).toArray(Duration[]::new));
		assertThat(waits).allSatisfy((wait) -> assertThat(wait).isLessThanOrEqualTo(SETTINGS.maxWait()));
		assertThat(waits).hasSize(20);
	}

	@Test
	void guessesSpreadOverAddressesQueueBehindTheirAccount() throws Exception {
		List<Admission> admissions = concurrently(50, (i) -> admit("10.0.1." + i, "alice"));

		assertThat(waitsOfAdmitted(admissions)).containsExactlyElementsOf(ACCOUNT_TURNS);
		Admission ownerFromHome = admit("192.0.2.1", "alice");
		assertThat(ownerFromHome.admitted()).isFalse();
	}

	@Test
	void anAttackerCannotShutTheOwnerOutForLongerThanTheLongestWait() throws Exception {
		// Guesses that keep coming as fast as they are refused, for ten minutes.
		for (int second = 0; second < 600; second++) {
			for (int guesser = 0; guesser < 5; guesser++) {
				admit("10.0.2." + guesser, "alice");
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		Admission owner = admit("192.0.2.1", "alice");
		assertThat(owner.admitted() ? owner.delay() : owner.delay().plus(SETTINGS.maxWait()))
			.isLessThanOrEqualTo(SETTINGS.maxWait().plus(SETTINGS.maxDelay()));

		// Once the guessing stops, the owner waits at most the longest wait, and is soon let in at once.
		this.clock.advance(SETTINGS.maxWait().plus(SETTINGS.maxDelay()));
		assertThat(admit("192.0.2.1", "alice")).isEqualTo(new Admission(true, Duration.ZERO));
	}

	@Test
	void aRightPasswordAmongQueuedGuessesWaitsItsTurnToo() {
		for (int guess = 0; guess < 6; guess++) {
			admit("10.0.0.1", "alice");
		}
		Admission rightPassword = admit("10.0.0.1", "alice");
		assertThat(rightPassword).isEqualTo(new Admission(true, seconds(3.5).get(0)));
	}

	@Test
	void successClearsTheAccountButGivesTheAddressOnlyItsOwnAttemptBack() {
		for (int guess = 0; guess < 12; guess++) {
			admit("10.0.0.1", "account-" + guess);
		}
		admit("10.0.0.1", "mallory");
		this.throttle.succeeded("10.0.0.1", "mallory");

		// A login to one's own account does not wipe the guesses at others from the same address...
		assertThat(admit("10.0.0.1", "bob").delay()).isPositive();
		// ...but the account itself starts afresh.
		assertThat(admit("10.0.0.9", "mallory")).isEqualTo(new Admission(true, Duration.ZERO));
	}

	@Test
	void attemptsAreForgottenAfterAQuietPeriod() {
		for (int guess = 0; guess < 8; guess++) {
			admit("10.0.0.1", "alice");
		}
		this.clock.advance(SETTINGS.forgetAfter().plusSeconds(1));
		assertThat(admit("10.0.0.1", "alice")).isEqualTo(new Admission(true, Duration.ZERO));
		assertThat(admit("10.0.0.1", "alice")).isEqualTo(new Admission(true, Duration.ZERO));
	}

	@Test
	void usernamesDifferingOnlyInCaseOrSpacesShareTheirTurns() {
		for (int guess = 0; guess <= SETTINGS.freeAttemptsPerAccount(); guess++) {
			admit("10.0.3." + guess, (guess % 2 == 0) ? "Alice" : " alice ");
		}
		assertThat(admit("10.0.3.99", "ALICE").delay()).isEqualTo(SETTINGS.firstDelay());
	}

	@Test
	void memoryIsBoundedByForgettingTheLongestUntouchedFirst() {
		var small = new LoginThrottle(new LoginThrottleProperties(10, 3, Duration.ofMillis(500), Duration.ofSeconds(10),
				Duration.ofMinutes(1), Duration.ofMinutes(15), 100), this.clock);
		for (int guess = 0; guess < 8; guess++) {
			small.admit("10.0.0.1", "alice");
		}
		for (int other = 0; other < 100; other++) {
			small.admit("10.1.0." + other, "user-" + other);
		}
		assertThat(small.admit("10.0.0.1", "alice")).isEqualTo(new Admission(true, Duration.ZERO));
	}

	@Test
	void settingsThatCouldNotBoundTheWaitAreRejected() {
		var validator = Validation.buildDefaultValidatorFactory().getValidator();
		assertThat(validator.validate(SETTINGS)).isEmpty();
		assertThat(validator.validate(new LoginThrottleProperties(10, 3, Duration.ofSeconds(20), Duration.ofSeconds(10),
				Duration.ofMinutes(1), Duration.ofMinutes(15), 100))).isNotEmpty();
		assertThat(validator.validate(new LoginThrottleProperties(10, 3, Duration.ofMillis(500), Duration.ofSeconds(10),
				Duration.ofMinutes(20), Duration.ofMinutes(15), 100))).isNotEmpty();
		assertThat(validator.validate(new LoginThrottleProperties(0, 3, Duration.ofMillis(500), Duration.ofSeconds(10),
				Duration.ofMinutes(1), Duration.ofMinutes(15), 100))).isNotEmpty();
	}

	private Admission admit(String address, String username) {
		return this.throttle.admit(address, username);
	}

	private static List<Duration> waitsOfAdmitted(List<Admission> admissions) {
		return admissions.stream().filter(Admission::admitted).map(Admission::delay).sorted().toList();
	}

	private static List<Admission> concurrently(int attempts, IntFunction<Admission> attempt) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Admission>> started = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				int index = i;
				started.add(threads.submit((Callable<Admission>) () -> attempt.apply(index)));
			}
			List<Admission> admissions = new ArrayList<>();
			for (Future<Admission> admission : started) {
				admissions.add(admission.get());
			}
			return admissions;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static List<Duration> seconds(double... values) {
		return Arrays.stream(values).mapToObj((value) -> Duration.ofMillis(Math.round(value * 1000))).toList();
	}

	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-11-29T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
