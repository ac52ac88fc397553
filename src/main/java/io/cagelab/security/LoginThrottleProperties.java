package io.cagelab.security;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How login attempts are slowed down. Attempts count when they start, per address and per account; beyond the free
 * ones, each waits for its turn behind the one before it, the spacing doubling from {@code firstDelay} up to
 * {@code maxDelay}.
 *
 * @param freeAttemptsPerAddress attempts from one address that take their turn at once; a classroom behind one NAT
 * address shares them, and a successful login gives its own attempt back
 * @param freeAttemptsPerAccount attempts at one account that take their turn at once; a successful login clears the
 * account's attempts
 * @param firstDelay the spacing after the first attempt beyond the free ones
 * @param maxDelay the largest spacing between two turns
 * @param maxWait the longest an attempt waits for its turn: one whose turn is further away is refused at once,
 * unchecked and uncounted, so that no pile of attempts shuts an account or an address out for longer
 * @param forgetAfter the attempts of an address or an account are forgotten after this long without another
 * @param maxTracked addresses, and accounts, remembered at most; beyond, the longest untouched go first
 */
@Validated
@ConfigurationProperties("cagelab.login-throttle")
public record LoginThrottleProperties(@DefaultValue("10") @Positive int freeAttemptsPerAddress,
		@DefaultValue("3") @Positive int freeAttemptsPerAccount, @DefaultValue("500ms") Duration firstDelay,
		@DefaultValue("10s") Duration maxDelay, @DefaultValue("1m") Duration maxWait,
		@DefaultValue("15m") Duration forgetAfter, @DefaultValue("10000") @Positive int maxTracked) {

	@AssertTrue(message = "first-delay must be positive and no longer than max-delay")
	boolean isSpacingOrdered() {
		return !this.firstDelay.isNegative() && !this.firstDelay.isZero() && this.firstDelay.compareTo(this.maxDelay) <= 0;
	}

	@AssertTrue(message = "max-wait must be at least max-delay, and forget-after longer than max-wait")
	boolean isWaitBounded() {
		return this.maxWait.compareTo(this.maxDelay) >= 0 && this.forgetAfter.compareTo(this.maxWait) > 0;
	}

}
