package io.cagelab.progress;

import java.time.Instant;

/**
 * Where a learner stands on one exercise they handed in at least once.
 *
 * @param bestScore the best score of their attempts
 * @param maxScore the most an attempt could earn
 * @param attempts how many times they handed it in
 * @param lastAttemptAt when they last did
 */
public record ExerciseMark(String exerciseId, int bestScore, int maxScore, long attempts, Instant lastAttemptAt) {

	/** Tell whether an attempt earned full marks. */
	public boolean passed() {
		return this.bestScore == this.maxScore;
	}

}
