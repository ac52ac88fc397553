package io.cagelab.terminal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.cagelab.BrowserSession;
import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.course.Language;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner and their trainer, each in a real headless Chromium: the trainer's watch page shows what the learner
 * types, and the learner's lab page says plainly who watches, for as long as they do.
 */
@Tag("browser")
class WatchPageEndToEndTests extends IntegrationTest {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@Autowired
	SandboxService sandboxes;

	@Autowired
	ExerciseCatalog catalog;

	final List<WebDriver> browsers = new ArrayList<>();

	final List<Path> profiles = new ArrayList<>();

	@AfterEach
	void stopBrowsers() throws Exception {
		try {
			for (WebDriver browser : this.browsers) {
				assertThat(policyViolations(browser)).as("Content-Security-Policy violations the browser reported").isEmpty();
			}
		}
		finally {
			this.browsers.forEach(WebDriver::quit);
			Viewer admin = Viewer.system();
			this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().startsWith("wpage-"))
				.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
			for (Path profile : this.profiles) {
				try (var files = Files.walk(profile)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
		}
	}

	@Test
	void theTrainerWatchesWhatTheLearnerTypesAndTheLearnerSeesTheyAreWatched() throws Exception {
		BrowserSession trainer = loggedIn("wpage-trainer", "TRAINER");
		String code = (String) trainer.postJson("/api/classes", Map.of("name", "Watched page", "exercises",
				List.of("shared-kernel"))).expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody().get("joinCode");
		learner("wpage-learner").postJson("/api/join", Map.of("code", code)).expectStatus().is2xxSuccessful();
		String base = "http://localhost:" + this.port;

		WebDriver learner = startBrowser();
		logIn(learner, base, "wpage-learner", "en");
		learner.get(base + "/labs/shared-kernel");
		waitFor(learner, Duration.ofSeconds(30), () -> "ready".equals(learner.findElement(By.id("lab-status"))
			.getDomAttribute("data-state")));
		assertThat(banner(learner)).as("nobody watches yet").isEmpty();
		keyboard(learner).sendKeys("echo typed-before-$((6*7))" + Keys.ENTER);
		waitFor(learner, Duration.ofSeconds(10), () -> screen(learner).contains("typed-before-42"));
		String sandboxId = this.sandboxes.list(Viewer.system())
			.filter((sandbox) -> sandbox.ownerName().equals("wpage-learner")).blockFirst().id();

		WebDriver watcher = startBrowser();
		logIn(watcher, base, "wpage-trainer", "en");
		watcher.get(base + "/sandboxes/" + sandboxId + "/watch");
		waitFor(watcher, Duration.ofSeconds(15), () -> screen(watcher).contains("typed-before-42"));
		assertThat(watcher.findElement(By.id("watch-status")).getText())
			.isEqualTo("You are watching the terminal of wpage-learner, live.");
		assertThat(watcher.findElement(By.cssSelector("main")).getText()).contains("wpage-learner")
			.contains(this.catalog.exercise("shared-kernel").block().title(Language.EN));

		waitFor(learner, Duration.ofSeconds(10),
				() -> banner(learner).equals("Your trainer wpage-trainer is watching your terminal."));
		assertThat(learner.findElement(By.id("lab-watched")).getDomAttribute("aria-live")).isEqualTo("polite");
		keyboard(learner).sendKeys("echo typed-live-$((7*7))" + Keys.ENTER);
		waitFor(watcher, Duration.ofSeconds(10), () -> screen(watcher).contains("typed-live-49"));
		screenshot(watcher, "watch-trainer.png");
		screenshot(learner, "watch-learner.png");

		watcher.get(base + "/");
		waitFor(learner, Duration.ofSeconds(10), () -> banner(learner).isEmpty());
		assertThat(learner.findElement(By.id("lab-watched")).isDisplayed()).isFalse();
	}

	@Test
	void theLearnerIsToldInFrench() throws Exception {
		BrowserSession trainer = loggedIn("wpage-formateur", "TRAINER");
		String code = (String) trainer.postJson("/api/classes", Map.of("name", "Suivi", "exercises",
				List.of("shared-kernel"))).expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody().get("joinCode");
		learner("wpage-apprenant").postJson("/api/join", Map.of("code", code)).expectStatus().is2xxSuccessful();
		String base = "http://localhost:" + this.port;
		WebDriver learner = startBrowser();
		logIn(learner, base, "wpage-apprenant", "fr");
		learner.get(base + "/labs/shared-kernel");
		waitFor(learner, Duration.ofSeconds(30), () -> "ready".equals(learner.findElement(By.id("lab-status"))
			.getDomAttribute("data-state")));
		String sandboxId = this.sandboxes.list(Viewer.system())
			.filter((sandbox) -> sandbox.ownerName().equals("wpage-apprenant")).blockFirst().id();
		try (TerminalClient watch = new TerminalClient(java.net.URI.create("ws://localhost:" + this.port
				+ "/ws/sandboxes/" + sandboxId + "/watch"), trainer.cookieHeader(), base)) {
			watch.awaitStatus("following", Duration.ofSeconds(20));
			waitFor(learner, Duration.ofSeconds(10), () -> banner(learner)
				.equals("wpage-formateur, de l'équipe de formation, suit votre terminal en direct."));
			screenshot(learner, "watch-learner-fr.png");
		}
	}

	private WebDriver startBrowser() throws Exception {
		Path profile = Files.createTempDirectory("cagelab-chromium-");
		this.profiles.add(profile);
		WebDriver browser = Chromium.headless(profile);
		this.browsers.add(browser);
		return browser;
	}

	private static List<String> policyViolations(WebDriver browser) {
		return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy")).toList();
	}

	private static void logIn(WebDriver browser, String base, String username, String language) {
		browser.get(base + "/login?lang=" + language);
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(LEARNER_PASSWORD);
		((JavascriptExecutor) browser).executeScript("document.getElementById('password').form.submit();");
		waitFor(browser, Duration.ofSeconds(15), () -> browser.getCurrentUrl().equals(base + "/"));
	}

	private static String banner(WebDriver browser) {
		return browser.findElement(By.id("lab-watched")).getText();
	}

	private static org.openqa.selenium.WebElement keyboard(WebDriver browser) {
		return browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea"));
	}

	private static String screen(WebDriver browser) {
		return browser.findElement(By.cssSelector("#terminal .xterm-rows")).getText();
	}

	private static void screenshot(WebDriver browser, String name) throws Exception {
		Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.createDirectories(SCREENSHOTS);
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private static void waitFor(WebDriver browser, Duration timeout, BooleanSupplier condition) {
		new WebDriverWait(browser, timeout).pollingEvery(Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.withMessage(() -> browser.findElements(By.id("terminal")).isEmpty() ? "page: " + browser.getPageSource()
					: "screen:\n" + screen(browser))
			.until((driver) -> condition.getAsBoolean());
	}

}
