package io.cagelab.grading;

/**
 * A submission that cannot be read, with the line and column of what is wrong.
 */
public class GradingException extends RuntimeException {

	private final int line;

	private final int column;

	private final String problem;

	public GradingException(int line, int column, String problem) {
		super("line " + line + ", column " + column + ": " + problem);
		this.line = line;
		this.column = column;
		this.problem = problem;
	}

	public String problem() {
		return this.problem;
	}

	public int line() {
		return this.line;
	}

	public int column() {
		return this.column;
	}

}
