package io.cagelab.sandbox;

/**
 * A container on the engine that carries Cagelab's sandbox labels, whatever the database says of it.
 *
 * @param sandboxId the sandbox it was created for, from its label
 */
public record SandboxContainer(String containerId, String sandboxId, boolean running) {

}
