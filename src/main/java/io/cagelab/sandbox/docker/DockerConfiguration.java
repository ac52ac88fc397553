package io.cagelab.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.cagelab.sandbox.EngineProperties;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class DockerConfiguration {

	/** Queue this many engine calls beyond the busy threads before refusing more. */
	private static final int QUEUED_CALLS = 1_000;

	@Bean
	DockerClient dockerClient(EngineProperties properties) {
		DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
		if (StringUtils.hasText(properties.host())) {
			config.withDockerHost(properties.host());
		}
		DockerClientConfig resolved = config.build();
		ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(resolved.getDockerHost())
			.sslConfig(resolved.getSSLConfig())
			// Every open terminal and gauge holds a connection for its whole life; one-shot calls get their
			// timeout in the backend, so no read timeout here would cut an idle terminal.
			.maxConnections(properties.maxConnections())
			.connectionTimeout(properties.connectTimeout())
			.build();
		return DockerClientImpl.getInstance(resolved, http);
	}

	/** docker-java blocks: its calls run here, never on the event loop. */
	@Bean(destroyMethod = "dispose")
	Scheduler dockerScheduler(EngineProperties properties) {
		return Schedulers.newBoundedElastic(properties.threads(), QUEUED_CALLS, "docker");
	}

	@Bean
	DockerSandboxBackend dockerSandboxBackend(DockerClient dockerClient, Scheduler dockerScheduler,
			EngineProperties properties) {
		return new DockerSandboxBackend(dockerClient, dockerScheduler, properties);
	}

}
