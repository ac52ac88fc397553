package io.cagelab.exercise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.course.Language;
import io.cagelab.security.Viewer;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner in a real headless Chromium: log in, open a lab, use the terminal, run a fork bomb, reset.
 */
@Tag("browser")
class LabPageEndToEndTests extends IntegrationTest {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@Autowired
	SandboxService sandboxes;

	WebDriver browser;

	Path profile;

	@org.springframework.beans.factory.annotation.Autowired
	ExerciseCatalog catalog;

	@BeforeEach
	void startBrowser() throws Exception {
		learner("e2e-learner");
		this.profile = Files.createTempDirectory("cagelab-chromium-");
		this.browser = Chromium.headless(this.profile);
	}

	@AfterEach
	void stopBrowser() throws Exception {
		try {
			if (this.browser != null) {
				assertThat(policyViolations()).as("Content-Security-Policy violations the browser reported").isEmpty();
			}
		}
		finally {
			if (this.browser != null) {
				this.browser.quit();
			}
			closeSandboxesAndProfile();
		}
	}

	private void closeSandboxesAndProfile() throws Exception {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().equals("e2e-learner"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@Test
	void aLearnerUsesTheTerminalSurvivesAForkBombAndResets() throws Exception {
		String base = "http://localhost:" + this.port;
		logIn(base, "en");

		this.browser.get(base + "/labs/fork-bomb-contained");
		waitFor(Duration.ofSeconds(30), () -> "ready".equals(status().getDomAttribute("data-state")));
		waitFor(Duration.ofSeconds(10), () -> screen().contains("learner@sandbox"));

		keyboard().sendKeys("id" + Keys.ENTER);
		waitFor(Duration.ofSeconds(10), () -> screen().contains("uid=10") && screen().contains("gid=1000(learner)"));

		keyboard().sendKeys(":(){ :|:& };:" + Keys.ENTER);
		waitFor(Duration.ofSeconds(40), () -> this.browser.findElement(By.cssSelector("[data-gauge='pids']"))
			.getDomAttribute("class").contains("gauge-full"));
		assertThat(gaugeValue("pids")).isBetween(122L, 128L);
		long started = System.nanoTime();
		Object answer = ((JavascriptExecutor) this.browser).executeScript("return document.title.length + 1;");
		assertThat(answer).isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("page responsive").isLessThan(Duration.ofSeconds(2));
		screenshot("lab-fork-bomb.png");

		this.browser.findElement(By.id("lab-reset")).click();
		waitFor(Duration.ofSeconds(30), () -> "ready".equals(status().getDomAttribute("data-state")));
		waitFor(Duration.ofSeconds(15), () -> screen().contains("learner@sandbox") && !screen().contains(":(){"));
		waitFor(Duration.ofSeconds(15), () -> gaugeValue("pids") < 10);
		keyboard().sendKeys("echo fresh-$((20+1))" + Keys.ENTER);
		waitFor(Duration.ofSeconds(10), () -> screen().contains("fresh-21"));
		screenshot("lab.png");
	}

	/** Keys the shell does not read are dropped, and the page says so in the learner's language, then carries on. */
	@Test
	void aLearnerIsToldInTheirLanguageWhenKeysAreDropped() throws Exception {
		String base = "http://localhost:" + this.port;
		logIn(base, "fr");
		this.browser.get(base + "/labs/shared-kernel");
		waitFor(Duration.ofSeconds(30), () -> "ready".equals(status().getDomAttribute("data-state")));
		String ready = status().getText();
		keyboard().sendKeys("stty raw -echo; sleep 600" + Keys.ENTER);
		waitFor(Duration.ofSeconds(10), () -> screen().contains("sleep 600"));
		// Pasted 1,500 times, 2 KB each: far more than the TTY and the server hold for a program that reads nothing.
		((JavascriptExecutor) this.browser).executeScript("""
				const input = document.querySelector('#terminal .xterm-helper-textarea');
				const keys = 'x'.repeat(2048);
				for (let i = 0; i < 1500; i++) {
				  const data = new DataTransfer();
				  data.setData('text/plain', keys);
				  input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
				}
				""");
		waitFor(Duration.ofSeconds(20), () -> "note".equals(status().getDomAttribute("data-state")));
		assertThat(status().getText()).startsWith("Des touches ont été perdues");
		screenshot("lab-input-dropped.png");
		waitFor(Duration.ofSeconds(15), () -> ready.equals(status().getText()));
	}

	/**
	 * The first attempt says what is wrong and gives the hint, the exact fix held back; the second gives the fix and
	 * a stronger hint; full marks at the third.
	 */
	@Test
	void aLearnerHandsInARunLineAndSeesEveryCheckExplained() throws Exception {
		Exercise exercise = this.catalog.exercise("harden-a-run-line").block();
		Check forkBombCheck = exercise.check("fork-bomb").orElseThrow();
		String base = "http://localhost:" + this.port;
		logIn(base, "fr");

		this.browser.get(base + "/labs/harden-a-run-line");
		WebElement editor = this.browser.findElement(By.id("artifact"));
		editor.sendKeys("docker run -d --privileged web:1.4");
		this.browser.findElement(By.id("lab-check")).click();
		waitForAttempt(1);
		WebElement forkBomb = this.browser.findElement(By.cssSelector("[data-check='fork-bomb']"));
		assertThat(forkBomb.getDomAttribute("class")).contains("check-failed");
		assertThat(forkBomb.getText()).contains("HR-09").contains("CIS 5.29").contains("ligne 1")
			.contains("Pas de limite de processus valide").contains("fork bomb")
			.contains("La correction exacte est montrée à partir de la tentative 2")
			.doesNotContain("Ajoutez --pids-limit")
			.contains(forkBombCheck.hint(Language.FR));
		assertThat(this.browser.findElements(By.cssSelector(".check-hint-stronger"))).isEmpty();
		screenshot("lab-check.png");

		// The same line again: now the exact fix, and a stronger hint.
		this.browser.findElement(By.id("lab-check")).click();
		waitForAttempt(2);
		forkBomb = this.browser.findElement(By.cssSelector("[data-check='fork-bomb']"));
		assertThat(forkBomb.getText()).contains("Ajoutez --pids-limit, par exemple --pids-limit 100")
			.doesNotContain("La correction exacte est montrée")
			.contains(forkBombCheck.strongerHint(Language.FR));
		assertThat(forkBomb.findElement(By.cssSelector(".check-hint-stronger")).getText())
			.contains(forkBombCheck.strongerHint(Language.FR));

		editor.clear();
		editor.sendKeys("docker run -d --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges"
				+ " --pids-limit 100 --memory 256m --memory-swap 256m --read-only web:1.4");
		this.browser.findElement(By.id("lab-check")).click();
		String fullMarks = String.valueOf(exercise.maxScore());
		waitFor(Duration.ofSeconds(20), () -> fullMarks.equals(this.browser.findElement(By.cssSelector("[data-score]"))
			.getDomAttribute("data-score")));
		assertThat(this.browser.findElements(By.cssSelector(".check-failed"))).isEmpty();
	}

	@Test
	void aLearnerAnswersAQuizByTickingChoices() throws Exception {
		String base = "http://localhost:" + this.port;
		logIn(base, "en");
		Exercise quiz = this.catalog.exercise("capabilities-quiz").block();
		this.browser.get(base + "/labs/capabilities-quiz");
		for (Check check : quiz.checks()) {
			for (int choice : ((Check.Quiz) check).answer()) {
				this.browser.findElement(By.cssSelector("[data-quiz='" + check.id() + "'] input[value='" + choice + "']"))
					.click();
			}
		}
		this.browser.findElement(By.id("lab-check")).click();
		waitFor(Duration.ofSeconds(10), () -> String.valueOf(quiz.maxScore()).equals(this.browser
			.findElement(By.cssSelector("[data-score]")).getDomAttribute("data-score")));
		assertThat(this.browser.findElement(By.cssSelector("[data-check='" + quiz.checks().get(0).id() + "']")).getText())
			.contains(((Check.Quiz) quiz.checks().get(0)).question(io.cagelab.course.Language.EN))
			.contains(((Check.Quiz) quiz.checks().get(0)).explanation(io.cagelab.course.Language.EN));
		screenshot("quiz.png");
	}

	@Test
	void thePageScriptsSendTheNewTokenAfterLoggingOutAndInAgain() {
		String base = "http://localhost:" + this.port;
		logIn(base, "en");
		this.browser.findElement(By.cssSelector(".viewer form button[type=submit]")).click();
		waitFor(Duration.ofSeconds(15), () -> this.browser.getCurrentUrl().equals(base + "/login?logout"));
		logIn(base, "en");

		// check.js reads the XSRF-TOKEN cookie when it posts: the token the last login put there must be the session's.
		Exercise quiz = this.catalog.exercise("capabilities-quiz").block();
		this.browser.get(base + "/labs/capabilities-quiz");
		this.browser.findElement(By.id("lab-check")).click();
		waitFor(Duration.ofSeconds(10), () -> !this.browser.findElements(By.cssSelector("[data-score]")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("[data-check]"))).hasSize(quiz.checks().size());
	}

	@Test
	void theBrowsersPolicyReportsAreCaught() {
		// The check every test ends with, shown to work: an inline style on a page whose policy forbids them.
		String base = "http://localhost:" + this.port;
		this.browser.get(base + "/login");
		((JavascriptExecutor) this.browser)
			.executeScript("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>');");
		waitFor(Duration.ofSeconds(5), () -> !policyViolations().isEmpty());
	}

	/** What the browser logged since the last call about resources its Content-Security-Policy refused. */
	private List<String> policyViolations() {
		return this.browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy")).toList();
	}

	/** Log in through the form, as a learner would. */
	private void logIn(String base, String language) {
		this.browser.get(base + "/login?lang=" + language);
		this.browser.findElement(By.id("username")).sendKeys("e2e-learner");
		this.browser.findElement(By.id("password")).sendKeys(LEARNER_PASSWORD);
		// Submit from the page itself: the driver then does not wait, with the page, on whatever the browser does
		// after a password form.
		((JavascriptExecutor) this.browser).executeScript("document.getElementById('password').form.submit();");
		waitFor(Duration.ofSeconds(15), () -> this.browser.getCurrentUrl().equals(base + "/"));
	}

	private WebElement status() {
		return this.browser.findElement(By.id("lab-status"));
	}

	private WebElement keyboard() {
		return this.browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea"));
	}

	private String screen() {
		return this.browser.findElement(By.cssSelector("#terminal .xterm-rows")).getText();
	}

	private long gaugeValue(String name) {
		String value = this.browser.findElement(By.cssSelector("[data-gauge='" + name + "'] .gauge-bar"))
			.getDomAttribute("aria-valuenow");
		return (value != null) ? Math.round(Double.parseDouble(value)) : 0;
	}

	private void screenshot(String name) throws Exception {
		Path file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.createDirectories(SCREENSHOTS);
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	/** Wait until the results of that attempt are shown. */
	private void waitForAttempt(int attempt) {
		waitFor(Duration.ofSeconds(20), () -> !this.browser.findElements(
				By.cssSelector("[data-score][data-attempt='" + attempt + "']")).isEmpty());
	}

	private void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
		// The page redraws what the test reads: an element found just before a redraw is simply looked for again.
		new WebDriverWait(this.browser, timeout).pollingEvery(Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.withMessage(() -> this.browser.findElements(By.id("terminal")).isEmpty() ? "page: " + this.browser.getPageSource()
					: "status: " + status().getText() + "; screen:\n" + screen())
			.until((driver) -> condition.getAsBoolean());
	}

}
