package io.cagelab.authoring;

import java.time.Duration;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.BrowserTest;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trainer previews a draft as a learner in a real Chromium: the lab page with the preview's banner and the draft's
 * own instructions, a terminal into a real sandbox, and Check graded against the draft with every hint shown and
 * nothing recorded; in English on a laptop and in French on a phone, axe-core finding nothing serious.
 */
class PreviewEndToEndTests extends BrowserTest {

	private static final String TRAINER = "preview-e2e-trainer";

	private static final String DRAFT = "preview-e2e-kernel";

	private static final Duration READY = Duration.ofSeconds(40);

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(TRAINER);
	}

	@Test
	void aTrainerPreviewsADuplicatedLabWithItsDraftInstructionsATerminalAndCheck() {
		BrowserSession trainer = loggedIn(TRAINER, "TRAINER");
		// A copy of a shipped lab whose instructions are then edited: the page must show the draft's words.
		Map<?, ?> copy = trainer.postJson("/api/authoring/exercises/shared-kernel/duplicate", Map.of("id", DRAFT))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		AuthoringApiTests.put(trainer, DRAFT, AuthoringApiTests.body((String) copy.get("spec"),
				"# Draft\n\nThese are the draft's own words: read PID 1 with `cat /proc/1/comm`.\n",
				"# Brouillon\n\nCe sont les mots du brouillon : lisez le PID 1 avec `cat /proc/1/comm`.\n", 1))
			.expectStatus().isOk();

		this.browser.logIn(TRAINER, LEARNER_PASSWORD, "en");
		this.browser.size(1280, 800);
		this.browser.open("/authoring/" + DRAFT + "/preview?lang=en");
		WebElement banner = this.browser.find(".preview-banner");
		assertThat(banner.getText()).contains("Preview").contains("Learners do not see this draft yet");
		assertThat(banner.findElement(By.tagName("a")).getDomAttribute("href"))
			.isEqualTo("/authoring/" + DRAFT);
		assertThat(this.browser.find("#lab-prose").getText()).contains("These are the draft's own words")
			.doesNotContain("A virtual machine would show you its own kernel");
		waitForPrompt();
		assertThat(this.sandboxes.list(Viewer.system())
			.filter((sandbox) -> sandbox.ownerName().equals(TRAINER)).map(Sandbox::exerciseId)
			.collectList().block()).containsExactly("preview:" + DRAFT);

		type("cat /proc/1/comm > ~/pid1.txt; echo preview-$((40+2))" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("\npreview-42"));
		checkMyWork();
		assertThat(this.browser.find("#lab-results [data-check=pid-1]").getDomAttribute("class")).contains("check-passed");
		assertThat(this.browser.find("#lab-results [data-check=kernel]").getDomAttribute("class")).contains("check-failed");
		assertThat(this.browser.findAll("#lab-results [data-check=kernel] .check-hint-stronger"))
			.as("every hint at once, the stronger one too").hasSize(1);
		assertThat(this.browser.find("#lab-results .check-coming").getText()).contains("Nothing was recorded");
		assertThat(this.browser.accessibilityViolations()).as("the preview in English").isEmpty();
		this.browser.screenshot("authoring-preview-en-1280.png");

		this.browser.size(390, 844);
		this.browser.open("/authoring/" + DRAFT + "/preview?lang=fr");
		assertThat(this.browser.find(".preview-banner").getText()).contains("Aperçu")
			.contains("ne voient pas encore ce brouillon");
		this.browser.find("#lab-instructions-toggle").click();
		assertThat(this.browser.find("#lab-prose").getText()).contains("Ce sont les mots du brouillon");
		waitForPrompt();
		checkMyWork();
		assertThat(this.browser.find("#lab-results .check-coming").getText()).contains("Rien n'a été enregistré");
		assertThat(this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
			.as("the phone's page is no wider than its screen").isEqualTo(true);
		assertThat(this.browser.accessibilityViolations()).as("the preview in French on a phone").isEmpty();
		this.browser.screenshot("authoring-preview-fr-390x844.png");
	}

	private void waitForPrompt() {
		this.browser.waitFor(READY, () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));
		this.browser.waitFor(READY, () -> screen().contains("learner@sandbox"));
	}

	private void checkMyWork() {
		this.browser.find("#lab-check").click();
		this.browser.waitFor(READY, () -> !this.browser.findAll("#lab-results[aria-busy=false] [data-score]").isEmpty());
	}

	private void type(CharSequence... keys) {
		this.browser.find("#terminal .xterm-helper-textarea").sendKeys(keys);
	}

	private String screen() {
		return this.browser.find("#terminal .xterm-rows").getText();
	}

}
