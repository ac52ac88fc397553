package io.cagelab.sandbox.docker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.EngineFacts;
import io.cagelab.sandbox.EngineProperties;
import io.cagelab.sandbox.SandboxBackend;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Run sandboxes on a Docker engine through docker-java.
 */
class DockerSandboxBackend implements SandboxBackend {

	private final DockerClient docker;

	private final Scheduler scheduler;

	private final EngineProperties properties;

	DockerSandboxBackend(DockerClient docker, Scheduler scheduler, EngineProperties properties) {
		this.docker = docker;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@Override
	public Mono<EngineFacts> describeEngine() {
		return call("read the engine's information", () -> toFacts(this.docker.infoCmd().exec()));
	}

	/** Run one blocking engine call off the event loop, with a timeout and a message that says what failed. */
	private <T> Mono<T> call(String action, Callable<T> call) {
		return Mono.fromCallable(call)
			.subscribeOn(this.scheduler)
			.timeout(this.properties.callTimeout())
			.onErrorMap((ex) -> new EngineException(describeFailure(action, ex), ex));
	}

	private String describeFailure(String action, Throwable ex) {
		if (ex instanceof TimeoutException) {
			return "Could not " + action + ": the container engine did not answer within "
					+ this.properties.callTimeout().toSeconds() + " s";
		}
		return "Could not " + action + " at " + engineAddress() + ": " + rootMessage(ex)
				+ " (is the engine running? `./cagelab engine` starts one)";
	}

	private String engineAddress() {
		return this.properties.host().isBlank() ? System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")
				: this.properties.host();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static EngineFacts toFacts(Info info) {
		Map<String, ?> runtimes = (info.getRuntimes() != null) ? info.getRuntimes() : Map.of();
		return new EngineFacts(info.getServerVersion(), info.getOperatingSystem(), info.getKernelVersion(),
				info.getCGroupVersion(), info.getCGroupDriver(), info.getDriver(),
				(info.getSecurityOptions() != null) ? List.copyOf(info.getSecurityOptions()) : List.of(),
				runtimes.keySet().stream().sorted().toList());
	}

}
