package io.cagelab.sandbox;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no engine at the configured address, the verdict says so and the rest of the app keeps working.
 */
@TestPropertySource(properties = "cagelab.engine.host=unix:///nonexistent/docker.sock")
class UnreachableEngineTests extends IntegrationTest {

	@Autowired
	HostInspector inspector;

	@Test
	void aMissingEngineIsReportedClearlyAndTheCourseStillWorks() {
		HostReport report = this.inspector.inspect().block();
		assertThat(report.reachable()).isFalse();
		assertThat(report.sandboxesAllowed()).isFalse();
		assertThat(report.findings().get(0).arguments()[0].toString()).contains("unix:///nonexistent/docker.sock")
			.contains("./cagelab engine");
		this.client.get().uri("/modules").exchange().expectStatus().isOk();
		BrowserSession admin = BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
		admin.postJson("/api/sandboxes", java.util.Map.of("exercise", "shared-kernel")).expectStatus().isEqualTo(503)
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail)
				.startsWith("Sandboxes cannot run on this host right now").doesNotContain("nonexistent"));
		this.client.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503).expectBody()
			.jsonPath("$.status").isEqualTo("DOWN").jsonPath("$.components").doesNotExist();
		admin.get("/actuator/health").expectStatus().isEqualTo(503).expectBody()
			.jsonPath("$.components.engine.status").isEqualTo("DOWN");
	}

}
