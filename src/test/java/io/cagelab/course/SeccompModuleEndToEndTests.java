package io.cagelab.course;

import java.time.Duration;
import java.util.List;

import io.cagelab.BrowserTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seccomp module in Chromium: its page in both languages with its own diagram, axe-core clean on a desktop and a
 * phone; its lab done in the terminal as a learner would (the instructions' commands sent to the shell), then
 * checked to full marks. Screenshots go to {@code target/screenshots/}.
 */
class SeccompModuleEndToEndTests extends BrowserTest {

	private static final String LEARNER = "secc-learner";

	private static final Duration READY = Duration.ofSeconds(60);

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(LEARNER);
	}

	@Test
	void theModulePageTeachesInBothLanguagesWithItsDiagramOnADesktopAndAPhone() {
		for (String language : List.of("en", "fr")) {
			for (int width : List.of(1280, 390)) {
				this.browser.size(width, (width == 390) ? 844 : 800);
				this.browser.open("/modules/seccomp?lang=" + language);
				assertThat(this.browser.find("h1").getText())
					.startsWith(language.equals("en") ? "Seccomp, AppArmor and SELinux" : "Seccomp, AppArmor et SELinux");
				String diagram = "/modules/seccomp/syscall-path." + language + ".svg";
				this.browser.waitFor(READY, () -> Boolean.TRUE.equals(this.browser.script(
						"const img = document.querySelector('img[src=\"' + arguments[0] + '\"]');"
								+ " return img !== null && img.complete && img.naturalWidth > 0;", diagram)));
				assertThat(this.browser.accessibilityViolations()).as("/modules/seccomp (%s, %d px)", language, width)
					.isEmpty();
				assertThat(this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
					.as("no sideways scrolling at %d px", width).isEqualTo(true);
				for (String lab : List.of("seccomp-filter", "restore-the-filters", "seccomp-quiz")) {
					assertThat(this.browser.findAll("a[href='/labs/" + lab + "']")).as("links %s", lab).isNotEmpty();
				}
				this.browser.screenshot("seccomp-module-" + language + "-" + width + ".png");
			}
		}
	}

	@Test
	void theLabIsDoneInTheTerminalAndChecksToFullMarks() {
		learner(LEARNER);
		this.browser.logIn(LEARNER, LEARNER_PASSWORD, "en");
		this.browser.size(1280, 800);
		this.browser.open("/labs/seccomp-filter?lang=en");
		this.browser.waitFor(READY, () -> "ready".equals(this.browser.script("return document.body.dataset.terminal;")));
		this.browser.script("""
				document.dispatchEvent(new CustomEvent('cagelab:run-command', { detail: { command:
				  "grep Seccomp /proc/self/status | tee ~/seccomp.txt; unshare --user true 2> ~/unshare.txt; cat ~/unshare.txt;"
				  + " perl -e 'syscall(250, 0, -3, 0) == -1 and print \\"keyctl: $!\\\\n\\"' | tee ~/keyctl.txt" } }));""");
		this.browser.waitFor(READY, () -> screen().contains("keyctl: Operation not permitted"));
		assertThat(screen()).containsPattern("Seccomp:\\s+2").contains("unshare: unshare failed: Operation not permitted");
		assertThat(this.browser.accessibilityViolations()).as("the seccomp lab with its terminal").isEmpty();
		this.browser.screenshot("seccomp-lab-terminal.png");

		// The question: the second choice is the filter.
		this.browser.script("document.querySelectorAll('[data-quiz] input')[1].click();");
		this.browser.find("#lab-check").click();
		this.browser.waitFor(READY, () -> "7".equals(score()));
		assertThat(this.browser.findAll("#lab-results .check-failed")).isEmpty();
		assertThat(this.browser.accessibilityViolations()).as("the seccomp lab, checked").isEmpty();
		this.browser.screenshot("seccomp-lab-checked.png");
	}

	private String screen() {
		return this.browser.find("#terminal .xterm-rows").getText();
	}

	private String score() {
		return this.browser.findAll("#lab-results[aria-busy=false] [data-score]").stream().findFirst()
			.map((element) -> element.getDomAttribute("data-score")).orElse("");
	}

}
