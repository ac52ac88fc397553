package io.cagelab.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	MovableClock clock = new MovableClock();

	LoginThrottle throttle = new LoginThrottle(this.clock);

	@Test
	void firstFailuresCostNothing() {
		fail("10.0.0.1", LoginThrottle.FREE_FAILURES);
		assertThat(this.throttle.delayFor("10.0.0.1")).isZero();
	}

	@Test
	void delayDoublesWithEachFailureUpToTheMaximum() {
		fail("10.0.0.1", LoginThrottle.FREE_FAILURES + 1);
		assertThat(this.throttle.delayFor("10.0.0.1")).isEqualTo(LoginThrottle.FIRST_DELAY);
		fail("10.0.0.1", 1);
		assertThat(this.throttle.delayFor("10.0.0.1")).isEqualTo(LoginThrottle.FIRST_DELAY.multipliedBy(2));
		fail("10.0.0.1", 30);
		assertThat(this.throttle.delayFor("10.0.0.1")).isEqualTo(LoginThrottle.MAX_DELAY);
	}

	@Test
	void otherAddressesAreNotSlowedDown() {
		fail("10.0.0.1", 10);
		assertThat(this.throttle.delayFor("10.0.0.2")).isZero();
	}

	@Test
	void successClearsTheFailures() {
		fail("10.0.0.1", 10);
		this.throttle.recordSuccess("10.0.0.1");
		assertThat(this.throttle.delayFor("10.0.0.1")).isZero();
	}

	@Test
	void failuresAreForgottenAfterAQuietPeriod() {
		fail("10.0.0.1", 10);
		this.clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
		assertThat(this.throttle.delayFor("10.0.0.1")).isZero();
		fail("10.0.0.1", 1);
		assertThat(this.throttle.delayFor("10.0.0.1")).isZero();
	}

	private void fail(String address, int times) {
		for (int i = 0; i < times; i++) {
			this.throttle.recordFailure(address);
		}
	}

	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-11-29T10:00:00Z");

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
