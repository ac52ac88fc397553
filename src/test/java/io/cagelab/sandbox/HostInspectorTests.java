package io.cagelab.sandbox;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonCompareMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host verdict on this machine's real engine, which the project's script starts with userns-remap.
 */
class HostInspectorTests extends IntegrationTest {

	@Autowired
	HostInspector inspector;

	@Test
	void thisMachinesEngineAllowsSandboxesUnderTheFloor() {
		HostReport report = this.inspector.inspect().block();
		assertThat(report.reachable()).as("engine reachable: %s", report.findings()).isTrue();
		assertThat(report.facts().userNamespaces()).isTrue();
		assertThat(report.facts().seccomp()).isTrue();
		assertThat(report.facts().hasRuntime("runc")).isTrue();
		assertThat(report.sandboxesAllowed()).isTrue();
		assertThat(report.unsafeOverride()).isFalse();
	}

	@Test
	void adminHostPageShowsTheEngineAndTheVerdict() {
		HostReport report = this.inspector.inspect().block();
		BrowserSession admin = BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
		admin.get("/admin/host?lang=en").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("data-verdict=\"allowed\"")
				.contains("Sandboxes can run on this host")
				.contains(report.facts().serverVersion())
				.contains("name=userns")
				.contains("User namespaces are on (userns-remap)"));
		admin.get("/admin/host?lang=fr").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Les bacs à sable peuvent tourner sur cet hôte"));
	}

	@Test
	void healthShowsItsComponentsToAdminsOnly() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
			.json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
		learner("health-learner").get("/actuator/health").expectStatus().isOk().expectBody()
			.jsonPath("$.components").doesNotExist();
		BrowserSession admin = BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
		admin.get("/actuator/health").expectBody()
			.jsonPath("$.components.engine.status").isEqualTo("UP")
			.jsonPath("$.components.engine.details.userNamespaces").isEqualTo(true)
			.jsonPath("$.components.engine.details.sandboxes").isEqualTo("allowed");
	}

}
