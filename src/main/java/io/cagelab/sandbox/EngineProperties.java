package io.cagelab.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Cagelab reaches the container engine.
 *
 * @param host the engine's address; empty means {@code DOCKER_HOST} or the local socket
 * @param connectTimeout how long to wait for a connection to the engine
 * @param callTimeout how long one engine call may take before it fails with a clear error
 * @param threads at most this many blocking engine calls run at once
 * @param maxConnections connections to the engine at most; each open terminal and each resource gauge keeps one
 * @param allowWithoutUserNamespaces serve sandboxes on an engine without user namespaces (every page then
 * shows a red warning); off by default because root in a sandbox would then be root on the host
 */
@ConfigurationProperties("cagelab.engine")
public record EngineProperties(@DefaultValue("") String host, @DefaultValue("3s") Duration connectTimeout,
		@DefaultValue("30s") Duration callTimeout, @DefaultValue("32") int threads,
		@DefaultValue("1024") int maxConnections,
		@DefaultValue("false") boolean allowWithoutUserNamespaces) {

}
