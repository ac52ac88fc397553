package io.cagelab.exercise;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An exercise spec that cannot be used, with every problem found in it; the message names the file, each problem's
 * line, column and field, in English.
 */
public class ExerciseSpecException extends RuntimeException {

	private final transient List<SpecProblem> problems;

	public ExerciseSpecException(Path file, List<SpecProblem> problems) {
		super(problems.stream()
			.map((problem) -> ((file != null) ? file + ":" : "") + problem.located())
			.collect(Collectors.joining("\n")));
		this.problems = List.copyOf(problems);
	}

	public List<SpecProblem> problems() {
		return this.problems;
	}

}
