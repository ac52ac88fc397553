package io.cagelab.exercise;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A graded attempt as a reader sees it, in the reader's language; attempts graded before their texts were kept
 * without words are shown as they were graded, in the learner's language then.
 *
 * @param exerciseVersion the version of the exercise it was graded against and is shown with
 * @param content the artifact handed in, empty for none
 * @param answers the quiz answers: check id to the choices ticked, from 0
 * @param checks in the exercise's order
 * @param attempt the attempt's number among the learner's attempts at the exercise, from 1
 * @param solution the reference solution, once this attempt discloses it (full marks, or the attempts used up)
 * @param coming what the next attempts will disclose, in one sentence, or {@code null} when nothing more is held back
 */
public record RenderedAttempt(String id, String exerciseId, int exerciseVersion, Instant submittedAt, String content,
		Map<String, List<Integer>> answers, int score, int maxScore, boolean fullMarks, List<RenderedCheck> checks,
		int attempt, String solution, String coming) {
}
