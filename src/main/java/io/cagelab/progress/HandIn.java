package io.cagelab.progress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a learner handed in on one attempt, to put back in front of them.
 *
 * @param id the attempt's id, as the submissions API names it
 * @param content the artifact, empty for an exercise without one
 * @param answers quiz check id to the indexes of the choices ticked
 */
public record HandIn(String id, String exerciseId, String content, Map<String, List<Integer>> answers,
		Instant submittedAt) {

	public HandIn {
		answers = Map.copyOf(answers);
	}

	/** Tell whether the learner ticked this choice of this question. */
	public boolean ticked(String checkId, int choice) {
		return this.answers.getOrDefault(checkId, List.of()).contains(choice);
	}

}
