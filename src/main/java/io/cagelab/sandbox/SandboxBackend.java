package io.cagelab.sandbox;

import reactor.core.publisher.Mono;

/**
 * The engine that runs sandboxes: Docker today, another orchestrator later.
 */
public interface SandboxBackend {

	/**
	 * Describe the engine, or fail with a message that says what was tried when it cannot be reached.
	 */
	Mono<EngineFacts> describeEngine();

}
