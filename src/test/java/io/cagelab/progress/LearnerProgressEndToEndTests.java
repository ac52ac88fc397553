package io.cagelab.progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.account.UserAccountService;
import io.cagelab.course.Language;
import io.cagelab.exercise.Check;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner in a real headless Chromium follows their own progress: hands in a Dockerfile with full marks and is
 * offered the next exercise, comes back to find their hand-in and its verdicts, and sees their marks on every list
 * and where to go on from the home page; by keyboard alone, and on a phone.
 */
@Tag("browser")
class LearnerProgressEndToEndTests extends IntegrationTest {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	UserAccountService accounts;

	@Autowired
	DatabaseClient database;

	ChromeDriver browser;

	Path profile;

	String base;

	@BeforeEach
	void startBrowser() throws Exception {
		learner("lp-e2e");
		learner("lp-e2e-fr");
		this.base = "http://localhost:" + this.port;
		this.profile = Files.createTempDirectory("cagelab-chromium-");
		this.browser = Chromium.headless(this.profile);
	}

	@AfterEach
	void stopBrowser() throws Exception {
		try {
			assertThat(this.browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
				.filter((message) -> message.contains("Content Security Policy")))
				.as("Content-Security-Policy violations the browser reported").isEmpty();
		}
		finally {
			this.browser.quit();
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@Test
	void aLearnerFollowsTheirOwnProgressFromHandInToHandIn() throws Exception {
		Exercise dockerfile = this.catalog.exercise("non-root-dockerfile").block();
		Exercise quiz = this.catalog.exercise("hardening-quiz").block();
		logIn("lp-e2e");
		WebElement start = this.browser.findElement(By.cssSelector("[data-progress=start]"));
		assertThat(start.getText()).isEqualTo("Start the course");
		assertThat(start.getDomAttribute("href")).isEqualTo("/modules/fork-bomb");

		// Full marks, by keyboard: type, leave the editor (Escape, then Tab: Tab alone indents), press the button, tab
		// on to the offer of the next exercise.
		open("/labs/non-root-dockerfile");
		WebElement editor = this.browser.findElement(By.id("artifact"));
		editor.sendKeys(dockerfile.solution());
		this.browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		this.browser.switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("lab-check");
		this.browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		waitFor(() -> String.valueOf(dockerfile.maxScore()).equals(score()));
		WebElement next = this.browser.findElement(By.cssSelector("[data-progress=next]"));
		assertThat(next.isDisplayed()).isTrue();
		assertThat(next.getText()).isEqualTo("Next exercise: Put a socket proxy in front of the Docker socket");
		assertThat(this.browser.findElements(By.cssSelector(".check-restored"))).as("a fresh grade").isEmpty();
		screenshot("learner-progress-next.png");
		this.browser.switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("data-progress")).isEqualTo("next");
		this.browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		waitFor(() -> this.browser.getCurrentUrl().equals(this.base + "/labs/socket-proxy"));

		// Back to the exercise: the hand-in and its verdicts as they were, said to be the last hand-in.
		open("/labs/non-root-dockerfile");
		waitFor(() -> !this.browser.findElements(By.cssSelector(".check-restored")).isEmpty());
		assertThat(this.browser.findElement(By.id("artifact")).getDomProperty("value")).isEqualTo(dockerfile.solution());
		WebElement restored = this.browser.findElement(By.cssSelector(".check-restored"));
		assertThat(restored.getText()).startsWith("Your last hand-in, ").doesNotContain("{0}");
		assertThat(restored.findElement(By.tagName("time")).getDomAttribute("datetime")).isNotBlank();
		assertThat(score()).isEqualTo(String.valueOf(dockerfile.maxScore()));
		assertThat(this.browser.findElements(By.cssSelector(".check-passed"))).hasSize(dockerfile.checks().size());
		assertThat(this.browser.findElement(By.cssSelector("[data-progress=next]")).isDisplayed()).isTrue();
		screenshot("learner-progress-restored.png");

		// A quiz half right: the ticks and the verdicts come back too.
		open("/labs/hardening-quiz");
		Check first = quiz.checks().get(0);
		for (int choice : ((io.cagelab.exercise.Check.Quiz) first).answer()) {
			this.browser.findElement(By.cssSelector("[data-quiz='" + first.id() + "'] input[value='" + choice + "']"))
				.click();
		}
		this.browser.findElement(By.id("lab-check")).click();
		waitFor(() -> String.valueOf(first.points()).equals(score()));
		assertThat(this.browser.findElements(By.cssSelector("[data-progress=next]"))).as("not full marks").isEmpty();
		open("/labs/hardening-quiz");
		waitFor(() -> !this.browser.findElements(By.cssSelector(".check-restored")).isEmpty());
		for (int choice : ((io.cagelab.exercise.Check.Quiz) first).answer()) {
			assertThat(this.browser.findElement(By.cssSelector("[data-quiz='" + first.id() + "'] input[value='" + choice
					+ "']")).isSelected()).isTrue();
		}
		assertThat(this.browser.findElements(By.cssSelector("[data-quiz] input:checked"))).hasSize(((io.cagelab.exercise.Check.Quiz) first).answer().size());
		assertThat(this.browser.findElement(By.cssSelector("[data-check='" + first.id() + "']")).getDomAttribute("class"))
			.contains("check-passed");
		assertThat(score()).isEqualTo(String.valueOf(first.points()));

		open("/labs");
		assertThat(labMark("non-root-dockerfile")).isEqualTo("✓ Passed");
		assertThat(labMark("hardening-quiz")).isEqualTo("Best " + first.points() + "/" + quiz.maxScore());
		assertThat(this.browser.findElements(By.cssSelector(".module-card:has(a[href='/labs/socket-proxy']) .progress-mark")))
			.isEmpty();
		screenshot("learner-progress-labs.png");

		open("/modules");
		assertThat(this.browser.findElement(By.cssSelector(".module-card:has(a[href='/modules/best-practices'])"
				+ " .module-progress")).getText()).isEqualTo("1 of 8 exercises passed");
		scrollTo(".module-card:has(a[href='/modules/best-practices'])");
		screenshot("learner-progress-modules.png");

		open("/modules/best-practices");
		assertThat(activityMark("non-root-dockerfile")).isEqualTo("✓ Passed");
		assertThat(activityMark("hardening-quiz")).startsWith("Best ");
		assertThat(this.browser.findElements(By.cssSelector("[data-activity='socket-proxy'] .progress-mark"))).isEmpty();
		scrollTo("#activities-title");
		screenshot("learner-progress-module.png");

		// Home: the quiz, handed in last and not passed, is where to go on; reached from the top of the page by Tab.
		open("/");
		WebElement resume = this.browser.findElement(By.cssSelector("[data-progress=continue]"));
		assertThat(resume.getText()).isEqualTo("Continue where you left off");
		assertThat(resume.getDomAttribute("href")).isEqualTo("/labs/hardening-quiz");
		assertThat(this.browser.findElement(By.id("resume-what")).getText())
			.startsWith("Next up: " + quiz.title(Language.EN) + ", in module 8, ");
		tabTo("continue");
		screenshot("learner-progress-home.png");
		this.browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		waitFor(() -> this.browser.getCurrentUrl().equals(this.base + "/labs/hardening-quiz"));

		// A phone.
		this.browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
		open("/labs/non-root-dockerfile");
		waitFor(() -> !this.browser.findElements(By.cssSelector(".check-restored")).isEmpty());
		scrollTo("#lab-results");
		screenshot("learner-progress-phone-lab.png");
		assertThat(((Number) ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth;")).intValue()).as("no sideways scrolling")
			.isLessThanOrEqualTo(390);
		open("/modules/best-practices");
		scrollTo("#activities-title");
		screenshot("learner-progress-phone-module.png");
		open("/");
		screenshot("learner-progress-phone-home.png");
	}

	@Test
	void aFrenchLearnerReadsTheirProgressInFrench() throws Exception {
		logIn("lp-e2e-fr");
		open("/?lang=fr");
		open("/labs/minimal-image");
		this.browser.findElement(By.id("artifact")).sendKeys(this.catalog.exercise("minimal-image").block().solution());
		this.browser.findElement(By.id("lab-check")).click();
		waitFor(() -> !this.browser.findElements(By.cssSelector("[data-progress=next]")).isEmpty());
		assertThat(this.browser.findElement(By.cssSelector("[data-progress=next]")).getText())
			.matches("Exercice suivant\\s: .+");
		open("/labs/minimal-image");
		waitFor(() -> !this.browser.findElements(By.cssSelector(".check-restored")).isEmpty());
		assertThat(this.browser.findElement(By.cssSelector(".check-restored")).getText())
			.matches("Votre dernier rendu, le .*\\d{4}.*");
		open("/modules/chroot");
		assertThat(activityMark("minimal-image")).isEqualTo("✓ Réussi");
		open("/");
		assertThat(this.browser.findElement(By.cssSelector("[data-progress=continue]")).getText())
			.isEqualTo("Reprendre là où vous en étiez");
		screenshot("learner-progress-home-fr.png");

		// A module done (its lab needs a sandbox to pass: stored as if graded): ticked, in words as well.
		long learnerId = this.accounts.findByUsername("lp-e2e-fr").block().id();
		for (String exerciseId : List.of("shared-kernel", "vm-or-container", "what-is-shared")) {
			int max = this.catalog.exercise(exerciseId).block().maxScore();
			this.database.sql("insert into submission (id, exercise_id, owner_id, content, answers, score, max_score,"
					+ " result, submitted_at) values (:id, :exercise, :owner, '', '{}', :score, :score, '[]', :at)")
				.bind("id", UUID.randomUUID().toString()).bind("exercise", exerciseId).bind("owner", learnerId)
				.bind("score", max).bind("at", Instant.now().atOffset(ZoneOffset.UTC)).then().block();
		}
		open("/modules");
		assertThat(this.browser.findElement(By.cssSelector(".module-card:has(a[href='/modules/vms-vs-containers'])"
				+ " .module-progress")).getText()).isEqualTo("✓ Terminé · 3 exercices réussis sur 3");
		scrollTo(".module-card:has(a[href='/modules/chroot'])");
		screenshot("learner-progress-modules-fr.png");
	}

	private void logIn(String username) {
		this.browser.get(this.base + "/login?lang=en");
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(LEARNER_PASSWORD);
		((JavascriptExecutor) this.browser).executeScript("document.getElementById('password').form.submit();");
		waitFor(() -> this.browser.getCurrentUrl().equals(this.base + "/"));
	}

	private void open(String path) {
		this.browser.get(this.base + path);
	}

	/** Press Tab from the top of the page until the link marked with this progress role has the focus. */
	private void tabTo(String progress) {
		((JavascriptExecutor) this.browser).executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
		for (int presses = 0; presses < 25; presses++) {
			this.browser.switchTo().activeElement().sendKeys(Keys.TAB);
			if (progress.equals(this.browser.switchTo().activeElement().getDomAttribute("data-progress"))) {
				return;
			}
		}
		throw new AssertionError("No link marked " + progress + " within 25 presses of Tab");
	}

	private void scrollTo(String selector) {
		((JavascriptExecutor) this.browser).executeScript("document.querySelector(arguments[0]).scrollIntoView();",
				selector);
	}

	private String score() {
		List<WebElement> summary = this.browser.findElements(By.cssSelector("[data-score]"));
		return summary.isEmpty() ? null : summary.get(0).getDomAttribute("data-score");
	}

	private String labMark(String exerciseId) {
		return this.browser.findElement(By.cssSelector(".module-card:has(a[href='/labs/" + exerciseId + "']) .progress-mark"))
			.getText();
	}

	private String activityMark(String exerciseId) {
		return this.browser.findElement(By.cssSelector("[data-activity='" + exerciseId + "'] .progress-mark")).getText();
	}

	private void screenshot(String name) throws Exception {
		Path file = this.browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.createDirectories(SCREENSHOTS);
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private void waitFor(BooleanSupplier condition) {
		new WebDriverWait(this.browser, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.withMessage(() -> "page: " + this.browser.getPageSource())
			.until((driver) -> condition.getAsBoolean());
	}

}
