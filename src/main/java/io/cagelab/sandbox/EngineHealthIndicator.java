package io.cagelab.sandbox;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Report the container engine as the {@code engine} component of {@code /actuator/health}.
 */
@Component("engineHealthIndicator")
class EngineHealthIndicator implements ReactiveHealthIndicator {

	private final HostInspector inspector;

	EngineHealthIndicator(HostInspector inspector) {
		this.inspector = inspector;
	}

	@Override
	public Mono<Health> health() {
		return this.inspector.inspect().map((report) -> {
			Health.Builder health = report.sandboxesAllowed() ? Health.up() : Health.down();
			if (report.reachable()) {
				health.withDetail("version", report.facts().serverVersion())
					.withDetail("userNamespaces", report.facts().userNamespaces() || report.facts().rootless())
					.withDetail("cgroupVersion", report.facts().cgroupVersion())
					.withDetail("runtimes", report.facts().runtimes());
			}
			return health.withDetail("sandboxes", report.sandboxesAllowed() ? "allowed" : "refused")
				.withDetail("findings", report.findings()
					.stream()
					.filter((finding) -> finding.blocking() || report.unsafeOverride())
					.map((finding) -> this.inspector.describe(finding, Locale.ENGLISH))
					.toList())
				.build();
		});
	}

}
