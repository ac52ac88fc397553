package io.cagelab.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One learner's sandbox for one exercise, as recorded in the database.
 *
 * @param exerciseId the exercise it is for, or for an author's preview of a draft {@link #previewOf its preview's key}
 * @param containerId the engine's container, or {@code null} while it is being created
 * @param expiresAt when the sandbox is removed whatever happens
 * @param lastActiveAt the last terminal activity; the idle timeout counts from here
 */
public record Sandbox(String id, long ownerId, String ownerName, String exerciseId, String containerId,
		SandboxStatus status, Instant createdAt, Instant expiresAt, Instant lastActiveAt) {

	/** No exercise id has a colon: a preview's key never names an exercise learners are served. */
	private static final String PREVIEW = "preview:";

	/**
	 * The key a preview of this exercise's draft keeps its sandbox under, in place of the exercise's id: apart from its
	 * author's own sandbox of the version learners are served, and reaped like any other.
	 */
	public static String previewOf(String exerciseId) {
		return PREVIEW + exerciseId;
	}

	/** The exercise whose draft this sandbox previews, or {@code null} for the sandbox of an exercise served. */
	public String previewed() {
		return this.exerciseId.startsWith(PREVIEW) ? this.exerciseId.substring(PREVIEW.length()) : null;
	}

	/** Return when the sandbox will be removed: at its end of life, or sooner when left idle. */
	public Instant removalDue(Duration idleTimeout) {
		Instant idleEnd = this.lastActiveAt.plus(idleTimeout);
		return idleEnd.isBefore(this.expiresAt) ? idleEnd : this.expiresAt;
	}

	public boolean isDue(Instant now, Duration idleTimeout) {
		return !now.isBefore(removalDue(idleTimeout));
	}

}
