package io.cagelab.classroom;

import java.time.Duration;
import java.util.List;

import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class in two real browsers: a trainer creates it and follows it live; a newcomer joins with the code, runs a fork
 * bomb and hands in work; the trainer watches, messages, resets and exports, without ever reloading the dashboard.
 */
@Tag("browser")
class ClassroomEndToEndTests extends IntegrationTest {

	static final String LEARNER = "e2e-newcomer";

	static final String LEARNER_PASS = "newcomer-pass-1";

	@Autowired
	SandboxService sandboxes;

	@Autowired
	ExerciseCatalog catalog;

	Chromium trainer;

	Chromium learner;

	@AfterEach
	void closeBrowsersAndSandboxes() {
		try {
			for (Chromium browser : new Chromium[] { this.trainer, this.learner }) {
				if (browser != null) {
					assertThat(browser.policyViolations()).as("Content-Security-Policy violations").isEmpty();
				}
			}
		}
		finally {
			for (Chromium browser : new Chromium[] { this.trainer, this.learner }) {
				if (browser != null) {
					browser.close();
				}
			}
			this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().equals(LEARNER))
				.concatMap((sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id())).blockLast();
		}
	}

	@Test
	void aTrainerRunsAClassLiveWhileANewcomerWorks() {
		String base = "http://localhost:" + this.port;
		loggedIn("e2e-trainer", "TRAINER");
		this.trainer = new Chromium(base);
		this.learner = new Chromium(base);

		// The trainer creates the class from the classes page and lands on its dashboard.
		this.trainer.logIn("e2e-trainer", LEARNER_PASSWORD, "en");
		this.trainer.open("/classes");
		assertThat(this.trainer.accessibilityViolations()).as("classes page").isEmpty();
		this.trainer.find("#create-class input[name=name]").sendKeys("Monday group");
		this.trainer.find("#create-class input[name=seats]").sendKeys("30");
		this.trainer.find("#create-class button[type=submit]").click();
		this.trainer.waitFor(Duration.ofSeconds(10), () -> this.trainer.driver().getCurrentUrl().matches(".*/classes/[0-9a-f-]{36}"));
		this.trainer.waitFor(Duration.ofSeconds(10), () -> this.trainer.find("#dashboard-connection").getText().startsWith("Live"));
		String code = this.trainer.find(".dashboard-facts code").getText();

		// A newcomer joins with the code, in a browser of their own.
		this.learner.open("/join/" + code + "?lang=en");
		this.learner.find("#join-username").sendKeys(LEARNER);
		this.learner.find("#join-password").sendKeys(LEARNER_PASS);
		new Select(this.learner.find("#join-language")).selectByValue("en");
		this.learner.find("#join-password").submit();
		this.learner.waitFor(Duration.ofSeconds(15), () -> this.learner.driver().getCurrentUrl().contains("/classes?joined="));
		this.trainer.waitFor(Duration.ofSeconds(2), () -> !rows().isEmpty() && rows().get(0).getText().contains(LEARNER));

		// The newcomer opens a lab and runs a fork bomb: the dashboard shows the live sandbox.
		this.learner.open("/labs/fork-bomb-contained");
		this.learner.waitFor(Duration.ofSeconds(30), () -> "ready".equals(this.learner.find("#lab-status").getDomAttribute("data-state")));
		this.learner.waitFor(Duration.ofSeconds(10), () -> screen(this.learner).contains("learner@sandbox"));
		this.trainer.waitFor(Duration.ofSeconds(2), () -> row().getText().contains("min left"));
		terminal(this.learner).sendKeys(":(){ :|:& };:" + Keys.ENTER);
		this.learner.waitFor(Duration.ofSeconds(40), () -> this.learner.find("[data-gauge='pids']").getDomAttribute("class")
			.contains("gauge-full"));

		// The trainer watches the terminal: the learner is told, and the trainer sees what the learner types.
		String watchUrl = row().findElement(By.cssSelector(".sandbox-actions a")).getDomAttribute("href");
		String dashboard = this.trainer.driver().getWindowHandle();
		this.trainer.driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
		this.trainer.open(watchUrl);
		this.learner.waitFor(Duration.ofSeconds(5), () -> this.learner.find("#lab-watched").getText().contains("e2e-trainer"));
		this.learner.find("#lab-reset").click();
		// Removing a container full of forking processes takes the engine a while on a busy host.
		this.learner.waitFor(Duration.ofSeconds(60), () -> "ready".equals(this.learner.find("#lab-status").getDomAttribute("data-state")));
		this.learner.waitFor(Duration.ofSeconds(15), () -> screen(this.learner).contains("learner@sandbox"));
		terminal(this.learner).sendKeys("echo watched-$((40+2))" + Keys.ENTER);
		this.trainer.waitFor(Duration.ofSeconds(10), () -> screen(this.trainer).contains("watched-42"));
		this.trainer.screenshot("classroom-watch.png");
		this.learner.screenshot("classroom-learner-watched.png");
		this.trainer.driver().close();
		this.trainer.driver().switchTo().window(dashboard);

		// The newcomer hands in a Dockerfile: the cell changes without a reload.
		this.learner.open("/labs/non-root-dockerfile");
		this.learner.find("#artifact").sendKeys(this.catalog.exercise("non-root-dockerfile").block().solution());
		this.learner.find("#lab-check").click();
		this.learner.waitFor(Duration.ofSeconds(15), () -> !this.learner.findAll("[data-score]").isEmpty());
		long handedIn = System.nanoTime();
		this.trainer.waitFor(Duration.ofSeconds(2), () -> cell("non-root-dockerfile").getDomAttribute("class").contains("cell-passed"));
		long seen = System.nanoTime();
		assertThat(Duration.ofNanos(seen - handedIn)).isLessThan(Duration.ofSeconds(2));

		// The trainer reads the attempt, keyboard only: Tab to the cell, Enter, read, Escape.
		WebElement cellButton = cell("non-root-dockerfile").findElement(By.tagName("button"));
		this.trainer.script("arguments[0].focus();", row().findElement(By.cssSelector(".sandbox-actions a")));
		for (int i = 0; i < 40 && !cellButton.equals(this.trainer.driver().switchTo().activeElement()); i++) {
			new Actions(this.trainer.driver()).sendKeys(Keys.TAB).perform();
		}
		assertThat(this.trainer.driver().switchTo().activeElement()).isEqualTo(cellButton);
		new Actions(this.trainer.driver()).sendKeys(Keys.ENTER).perform();
		this.trainer.waitFor(Duration.ofSeconds(5), () -> this.trainer.find("#drill-body").getText().contains("USER"));
		assertThat(this.trainer.accessibilityViolations()).as("drill-down").isEmpty();
		this.trainer.screenshot("classroom-drill-down.png");
		new Actions(this.trainer.driver()).sendKeys(Keys.ESCAPE).perform();
		this.trainer.waitFor(Duration.ofSeconds(2), () -> !this.trainer.find("#drill").isDisplayed());

		// A message to the class reaches the learner's open page.
		this.trainer.find("#class-message-text").sendKeys("Pause: back at 10:30");
		this.trainer.find("#class-message button[type=submit]").click();
		this.learner.waitFor(Duration.ofSeconds(3), () -> this.learner.find("#messages").getText().contains("Pause: back at 10:30"));
		assertThat(this.learner.script("const r = document.querySelector('#messages .message').getBoundingClientRect();"
				+ " return r.top >= 0 && r.bottom <= window.innerHeight;")).as("the message is in view, however far the page is scrolled").isEqualTo(true);
		this.learner.screenshot("classroom-learner-message.png");

		// The trainer resets the learner's sandbox from the dashboard.
		this.learner.open("/labs/fork-bomb-contained");
		this.learner.waitFor(Duration.ofSeconds(30), () -> "ready".equals(this.learner.find("#lab-status").getDomAttribute("data-state")));
		String before = sandboxContainer();
		// Back to the start of the row, as a person scrolls back after reading the exercises on the right.
		this.trainer.script("document.querySelector('.table-scroll').scrollLeft = 0;");
		// The row is redrawn live as the learner's sandbox starts: a row found just before a redraw is found again.
		for (int attempt = 0; ; attempt++) {
			try {
				row().findElements(By.cssSelector(".sandbox-actions button")).get(0).click();
				break;
			}
			catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
				if (attempt == 5) {
					throw redrawn;
				}
			}
		}
		this.trainer.waitFor(Duration.ofSeconds(15), () -> this.trainer.find("#dashboard-announce").getText().contains("was reset"));
		assertThat(sandboxContainer()).isNotEqualTo(before);

		assertThat(this.trainer.accessibilityViolations()).as("dashboard").isEmpty();
		this.trainer.screenshot("classroom-dashboard.png");

		// The gradebook downloads with the learner's row.
		this.trainer.find(".dashboard-exports a").click();
		String gradebook = this.trainer.downloaded("Monday-group-gradebook.csv", Duration.ofSeconds(10));
		assertThat(gradebook.lines()).anyMatch((line) -> line.startsWith(LEARNER + ",non-root-dockerfile,")
				&& line.contains(",true,"));

		// The learner's own marks, and the dashboard on a phone.
		this.learner.open("/labs");
		this.learner.screenshot("classroom-learner-progress.png");
		this.learner.open("/classes");
		assertThat(this.learner.find(".class-place").getText()).isEqualTo("1 of " + this.catalog.exercises().block().size() + " exercises passed");
		this.trainer.size(390, 844);
		this.trainer.screenshot("classroom-dashboard-phone.png");
		assertThat(this.trainer.script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"))
			.as("the page is no wider than a phone").isEqualTo(true);
		assertThat(this.trainer.script("""
				return [...document.querySelectorAll('body *')]
				  .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
				  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
				""")).as("what is wider than a phone, outside the table that scrolls").isEqualTo(List.of());
		assertThat(this.trainer.accessibilityViolations()).as("dashboard on a phone").isEmpty();
	}

	private List<WebElement> rows() {
		return this.trainer.findAll("#progress-body tr");
	}

	private WebElement row() {
		return this.trainer.find("#progress-body tr");
	}

	private WebElement cell(String exercise) {
		return row().findElement(By.cssSelector("td[data-exercise='" + exercise + "']"));
	}

	private String sandboxContainer() {
		return this.sandboxes.list(Viewer.system()).filter((sandbox) -> sandbox.ownerName().equals(LEARNER)
				&& sandbox.exerciseId().equals("fork-bomb-contained")).blockFirst().containerId();
	}

	private static WebElement terminal(Chromium browser) {
		return browser.find("#terminal .xterm-helper-textarea");
	}

	private static String screen(Chromium browser) {
		return browser.find("#terminal .xterm-rows").getText();
	}

}
