package io.cagelab.grading;

import io.cagelab.course.Language;

/**
 * A submission that cannot be read, with the line and column of what is wrong. The problem is told in the learner's
 * language by {@link #problem(Language)}; the message stays English, for logs and the command line.
 */
public class GradingException extends RuntimeException {

	private final int line;

	private final int column;

	private final transient Problem problem;

	/** A problem whose text is {@code key} in {@code grading/problems}, naming {@code arguments}. */
	public GradingException(int line, int column, String key, Object... arguments) {
		this(line, column, Problem.of(key, arguments));
	}

	GradingException(int line, int column, Problem problem) {
		super("line " + line + ", column " + column + ": " + problem.text(Language.EN));
		this.line = line;
		this.column = column;
		this.problem = problem;
	}

	/** The problem in English. */
	public String problem() {
		return problem(Language.EN);
	}

	public String problem(Language language) {
		return this.problem.text(language);
	}

	/** The problem as its key and values, for a reader who tells it in a language of its own choosing later. */
	public Problem problemKeyed() {
		return this.problem;
	}

	public int line() {
		return this.line;
	}

	public int column() {
		return this.column;
	}

}
