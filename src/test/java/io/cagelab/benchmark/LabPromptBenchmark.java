package io.cagelab.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cagelab.BrowserTest;
import io.cagelab.Percentiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * From opening a terminal lab in Chromium (navigation start) to a usable prompt (drawn, and the page marked
 * {@code body[data-terminal=ready]}: a key typed then reaches the shell), for a new sandbox and for one rejoined,
 * 5 runs each: reported in {@code target/benchmarks/lab-prompt.txt}, not asserted. Not part of the test
 * suite: {@code ./mvnw test -Dtest=LabPromptBenchmark}.
 */
class LabPromptBenchmark extends BrowserTest {

	private static final String LEARNER = "bench-prompt";

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(LEARNER);
	}

	@Test
	void timeFromOpeningALabToAUsablePrompt() throws Exception {
		learner(LEARNER);
		this.browser.size(1280, 800);
		this.browser.logIn(LEARNER, LEARNER_PASSWORD, "en");
		List<Double> fresh = new ArrayList<>();
		List<Double> rejoined = new ArrayList<>();
		for (int run = 0; run < 5; run++) {
			closeSandboxesOf(LEARNER);
			fresh.add(promptAfterNavigation());
			rejoined.add(promptAfterNavigation());
		}
		String report = "Opening a terminal lab (navigation start to a usable prompt), Chromium, 5 runs:\n"
				+ "  new sandbox:      median " + Percentiles.of(fresh, 0.5) + " ms, runs " + fresh + "\n"
				+ "  sandbox rejoined: median " + Percentiles.of(rejoined, 0.5) + " ms, runs " + rejoined + "\n";
		System.out.print(report);
		Files.writeString(Files.createDirectories(Path.of("target", "benchmarks")).resolve("lab-prompt.txt"), report);
	}

	private double promptAfterNavigation() {
		this.browser.open("/labs/shared-kernel");
		Object drawn = ((ChromeDriver) this.browser.driver()).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const drawn = () => {
				  const rows = document.querySelector('#terminal .xterm-rows');
				  return rows !== null && rows.textContent.includes('learner@sandbox')
				    && document.body.dataset.terminal === 'ready';
				};
				if (drawn()) { done(performance.now()); return; }
				new MutationObserver((changes, observer) => {
				  if (drawn()) { observer.disconnect(); done(performance.now()); }
				}).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
				""");
		return Math.round(((Number) drawn).doubleValue());
	}

}
