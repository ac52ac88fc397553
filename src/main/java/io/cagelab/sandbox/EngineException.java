package io.cagelab.sandbox;

/**
 * An engine call that failed, with a message that says what was attempted and what to check.
 */
public class EngineException extends RuntimeException {

	public EngineException(String message, Throwable cause) {
		super(message, cause);
	}

}
