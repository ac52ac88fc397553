package io.cagelab.exercise;

import java.util.List;

/**
 * What reading one exercise spec gave: the exercise when it is valid, or every problem found in it, in the order of
 * the text.
 *
 * @param exercise the exercise, null when the spec has problems
 * @param problems empty when the spec is valid
 */
public record SpecReading(Exercise exercise, List<SpecProblem> problems) {

	public SpecReading {
		problems = List.copyOf(problems);
		if ((exercise == null) == problems.isEmpty()) {
			throw new IllegalArgumentException("a reading is either an exercise or its problems");
		}
	}

	public boolean valid() {
		return this.exercise != null;
	}

}
