package io.cagelab.exercise;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a learner hands in: an artifact (a run line, a Dockerfile, a compose file) and the answers to quiz checks.
 *
 * @param content the artifact, or {@code null} for exercises without one
 * @param answers quiz check id to the indexes of the choices ticked
 */
public record Submission(String content, Map<String, List<Integer>> answers) {

	public Submission {
		// A question sent with no list is a question left blank, not a reason to fail.
		answers = (answers != null) ? answers.entrySet().stream().filter((answer) -> answer.getKey() != null)
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(answer) -> (answer.getValue() != null) ? answer.getValue() : List.of()))
				: Map.of();
	}

}
