package io.cagelab.grading;

import io.cagelab.course.Language;

/**
 * A value that cannot be read, thrown where the value is read (a port, a size, a mount) and told with the line and
 * column of the word it was in by the parser that catches it. Its message is the English text.
 */
final class ProblemException extends IllegalArgumentException {

	private final transient Problem problem;

	ProblemException(String key, Object... arguments) {
		this(Problem.of(key, arguments));
	}

	private ProblemException(Problem problem) {
		super(problem.text(Language.EN));
		this.problem = problem;
	}

	Problem problem() {
		return this.problem;
	}

}
