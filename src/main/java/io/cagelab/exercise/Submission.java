package io.cagelab.exercise;

import java.util.List;
import java.util.Map;

/**
 * What a learner hands in: an artifact (a run line, a Dockerfile, a compose file) and the answers to quiz checks.
 *
 * @param content the artifact, or {@code null} for exercises without one
 * @param answers quiz check id to the indexes of the choices ticked
 */
public record Submission(String content, Map<String, List<Integer>> answers) {

	public Submission {
		answers = (answers != null) ? Map.copyOf(answers) : Map.of();
	}

}
