package io.cagelab.terminal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox's time as its learner sees it, with lifetimes short enough to wait for: the idle timeout warns before it
 * ends the sandbox, and "extend" gives the full lifetime back from now, never more.
 */
@Tag("browser")
@TestPropertySource(properties = { "cagelab.sandbox.ttl=10m", "cagelab.sandbox.idle-timeout=80s" })
class LabSandboxTimeEndToEndTests extends IntegrationTest {

	@Autowired
	SandboxService sandboxes;

	@Autowired
	DatabaseClient database;

	@AfterEach
	void closeSandboxes() {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().startsWith("ltime-"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	@Test
	void anIdleSandboxWarnsBeforeItEndsAndExtendKeepsIt() {
		learner("ltime-idle");
		try (Chromium browser = new Chromium("http://localhost:" + this.port)) {
			browser.size(1280, 800);
			browser.logIn("ltime-idle", LEARNER_PASSWORD, "en");
			browser.open("/labs/shared-kernel");
			browser.waitFor(Duration.ofSeconds(40), () -> "ready".equals(browser.find("#lab-status").getDomAttribute("data-state")));
			assertThat(browser.find("#lab-time-left").getText()).matches("Time left: (10:00|9:\\d\\d)");
			assertThat(browser.find("#lab-idle-warning").isDisplayed()).isFalse();

			// Warned at half the idle timeout (40 s) before it ends the sandbox, counting down.
			browser.waitFor(Duration.ofSeconds(75), () -> browser.find("#lab-idle-warning").isDisplayed());
			assertThat(browser.find("#lab-idle-warning").getDomAttribute("role")).isEqualTo("alert");
			assertThat(browser.find("#lab-idle-warning").getText())
				.matches("You have not typed for a while: this sandbox ends in 0:[0-4]\\d unless you use it\\..*");
			assertThat(browser.accessibilityViolations()).as("a lab warning of its idle timeout").isEmpty();
			browser.screenshot("lab-terminal-idle-warning.png");

			browser.find("#lab-extend").click();
			browser.waitFor(Duration.ofSeconds(10), () -> !browser.find("#lab-idle-warning").isDisplayed());
			assertThat(browser.find("#lab-status").getText()).isEqualTo("Your sandbox has its full time again.");
			assertThat(browser.find("#lab-time-left").getText()).matches("Time left: (10:00|9:5\\d)");
			assertThat(browser.policyViolations()).isEmpty();
		}
	}

	@Test
	void extendGivesTheOwnerOneLifetimeFromNowAndNobodyElseAnything() {
		BrowserSession owner = learner("ltime-owner");
		BrowserSession other = learner("ltime-other");
		Map<?, ?> opened = owner.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String path = "/api/sandboxes/" + opened.get("id") + "/extend";

		for (int i = 0; i < 2; i++) {
			Instant asked = Instant.now();
			Map<?, ?> extended = owner.postJson(path, Map.of()).expectStatus().isOk().expectBody(Map.class).returnResult()
				.getResponseBody();
			Duration left = Duration.between(asked, Instant.parse((String) extended.get("expiresAt")));
			// Extending twice does not add up: never more than one lifetime past the last extension.
			assertThat(left).isBetween(Duration.ofMinutes(10).minusSeconds(5), Duration.ofMinutes(10).plusSeconds(1));
			assertThat(Duration.between(Instant.parse((String) extended.get("lastActiveAt")), Instant.now()))
				.isLessThan(Duration.ofSeconds(5));
		}
		other.postJson(path, Map.of()).expectStatus().isNotFound();

		// Two lifetimes after it started, a sandbox gets no more time from its learner, only its idle clock restarts.
		String before = (String) owner.get("/api/sandboxes/" + opened.get("id")).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("expiresAt");
		this.database.sql("update sandbox set created_at = :startedAt where id = :id")
			.bind("startedAt", Instant.now().minus(Duration.ofMinutes(25)).atOffset(java.time.ZoneOffset.UTC)).bind("id", opened.get("id"))
			.fetch().rowsUpdated().block();
		Map<?, ?> capped = owner.postJson(path, Map.of()).expectStatus().isOk().expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat(capped.get("expiresAt")).isEqualTo(before);
		assertThat(Duration.between(Instant.parse((String) capped.get("lastActiveAt")), Instant.now()))
			.isLessThan(Duration.ofSeconds(5));
	}

}
