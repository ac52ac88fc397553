package io.cagelab.progress;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a class stands: every enrolled learner on every assigned exercise, how many passed each exercise, and the
 * checks and rules that fail most often.
 *
 * @param learners the learners, by user name
 * @param exercises the assigned exercises, in class order
 * @param cells one per learner and exercise, learner by learner, exercises in class order
 * @param mostFailedChecks the checks most learners currently fail, most failed first
 * @param mostFailedRules the hardening rules behind the most currently failed checks, most failed first
 */
public record ClassProgress(List<Learner> learners, List<AssignedExercise> exercises, List<Cell> cells,
		List<FailingCheck> mostFailedChecks, List<FailingRule> mostFailedRules) {

	/** @param id the learner's account, which acting on the learner names */
	public record Learner(long id, String username, Instant joinedAt) {
	}

	/** An assigned exercise, with how many learners passed it. */
	public record AssignedExercise(String id, long passedBy) {
	}

	/**
	 * A learner's work on one exercise; the scores and times are null until the first attempt.
	 *
	 * @param passed whether some attempt earned full marks
	 * @param improvedAt when the best score was first reached: the learner's last step forward on the exercise
	 */
	public record Cell(long learnerId, String learner, String exercise, State state, Integer bestScore,
			Integer maxScore, long attempts, boolean passed, Instant firstPassedAt, Instant lastAttemptAt,
			Instant improvedAt) {
	}

	public enum State {

		NOT_STARTED("not-started"), IN_PROGRESS("in-progress"), PASSED("passed");

		private final String wireName;

		State(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

	}

	/**
	 * A check that fails.
	 *
	 * @param failing how many learners' latest verdict on it failed
	 */
	public record FailingCheck(String exercise, String check, String kind, String rule, String cis, long failing) {
	}

	/**
	 * A hardening rule that fails.
	 *
	 * @param failing how many checks applying it, counted per learner and exercise, failed at their latest verdict
	 */
	public record FailingRule(String rule, String cis, long failing) {
	}

}
