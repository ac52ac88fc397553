package io.cagelab.progress;

/**
 * A learner's record on one check of an exercise.
 *
 * @param passed whether the check passed at its latest verdict
 * @param everPassed whether any attempt passed it
 * @param attempts how many attempts graded it
 */
public record CheckProgress(String learner, String exercise, String check, String kind, String rule, String cis,
		boolean passed, boolean everPassed, long attempts) {
}
