package io.cagelab.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The everyday pages swept by axe-core in Chromium, as each reader meets them (anonymous, learner, trainer, admin), at
 * 1280x800 and on a 390x844 phone, in English and in French: nothing serious or critical on any of them, and none
 * wider than the phone. A screenshot of
 * each page is written to {@code target/screenshots/}.
 */
@Tag("browser")
class AccessibilityEndToEndTests extends IntegrationTest {

	private static final int[][] SIZES = { { 1280, 800 }, { 390, 844 } };

	private final Map<String, List<String>> violations = new LinkedHashMap<>();

	private final List<String> tooWide = new ArrayList<>();

	@Test
	void everyEverydayPageHasNoSeriousAccessibilityViolationOnADesktopOrAPhone() {
		learner("a11y-learner");
		loggedIn("a11y-trainer", "TRAINER");
		sweep(null, null, List.of("/", "/login", "/modules", "/modules/fork-bomb", "/modules/nope"));
		sweep("a11y-learner", LEARNER_PASSWORD,
				List.of("/", "/modules", "/modules/best-practices", "/labs", "/sandboxes", "/labs/nope"));
		sweep("a11y-trainer", LEARNER_PASSWORD, List.of("/admin/users"));
		sweep("admin", ADMIN_PASSWORD, List.of("/admin/users", "/admin/host"));

		assertThat(this.violations).as("serious or critical axe-core violations, by page").isEmpty();
		assertThat(this.tooWide).as("pages wider than a 390 px phone").isEmpty();
	}

	private void sweep(String username, String password, List<String> paths) {
		try (Chromium browser = new Chromium("http://localhost:" + this.port)) {
			if (username != null) {
				browser.logIn(username, password, "en");
			}
			for (String language : new String[] { "en", "fr" }) {
				for (int[] size : SIZES) {
					browser.size(size[0], size[1]);
					for (String path : paths) {
						browser.open(path + "?lang=" + language);
						String page = ((username != null) ? username : "anonymous") + " " + path + " " + language + " "
								+ size[0] + "x" + size[1];
						List<String> found = browser.accessibilityViolations();
						if (!found.isEmpty()) {
							this.violations.put(page, found);
						}
						if (size[0] < 400 && !Boolean.TRUE.equals(browser.script(
								"return document.documentElement.scrollWidth <= window.innerWidth;"))) {
							this.tooWide.add(page);
						}
						browser.screenshot("a11y-" + ((username != null) ? username : "anonymous")
								+ path.replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "") + "-" + language + "-" + size[0]
								+ ".png");
					}
				}
			}
			assertThat(browser.policyViolations()).as("Content-Security-Policy violations").isEmpty();
		}
	}

}
