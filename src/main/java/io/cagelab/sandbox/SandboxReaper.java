package io.cagelab.sandbox;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reap at start-up, which cleans up after a crash, and then every reap interval.
 */
@Component
class SandboxReaper {

	private static final Logger logger = LoggerFactory.getLogger(SandboxReaper.class);

	private final SandboxService sandboxes;

	private final SandboxProperties properties;

	private Disposable loop;

	SandboxReaper(SandboxService sandboxes, SandboxProperties properties) {
		this.sandboxes = sandboxes;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.loop = Flux.interval(Duration.ZERO, this.properties.reapInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> this.sandboxes.reap().onErrorResume((ex) -> {
				logger.warn("Could not reap sandboxes: {}", ex.getMessage());
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	@PreDestroy
	void stop() {
		if (this.loop != null) {
			this.loop.dispose();
		}
	}

}
