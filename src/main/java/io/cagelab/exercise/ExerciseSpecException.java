package io.cagelab.exercise;

/**
 * An exercise spec that cannot be used, with a message naming the file, the line and the field.
 */
public class ExerciseSpecException extends RuntimeException {

	public ExerciseSpecException(String message) {
		super(message);
	}

}
