package io.cagelab.web;

import java.time.Duration;
import java.util.Map;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages everyone meets, in a real Chromium: a failed login keeps what was typed but the password, and the host page
 * says what the engine offers in words, in both languages.
 */
class EverydayPagesEndToEndTests extends BrowserTest {

	@Test
	void aFailedLoginKeepsTheUsernameAndAsksOnlyForThePasswordAgain() {
		learner("ev-forgetful");
		this.browser.open("/login?lang=fr");
		assertThat(this.browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("username");
		this.browser.find("#username").sendKeys("ev-forgetful");
		this.browser.find("#password").sendKeys("not-the-password" + Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(15), () -> this.browser.driver().getCurrentUrl().endsWith("/login?error"));
		assertThat(this.browser.find("[role=alert]").getText()).startsWith("Nom d");
		assertThat(this.browser.find("#username").getDomProperty("value")).isEqualTo("ev-forgetful");
		assertThat(this.browser.find("#password").getDomProperty("value")).isEmpty();
		assertThat(this.browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
		assertThat(this.browser.accessibilityViolations()).as("login page after a failure").isEmpty();
		this.browser.screenshot("login-failed.png");

		this.browser.driver().switchTo().activeElement().sendKeys(LEARNER_PASSWORD + Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(15), () -> this.browser.driver().getCurrentUrl().endsWith("/"));
		// Kept for one page only: the next visit to the login page starts empty.
		this.browser.open("/login?error");
		assertThat(this.browser.find("#username").getDomProperty("value")).isEmpty();
	}

	@Test
	void theEditorOfEveryHandInExerciseStartsAtTheTopOfItsPane() {
		learner("ev-editor");
		this.browser.size(1280, 800);
		this.browser.logIn("ev-editor", LEARNER_PASSWORD, "en");
		for (String exercise : new String[] { "harden-a-run-line", "non-root-dockerfile", "harden-compose-service" }) {
			this.browser.open("/labs/" + exercise);
			Number gap = (Number) this.browser.script("return document.getElementById('artifact').getBoundingClientRect().top"
					+ " - document.querySelector('.lab-workbench').getBoundingClientRect().top;");
			Number top = (Number) this.browser.script("return document.getElementById('artifact').getBoundingClientRect().top;");
			assertThat(gap.doubleValue()).as(exercise + ": label above the editor only").isLessThan(60);
			assertThat(top.doubleValue()).as(exercise + ": editor in the first screen").isLessThan(400);
		}
		this.browser.screenshot("lab-editor-at-top.png");
	}

	@Test
	void theHostPageNamesTheCgroupDriverInWordsInBothLanguages() {
		this.browser.logIn("admin", ADMIN_PASSWORD, "en");
		// Selenium's text turns no-break spaces into plain ones, hence "Pilote de cgroups : ".
		Map<String, String> driverLine = Map.of("en", "cgroup driver: cgroupfs.", "fr", "Pilote de cgroups : cgroupfs.");
		Map<String, String> heading = Map.of("en", "Container host", "fr", "Hôte des conteneurs");
		for (String language : new String[] { "en", "fr" }) {
			this.browser.open("/admin/host?lang=" + language);
			String page = this.browser.find("main").getText();
			assertThat(page).doesNotContain("[Ljava").contains(driverLine.get(language), heading.get(language));
			assertThat(this.browser.accessibilityViolations()).as("host page, " + language).isEmpty();
			this.browser.screenshot("admin-host-" + language + ".png");
		}
	}

}
