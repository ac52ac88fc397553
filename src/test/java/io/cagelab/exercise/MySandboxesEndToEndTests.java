package io.cagelab.exercise;

import java.time.Duration;
import java.util.List;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner at the cap on sandboxes, in Chromium: the refusal links to "My sandboxes", which the menu of every lab
 * page reaches; there they see each sandbox's lab and time left, stop one by keyboard, and the lab they wanted starts.
 */
class MySandboxesEndToEndTests extends BrowserTest {

	private static final String LEARNER = "sbx-e2e";

	private static final Duration START = Duration.ofSeconds(90);

	@Autowired
	ExerciseCatalog exercises;

	@BeforeEach
	void start() {
		learner(LEARNER);
	}

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(LEARNER);
	}

	@Test
	void atTheCapALearnerStopsASandboxFromMySandboxesAndTheNextLabStarts() {
		this.browser.size(1280, 800);
		this.browser.logIn(LEARNER, LEARNER_PASSWORD, "en");
		List<String> three = List.of("fork-bomb-contained", "shared-kernel", "cpu-throttle");
		for (String lab : three) {
			this.browser.open("/labs/" + lab);
			this.browser.waitFor(START, () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));
		}

		this.browser.open("/labs/decode-capeff");
		this.browser.waitFor(START, () -> "failed".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));
		assertThat(this.browser.find("#lab-status").getText()).contains("you already have 3 live sandboxes")
			.contains("Stop one on the My sandboxes page");
		this.browser.screenshot("my-sandboxes-cap.png");

		// The ended terminal links to the page, besides the menu.
		this.browser.find("#lab-ended-sandboxes a[href='/sandboxes']").click();
		this.browser.waitFor(START, () -> this.browser.driver().getCurrentUrl().endsWith("/sandboxes"));
		assertThat(this.browser.find("h1").getText()).isEqualTo("My sandboxes");
		List<WebElement> rows = this.browser.findAll("tr[data-sandbox]");
		assertThat(rows.stream().map((row) -> row.getDomAttribute("data-exercise")).toList())
			.containsExactlyElementsOf(three);
		assertThat(rows.get(1).findElement(org.openqa.selenium.By.cssSelector("th")).getText())
			.isEqualTo(this.exercises.exercise("shared-kernel").block().title(io.cagelab.course.Language.EN));
		for (WebElement row : rows) {
			assertThat(row.getText()).containsPattern("\\d+ min left").doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
		}
		assertThat(this.browser.accessibilityViolations()).as("/sandboxes").isEmpty();
		this.browser.screenshot("my-sandboxes.png");

		// Stopped by keyboard: the focus on the row's Stop button, then Enter.
		WebElement stop = this.browser.find("tr[data-exercise='shared-kernel'] button[type=submit]");
		assertThat(stop.getDomAttribute("aria-label")).startsWith("Stop");
		this.browser.script("arguments[0].focus();", stop);
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		this.browser.waitFor(START, () -> this.browser.driver().getCurrentUrl().contains("stopped=shared-kernel"));
		assertThat(this.browser.find("[role=status].notice").getText()).isEqualTo("The sandbox of "
				+ this.exercises.exercise("shared-kernel").block().title(io.cagelab.course.Language.EN) + " is stopped.");
		assertThat(this.browser.findAll("tr[data-sandbox]")).hasSize(2);

		this.browser.open("/labs/decode-capeff");
		this.browser.waitFor(START, () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));

		this.browser.find(".site-nav a[href='/sandboxes']").click();
		this.browser.waitFor(START, () -> this.browser.driver().getCurrentUrl().endsWith("/sandboxes"));
		this.browser.find("tr[data-exercise='decode-capeff'] a[href='/labs/decode-capeff']").click();
		this.browser.waitFor(START, () -> this.browser.driver().getCurrentUrl().endsWith("/labs/decode-capeff"));
		this.browser.waitFor(START, () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));
		assertThat(this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().equals(LEARNER))
			.count().block()).as("Open went back to the same sandbox").isEqualTo(3);

		this.browser.size(390, 844);
		this.browser.open("/sandboxes?lang=fr");
		assertThat(this.browser.find("h1").getText()).isEqualTo("Mes bacs à sable");
		assertThat(this.browser.find("tr[data-exercise='decode-capeff']").getText()).containsPattern("\\d+ min restantes")
			.contains("Ouvrir").contains("Arrêter");
		assertThat((Boolean) this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
			.as("the page fits the phone").isTrue();
		assertThat(this.browser.accessibilityViolations()).as("/sandboxes on a phone").isEmpty();
		this.browser.screenshot("my-sandboxes-fr-phone.png");
	}

}
