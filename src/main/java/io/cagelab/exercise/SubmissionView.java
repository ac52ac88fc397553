package io.cagelab.exercise;

import java.time.Instant;
import java.util.List;

/**
 * A graded attempt, as the lab page shows it.
 *
 * @param id the attempt's id, {@code null} when it was not recorded
 * @param version the version of the exercise it was graded against
 * @param attempt its number among the learner's attempts at the exercise, from 1; 0 for an author's preview, which
 * is no attempt
 * @param solution the reference solution, once disclosed
 * @param coming what the next attempts disclose, or why this one was not recorded, or {@code null}
 * @param recorded whether the attempt counts; one made after the answers were shown is practice, not recorded
 */
public record SubmissionView(String id, String exercise, int version, int score, int maxScore, boolean fullMarks,
		Instant submittedAt, List<RenderedCheck> checks, int attempt, String solution, String coming,
		boolean recorded) {
}
