package io.cagelab.sandbox;

/**
 * A sandbox profile that asks for something the floor forbids.
 */
public class SandboxPolicyException extends RuntimeException {

	public SandboxPolicyException(String message) {
		super(message);
	}

}
