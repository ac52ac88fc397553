package io.cagelab.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One learner's sandbox for one exercise, as recorded in the database.
 *
 * @param containerId the engine's container, or {@code null} while it is being created
 * @param expiresAt when the sandbox is removed whatever happens
 * @param lastActiveAt the last terminal activity; the idle timeout counts from here
 */
public record Sandbox(String id, long ownerId, String ownerName, String exerciseId, String containerId,
		SandboxStatus status, Instant createdAt, Instant expiresAt, Instant lastActiveAt) {

	/** Return when the sandbox will be removed: at its end of life, or sooner when left idle. */
	public Instant removalDue(Duration idleTimeout) {
		Instant idleEnd = this.lastActiveAt.plus(idleTimeout);
		return idleEnd.isBefore(this.expiresAt) ? idleEnd : this.expiresAt;
	}

	public boolean isDue(Instant now, Duration idleTimeout) {
		return !now.isBefore(removalDue(idleTimeout));
	}

}
