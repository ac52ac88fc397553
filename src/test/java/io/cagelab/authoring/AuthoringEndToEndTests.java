package io.cagelab.authoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.Chromium;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authoring as a trainer does it in Chromium: they duplicate a shipped exercise, see a problem on the field as they
 * type it, change a check so that the solution no longer earns full marks, see Prove fail with the reason, fix it,
 * prove and publish it, assign it to their class; a learner of that class passes it, and {@code cagelab validate}
 * passes on what was published.
 */
@Tag("browser")
class AuthoringEndToEndTests extends IntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final Duration PROOF = Duration.ofSeconds(120);

	static final String COPY = "nonroot-variant";

	static final String LEARNER = "author-e2e-learner";

	@Autowired
	ExerciseCatalog catalog;

	Chromium trainer;

	Chromium learner;

	@AfterEach
	void closeBrowsers() {
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
		}
	}

	@Test
	void aTrainerAdaptsAShippedExerciseProvesAndPublishesItAndALearnerOfTheirClassPassesIt() throws Exception {
		BrowserSession trainerApi = loggedIn("author-e2e-trainer", "TRAINER");
		Map<?, ?> classroom = trainerApi.postJson("/api/classes", Map.of("name", "Authoring group", "exercises", List.of()))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		new BrowserSession(this.client).postJson("/api/join", Map.of("code", classroom.get("joinCode"), "username",
				LEARNER, "password", LEARNER_PASSWORD, "language", "en"))
			.expectStatus().isCreated();

		this.trainer = new Chromium("http://localhost:" + this.port);
		this.trainer.logIn("author-e2e-trainer", LEARNER_PASSWORD, "en");

		// The list: the shipped exercise can be opened, not edited, by a trainer.
		this.trainer.find(".site-nav a[href='/authoring']").click();
		this.trainer.waitFor(WAIT, () -> this.trainer.driver().getCurrentUrl().endsWith("/authoring"));
		assertThat(this.trainer.accessibilityViolations()).as("authoring list").isEmpty();
		WebElement row = this.trainer.find("tr[data-exercise='non-root-dockerfile']");
		assertThat(row.getText()).contains("ships with Cagelab", "Draft");
		row.findElement(By.linkText("Open")).click();
		awaitEditorLoaded();
		assertThat(this.trainer.find(".notice").getText()).contains("duplicate it");
		assertThat(this.trainer.findAll("#editor-save")).isEmpty();

		// Duplicated from the keyboard: the copy is the trainer's own draft, in the editor.
		this.trainer.find("#duplicate-id").sendKeys(COPY, Keys.ENTER);
		this.trainer.waitFor(WAIT, () -> this.trainer.driver().getCurrentUrl().endsWith("/authoring/" + COPY));
		awaitEditorLoaded();
		assertThat(this.trainer.find("#editor-state").getText()).isEqualTo("Draft");
		assertThat(yaml()).contains("id: " + COPY, "rule: HR-30");
		assertThat(this.trainer.accessibilityViolations()).as("editor").isEmpty();

		// A problem as the trainer types, on the field it concerns and on its line in the YAML.
		WebElement points = this.trainer.find("[data-path='checks.0.points']");
		points.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
		this.trainer.waitFor(WAIT, () -> !problemOf("checks.0.points").isEmpty());
		assertThat(points.getDomAttribute("aria-invalid")).isEqualTo("true");
		this.trainer.waitFor(WAIT, () -> yaml().contains("points: 0"));
		List<String> lines = List.of(yaml().split("\n"));
		String line = String.valueOf(lines.indexOf("    points: 0") + 1);
		assertThat(this.trainer.find("#problem-list").getText()).contains("Line " + line + ", column")
			.contains("checks[0].points").contains(problemOf("checks.0.points"));
		assertThat(this.trainer.findAll(".gutter-problem")).extracting(WebElement::getText).containsExactly(line);
		this.trainer.screenshot("authoring-editor-problem-en-1280.png");
		points.sendKeys(Keys.chord(Keys.CONTROL, "a"), "3");
		this.trainer.waitFor(WAIT, () -> problemOf("checks.0.points").isEmpty() && yaml().contains("points: 3\n"));
		assertThat(this.trainer.find("#problem-summary").getText()).startsWith("No problems");

		// The YAML updates the form, and the instructions preview as the lab page renders them.
		WebElement editor = this.trainer.find("#spec-yaml");
		this.trainer.script("const t = arguments[0]; t.focus(); t.setSelectionRange(0, 0);", editor);
		String english = "  en: Build an image that does not run as root";
		int at = yaml().indexOf(english) + english.length();
		this.trainer.script("arguments[0].setSelectionRange(arguments[1], arguments[1]);", editor, at);
		editor.sendKeys(", again");
		this.trainer.waitFor(WAIT, () -> "Build an image that does not run as root, again"
			.equals(this.trainer.find("[data-path='title.en']").getDomProperty("value")));
		WebElement readme = this.trainer.find("#readme-en");
		readme.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "\n\n## A variant for Monday\n");
		this.trainer.waitFor(WAIT, () -> this.trainer.find("#preview-en").getText().contains("A variant for Monday"));
		assertThat(this.trainer.find("#preview-en h2:last-of-type").getText()).isEqualTo("A variant for Monday");

		// A check changed so that the solution no longer earns full marks: Prove fails and says why.
		new Select(this.trainer.find("[data-path='checks.2.rule']")).selectByVisibleText("HR-26");
		this.trainer.waitFor(WAIT, () -> yaml().contains("rule: HR-26"));
		this.trainer.find("#editor-prove").click();
		this.trainer.waitFor(PROOF, () -> this.trainer.find("#prove-verdict").getText().contains("is not proven"));
		assertThat(this.trainer.find("#prove-steps").getText()).contains("Reference solution: 5 of 7 points — not as expected")
			.contains("HEALTHCHECK");
		assertThat(this.trainer.find("#prove-verdict").getText()).contains("Version 2 of '" + COPY + "' is not proven");
		assertThat(this.trainer.find("#editor-publish").isEnabled()).isFalse();

		// Fixed, proven and published.
		new Select(this.trainer.find("[data-path='checks.2.rule']")).selectByVisibleText("HR-30");
		this.trainer.waitFor(WAIT, () -> yaml().contains("rule: HR-30"));
		this.trainer.find("#editor-prove").click();
		this.trainer.waitFor(PROOF, () -> this.trainer.find("#prove-verdict").getText().contains("is proven"));
		assertThat(this.trainer.find("#prove-steps").getText()).contains("Reference solution: 7 of 7 points — as expected",
				"Wrong answer 4 — as expected");
		assertThat(this.trainer.find("#editor-state").getText()).isEqualTo("Proven");
		this.trainer.script("document.getElementById('prove-panel').scrollIntoView({ block: 'start' });");
		this.trainer.screenshot("authoring-prove-passed-en-1280.png");
		this.trainer.find("#editor-publish").click();
		this.trainer.waitFor(WAIT, () -> this.trainer.find("#editor-state").getText().equals("Published"));
		assertThat(this.trainer.find("#editor-save-status").getText()).contains("version 3");

		// Assigned to the class from the editor.
		new Select(this.trainer.find("#assign-class")).selectByVisibleText("Authoring group");
		// From the keyboard: the button is focused, scrolled to below the editor's sticky bar, and pressed.
		this.trainer.find("#assign-form button").sendKeys(Keys.ENTER);
		this.trainer.waitFor(WAIT, () -> this.trainer.find("#assign-result").getText().startsWith("Assigned to Authoring group"));
		this.trainer.size(390, 844);
		this.trainer.open("/authoring/" + COPY + "?lang=fr");
		awaitEditorLoaded();
		assertThat(this.trainer.find("#editor-state").getText()).isEqualTo("Publié");
		assertThat(this.trainer.accessibilityViolations()).as("editor in French on a phone").isEmpty();
		this.trainer.screenshot("authoring-editor-fr-390.png");

		// A learner of the class passes it, with the instructions as published.
		this.learner = new Chromium("http://localhost:" + this.port);
		this.learner.logIn(LEARNER, LEARNER_PASSWORD, "en");
		this.learner.open("/classes");
		assertThat(this.learner.find(".class-place").getText()).isEqualTo("0 of 1 exercises passed");
		this.learner.open("/labs/" + COPY);
		assertThat(this.learner.find("#lab-title").getText()).isEqualTo("Build an image that does not run as root, again");
		assertThat(this.learner.find("#lab-prose").getText()).contains("A variant for Monday");
		WebElement artifact = this.learner.find("#artifact");
		artifact.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		this.learner.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", artifact,
				this.catalog.exercise("non-root-dockerfile").block().solution());
		this.learner.find("#lab-check").click();
		this.learner.waitFor(PROOF, () -> this.learner.findAll("[data-score]").stream()
			.anyMatch((score) -> "7".equals(score.getDomAttribute("data-score"))));
		this.learner.open("/classes");
		assertThat(this.learner.find(".class-place").getText()).isEqualTo("1 of 1 exercises passed");

		// What the browser published validates as files, as it would in git.
		Path folder = DATA_DIR.resolve("exercises/best-practices/" + COPY);
		assertThat(Files.readString(folder.resolve("exercise.yaml"))).contains("rule: HR-30");
		AuthoringRestartTests.Validation validation = AuthoringRestartTests.validate(folder);
		assertThat(validation.output()).contains("ok    best-practices/" + COPY, "7/7 points, 4 wrong answers caught");
		assertThat(validation.exit()).as(validation.output()).isZero();

		// A pack from git imports from the list page; a hostile one is refused saying why; a draft is deleted.
		this.trainer.size(1280, 800);
		this.trainer.open("/authoring?lang=en");
		Path hostile = Files.write(Files.createTempFile("hostile", ".tar.gz"),
				new TestPack().file("../escape/exercise.yaml", "id: x").bytes());
		Path pack = Files.write(Files.createTempFile("pack", ".tar.gz"), new TestPack().exercise("best-practices",
				"from-git", AuthoringApiTests.SPEC.formatted("from-git"), "# From git", "# Depuis git").bytes());
		try {
			this.trainer.find("#pack-file").sendKeys(hostile.toString());
			this.trainer.find("#pack-import button[type=submit]").click();
			this.trainer.waitFor(WAIT, () -> !this.trainer.find("#pack-result").getText().isEmpty());
			assertThat(this.trainer.find("#pack-result [role=alert]").getText()).contains("../escape/exercise.yaml");
			this.trainer.find("#pack-file").sendKeys(pack.toString());
			this.trainer.find("#pack-import button[type=submit]").click();
			this.trainer.waitFor(WAIT, () -> !this.trainer.findAll("tr[data-exercise='from-git']").isEmpty());
		}
		finally {
			Files.delete(hostile);
			Files.delete(pack);
		}
		this.trainer.find("tr[data-exercise='from-git'] a").click();
		awaitEditorLoaded();
		this.trainer.find("#editor-delete").click();
		this.trainer.driver().switchTo().alert().accept();
		this.trainer.waitFor(WAIT, () -> this.trainer.driver().getCurrentUrl().endsWith("/authoring"));
		assertThat(this.trainer.findAll("tr[data-exercise='from-git']")).isEmpty();
		assertThat(DATA_DIR.resolve("exercises/best-practices/from-git")).doesNotExist();
	}

	private void awaitEditorLoaded() {
		this.trainer.waitFor(WAIT, () -> !yaml().isEmpty() && !this.trainer.find("#problem-summary").getText().isEmpty());
	}

	private String yaml() {
		return this.trainer.find("#spec-yaml").getDomProperty("value");
	}

	private String problemOf(String path) {
		WebElement control = this.trainer.find("[data-path='" + path + "']");
		return this.trainer.find("#" + control.getDomAttribute("id") + "-problem").getText();
	}

}
