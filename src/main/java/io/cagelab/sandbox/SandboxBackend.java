package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine that runs sandboxes: Docker today, another orchestrator later.
 */
public interface SandboxBackend {

	/**
	 * Describe the engine, or fail with a message that says what was tried when it cannot be reached.
	 */
	Mono<EngineFacts> describeEngine();

	/**
	 * Create and start a container from a plan and return its id once it is running, not merely requested.
	 */
	Mono<String> start(ContainerPlan plan);

	/**
	 * Remove a container and whatever was created with it; a container that is already gone is success.
	 */
	Mono<Void> remove(String containerId);

	/** Tell whether a container exists and runs; a container that is gone is simply not running. */
	Mono<Boolean> isRunning(String containerId);

	/** List every container that an installation made, running or not. */
	Flux<SandboxContainer> sandboxContainers(String installation);

	/**
	 * Run a command in a running container as its user, without a TTY, and return its exit code and output; a command
	 * still running after the timeout is reported with exit code -1.
	 */
	Mono<ProbeResult> probe(String containerId, List<String> command, Duration timeout);

	/** Open a login shell with a TTY in a running container, as the container's user, greeting in a language. */
	Mono<SandboxTerminal> openTerminal(String containerId, Locale language);

	/** Stream a container's resource use, about once a second, until it stops or the subscriber leaves. */
	Flux<SandboxUsage> usage(String containerId);

}
