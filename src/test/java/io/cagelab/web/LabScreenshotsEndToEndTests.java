package io.cagelab.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cagelab.BrowserTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three kinds of lab page as a learner leaves them after some work (a terminal at its prompt, a handed-in run line
 * with its verdicts, an answered quiz), in both languages, at 1280x800, on a 390x844 phone and in dark mode: each
 * fits its screen, axe-core finds nothing serious on it, and its screenshot is written to {@code target/screenshots/}.
 */
class LabScreenshotsEndToEndTests extends BrowserTest {

	private static final String LEARNER = "shots-learner";

	private static final Duration READY = Duration.ofSeconds(40);

	@BeforeEach
	void start() {
		learner(LEARNER);
	}

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(LEARNER);
	}

	@Test
	void aTerminalLabAHandInAndAQuizInBothLanguagesOnEveryScreen() {
		this.browser.logIn(LEARNER, LEARNER_PASSWORD, "en");
		List<String> problems = new ArrayList<>();
		for (String language : List.of("en", "fr")) {
			for (String look : List.of("desktop", "phone", "dark")) {
				this.browser.colorScheme(look.equals("dark") ? "dark" : "light");
				if (look.equals("phone")) {
					this.browser.size(390, 844);
				}
				else {
					this.browser.size(1280, 800);
				}
				terminalLab(language);
				check(problems, "lab-shot-terminal-" + language + "-" + look);
				handIn(language);
				check(problems, "lab-shot-hand-in-" + language + "-" + look);
				quiz(language);
				check(problems, "lab-shot-quiz-" + language + "-" + look);
			}
		}
		assertThat(problems).isEmpty();
	}

	private void terminalLab(String language) {
		this.browser.open("/labs/shared-kernel?lang=" + language);
		this.browser.waitFor(READY, () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));
		this.browser.waitFor(READY, () -> String.valueOf(this.browser.script(
				"return document.querySelector('#terminal .xterm-rows').textContent;")).contains("learner@sandbox"));
		this.browser.waitFor(READY, () -> !"–".equals(this.browser.find("[data-gauge=pids] .gauge-value").getText()));
	}

	private void handIn(String language) {
		this.browser.open("/labs/harden-a-run-line?lang=" + language);
		this.browser.script("const editor = document.getElementById('artifact');"
				+ " editor.value = 'docker run --cap-drop ALL --read-only cagelab/sandbox:1';"
				+ " editor.dispatchEvent(new Event('input', { bubbles: true }));");
		checkMyWork();
	}

	private void quiz(String language) {
		this.browser.open("/labs/hardening-quiz?lang=" + language);
		this.browser.script("for (const question of document.querySelectorAll('[data-quiz]')) {"
				+ " question.querySelector('input').click(); }");
		checkMyWork();
	}

	private void checkMyWork() {
		// The verdicts of this hand-in, not the restored ones of the last: the grade is back once the check is no longer busy.
		this.browser.find("#lab-check").click();
		this.browser.waitFor(READY, () -> !this.browser.findAll("#lab-results[aria-busy=false] [data-score]").isEmpty()
				&& this.browser.findAll("#lab-results .check-restored").isEmpty());
	}

	private void check(List<String> problems, String name) {
		List<String> violations = this.browser.accessibilityViolations();
		if (!violations.isEmpty()) {
			problems.add(name + ": " + violations);
		}
		if (!Boolean.TRUE.equals(this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))) {
			problems.add(name + ": wider than the screen");
		}
		this.browser.screenshot(name + ".png");
	}

}
