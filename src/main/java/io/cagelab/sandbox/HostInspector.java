package io.cagelab.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Tell whether sandboxes can run on this host, and remember the last answer for pages that must not wait.
 */
@Service
public class HostInspector {

	private static final Logger logger = LoggerFactory.getLogger(HostInspector.class);

	private final SandboxBackend backend;

	private final EngineProperties properties;

	private final MessageSource messages;

	/** Health checks, page loads and sandbox starts all ask: the engine's answer holds for a few seconds. */
	static final Duration FRESH_FOR = Duration.ofSeconds(5);

	private final AtomicReference<HostReport> lastReport = new AtomicReference<>();

	private final Mono<HostReport> cached = Mono.defer(this::askEngine).cache(FRESH_FOR);

	HostInspector(SandboxBackend backend, EngineProperties properties, MessageSource messages) {
		this.backend = backend;
		this.properties = properties;
		this.messages = messages;
	}

	/** Return the host report, asking the engine at most once per {@link #FRESH_FOR}, however often it is called. */
	public Mono<HostReport> inspect() {
		return this.cached;
	}

	private Mono<HostReport> askEngine() {
		return this.backend.describeEngine()
			.map((facts) -> HostAssessment.assess(facts, this.properties.allowWithoutUserNamespaces()))
			.onErrorResume((ex) -> Mono.just(HostReport.unreachable(ex.getMessage())))
			.doOnNext(this.lastReport::set);
	}

	/** Return the last report, or {@code null} before the first inspection finished. */
	public HostReport lastReport() {
		return this.lastReport.get();
	}

	@EventListener(ApplicationReadyEvent.class)
	void logVerdictAtStartup() {
		inspect().subscribe((report) -> {
			String reasons = report.findings()
				.stream()
				.map((finding) -> describe(finding, Locale.ENGLISH))
				.collect(Collectors.joining("\n  - ", "\n  - ", ""));
			if (report.sandboxesAllowed()) {
				logger.info("Sandboxes can run on this host{}", reasons);
			}
			else {
				logger.error("Sandboxes cannot run on this host; the rest of Cagelab works{}", reasons);
			}
		});
	}

	public String describe(HostFinding finding, Locale locale) {
		return this.messages.getMessage(finding.messageKey(), finding.arguments(), finding.code(), locale);
	}

}
