package io.cagelab.sandbox.docker;

/**
 * The engine's view of a new container breaks the floor: the container is removed before it ever starts.
 */
class SandboxGuardException extends IllegalStateException {

	SandboxGuardException(String message) {
		super(message);
	}

}
