package io.cagelab;

import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages used in one real Chromium, opened before each test and closed after it; a page that broke the
 * Content-Security-Policy fails the test that opened it.
 */
@Tag("browser")
public abstract class BrowserTest extends IntegrationTest {

	@Autowired
	protected SandboxService sandboxes;

	protected Chromium browser;

	@BeforeEach
	void openBrowser() {
		this.browser = new Chromium("http://localhost:" + this.port);
	}

	@AfterEach
	void closeBrowser() {
		try {
			assertThat(this.browser.policyViolations()).as("Content-Security-Policy violations").isEmpty();
		}
		finally {
			this.browser.close();
		}
	}

	/** Close every sandbox the named learner left open, so that no container outlives its test. */
	protected void closeSandboxesOf(String owner) {
		Viewer system = Viewer.system();
		this.sandboxes.list(system).filter((sandbox) -> sandbox.ownerName().equals(owner))
			.concatMap((sandbox) -> this.sandboxes.close(system, sandbox.id())).blockLast();
	}

}
