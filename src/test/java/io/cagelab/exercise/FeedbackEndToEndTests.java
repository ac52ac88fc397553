package io.cagelab.exercise;

import java.time.Duration;
import java.util.List;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner hands in wrong, then right answers in a real Chromium, with the keyboard in the editor: every check
 * named in their language, progress while it is graded, hints that grow attempt by attempt, the solution when the
 * exercise says, and each question's verdict under it.
 */
class FeedbackEndToEndTests extends BrowserTest {

	static final Duration GRADED = Duration.ofSeconds(60);

	@Autowired
	ExerciseCatalog catalog;

	private void start(String user, String language) {
		learner(user);
		this.browser.size(1280, 800);
		this.browser.logIn(user, LEARNER_PASSWORD, language);
	}

	@Test
	void aRunLineByKeyboardInFrenchHoldsTheFixBackThenGivesAStrongerHintAndTheSolution() {
		Exercise exercise = this.catalog.exercise("limit-a-run-line").block();
		start("fe-run", "fr");
		this.browser.open("/labs/limit-a-run-line");
		assertThat(this.browser.find("#artifact-help").getText()).contains("Échap, puis sur Tab");
		assertThat(this.browser.find(".handin-note").getText()).startsWith("Cette page n'a pas de terminal")
			.as("no false claim of a terminal");

		// Keyboard only: type, indent with Tab, leave with Escape then Tab, press the button with Enter.
		WebElement editor = this.browser.find("#artifact");
		editor.sendKeys("docker run -d \\" + Keys.ENTER + Keys.TAB + "--memory 128m reports:3.2.0");
		assertThat(editor.getDomProperty("value")).isEqualTo("docker run -d \\\n  --memory 128m reports:3.2.0");
		assertThat(this.browser.find(".code-editor-lines").getText()).isEqualTo("1\n2");
		assertThat(this.browser.findAll(".code-editor-highlight .tok-flag").stream().map(WebElement::getText))
			.containsExactly("-d", "--memory");
		assertThat(this.browser.find(".code-editor-highlight .tok-keyword").getText()).isEqualTo("docker");
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		assertThat(active().getDomAttribute("id")).isEqualTo("lab-check");
		active().sendKeys(Keys.ENTER);

		// While its container runs: busy, said in words, the button faded and still holding the focus.
		this.browser.waitFor(Duration.ofSeconds(10),
				() -> "true".equals(this.browser.find("#lab-check").getDomAttribute("aria-busy")));
		assertThat(this.browser.find("#lab-check-busy").getText()).isEqualTo("Vérification…");
		assertThat(this.browser.find("#lab-check").getDomAttribute("aria-disabled")).isEqualTo("true");
		assertThat(opacity("#lab-check")).isLessThan(0.7);
		assertThat(this.browser.find("#lab-results").getDomAttribute("aria-busy")).isEqualTo("true");
		graded(1);
		assertThat(opacity("#lab-check")).isEqualTo(1.0);
		assertThat(active().getDomAttribute("id")).isEqualTo("lab-check");

		WebElement pids = this.browser.find("[data-check='pids-max']");
		assertThat(pids.findElement(org.openqa.selenium.By.cssSelector(".check-title")).getText())
			.isEqualTo("La limite de processus lue dans le conteneur · ligne 1");
		WebElement processLimit = this.browser.find("[data-check='process-limit']");
		assertThat(processLimit.getText()).contains("HR-09 · CIS 5.29 · ligne 1")
			.contains("Pas de limite de processus valide")
			.contains("La correction exacte est montrée à partir de la tentative 2")
			.doesNotContain("Ajoutez --pids-limit")
			.contains("Indice : " + exercise.check("process-limit").orElseThrow().hint(Language.FR));
		assertThat(this.browser.findAll(".check-hint-stronger")).isEmpty();
		assertThat(this.browser.find(".check-coming").getText()).startsWith("Tentative 1.");
		assertThat(this.browser.findAll(".check-solution")).isEmpty();
		assertThat(this.browser.accessibilityViolations()).as("run-line results").isEmpty();
		shoot("#lab-results", "feedback-run-line-fr-1280.png");

		// The second attempt: the fix, and a stronger hint.
		active().sendKeys(Keys.ENTER);
		graded(2);
		assertThat(this.browser.find("[data-check='process-limit']").getText()).contains("Ajoutez --pids-limit")
			.contains("Indice plus précis : " + exercise.check("process-limit").orElseThrow().strongerHint(Language.FR));

		// The third: the reference solution, which the learner then types in.
		active().sendKeys(Keys.ENTER);
		graded(3);
		assertThat(this.browser.find(".check-solution-code").getText()).isEqualTo(exercise.solution().strip());
		assertThat(this.browser.findAll(".check-coming")).isEmpty();
		this.browser.size(390, 844);
		assertThat(this.browser.accessibilityViolations()).as("run-line results on a phone").isEmpty();
		shoot(".check-solution", "feedback-run-line-fr-390.png");
		this.browser.size(1280, 800);

		new Actions(this.browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		assertThat(active().getDomAttribute("id")).isEqualTo("artifact");
		active().sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		active().sendKeys("docker run -d --user 1000:1000 --memory 128m --memory-swap 128m --cpus 0.25"
				+ " --pids-limit 100 reports:3.2.0");
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		active().sendKeys(Keys.ENTER);
		this.browser.waitFor(GRADED, () -> String.valueOf(exercise.maxScore()).equals(score()));
		assertThat(this.browser.findAll(".check-failed")).isEmpty();
	}

	@Test
	void aDockerfileInEnglishNamesEveryCheckAndShowsTheSolutionWithFullMarks() {
		Exercise exercise = this.catalog.exercise("non-root-dockerfile").block();
		start("fe-dockerfile", "en");
		this.browser.open("/labs/non-root-dockerfile");
		WebElement editor = this.browser.find("#artifact");
		editor.sendKeys("FROM debian:12" + Keys.ENTER + "# the app" + Keys.ENTER + "COPY app /app");
		assertThat(this.browser.find(".code-editor-highlight .tok-keyword").getText()).isEqualTo("FROM");
		assertThat(this.browser.find(".code-editor-highlight .tok-comment").getText()).isEqualTo("# the app");
		assertThat(this.browser.find(".code-editor-lines").getText()).isEqualTo("1\n2\n3");
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		active().sendKeys(Keys.ENTER);
		graded(1);
		Check user = exercise.check("user").orElseThrow();
		assertThat(this.browser.find("[data-check='user']").getText()).contains("HR-01 · CIS 4.1")
			.contains("Hint: " + user.hint(Language.EN));
		for (WebElement check : this.browser.findAll("[data-check]")) {
			assertThat(check.findElement(org.openqa.selenium.By.cssSelector(".check-title")).getText())
				.as("every check has a title").isNotBlank();
		}
		assertThat(this.browser.findAll(".check-solution")).isEmpty();
		shoot("#lab-results", "feedback-dockerfile-en-1280.png");

		new Actions(this.browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		active().sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		active().sendKeys(exercise.solution());
		assertThat(active().getDomProperty("value")).isEqualTo(exercise.solution());
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		active().sendKeys(Keys.ENTER);
		this.browser.waitFor(GRADED, () -> String.valueOf(exercise.maxScore()).equals(score()));
		assertThat(this.browser.find(".check-solution-code").getText()).isEqualTo(exercise.solution().strip());
		assertThat(this.browser.accessibilityViolations()).as("Dockerfile with full marks").isEmpty();
		shoot(".check-solution", "feedback-dockerfile-solution-en-1280.png");

		// In dark mode the colours of the editor and of the results stay readable.
		((org.openqa.selenium.chrome.ChromeDriver) this.browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia",
				java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
		assertThat(this.browser.script("return matchMedia('(prefers-color-scheme: dark)').matches;")).isEqualTo(true);
		assertThat(this.browser.accessibilityViolations()).as("Dockerfile in dark mode").isEmpty();
		this.browser.script("window.scrollTo(0, 0);");
		this.browser.screenshot("feedback-dockerfile-dark-en-1280.png");
	}

	@Test
	void aComposeFileStartsFromItsStarterAndRuntimeChecksHaveTitles() {
		Exercise exercise = this.catalog.exercise("harden-compose-service").block();
		start("fe-compose", "en");
		this.browser.open("/labs/harden-compose-service");
		WebElement editor = this.browser.find("#artifact");
		assertThat(editor.getDomProperty("value")).isEqualTo(exercise.starter());
		assertThat(this.browser.find(".code-editor-highlight .tok-key").getText()).isEqualTo("services");
		assertThat(this.browser.find(".code-editor-lines").getText()).endsWith("\n" + exercise.starter().split("\n").length);
		assertThat(this.browser.accessibilityViolations()).as("compose editor").isEmpty();
		this.browser.screenshot("feedback-compose-en-1280.png");

		// Shift+Tab takes an indent away from the selected lines, Tab gives it back.
		editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
		new Actions(this.browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.DOWN, Keys.DOWN).keyUp(Keys.SHIFT).perform();
		new Actions(this.browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		assertThat(editor.getDomProperty("value")).startsWith("services:\nweb:\n    image");
		active().sendKeys(Keys.TAB);
		assertThat(editor.getDomProperty("value")).isEqualTo(exercise.starter().replaceFirst("^services:", "  services:"));
		active().sendKeys(Keys.chord(Keys.CONTROL, "z"));
		assertThat(editor.getDomProperty("value")).as("undone as typing would be").startsWith("services:\nweb:\n");

		// The starter as it is: it fails, and the runtime checks say what they looked at.
		editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		editor.sendKeys(exercise.starter());
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		active().sendKeys(Keys.ENTER);
		graded(1);
		assertThat(this.browser.find("[data-check='web-root-read-only'] .check-title").getText())
			.startsWith("The root filesystem of web is read-only · line ");
		assertThat(this.browser.find("[data-check='worker-no-capabilities'] .check-title").getText())
			.startsWith("worker has no capability left · line ");
		List<String> titles = this.browser.findAll("[data-check] .check-title").stream().map(WebElement::getText).toList();
		assertThat(titles).as("no two checks named alike").doesNotHaveDuplicates();

		editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		editor.sendKeys(exercise.solution());
		active().sendKeys(Keys.ESCAPE);
		active().sendKeys(Keys.TAB);
		active().sendKeys(Keys.ENTER);
		this.browser.waitFor(GRADED, () -> String.valueOf(exercise.maxScore()).equals(score()));
	}

	@Test
	void aQuizShowsEachVerdictUnderItsQuestionAndTheRightAnswerOnlyOncePassedOrUsedUp() {
		Exercise quiz = this.catalog.exercise("cgroup-quiz").block();
		start("fe-quiz", "fr");
		this.browser.open("/labs/cgroup-quiz");
		Check first = quiz.checks().get(0);
		Check second = quiz.checks().get(1);
		tick(first, wrong(first));
		press();
		graded(1);
		WebElement question = this.browser.find("[data-quiz='" + first.id() + "']");
		assertThat(question.getDomAttribute("class")).contains("check-failed");
		assertThat(question.findElement(org.openqa.selenium.By.cssSelector("[data-quiz-verdict]")).getText())
			.contains("✗").contains("Indice : " + first.hint(Language.FR));
		assertThat(choice(first, wrong(first)).getText()).contains("votre réponse");
		assertThat(this.browser.findAll(".quiz-tag-right")).as("no right answer shown yet").isEmpty();
		assertThat(this.browser.findAll(".check-list [data-check]")).as("no separate list of verdicts").isEmpty();
		assertThat(this.browser.accessibilityViolations()).as("quiz, first attempt").isEmpty();
		shoot("[data-quiz='" + first.id() + "']", "feedback-quiz-fr-1280.png");
		this.browser.size(390, 844);
		shoot("[data-quiz='" + first.id() + "']", "feedback-quiz-fr-390.png");
		this.browser.size(1280, 800);

		// The first question right: its right answer is marked, the second's is not.
		for (int right : ((Check.Quiz) first).answer()) {
			tick(first, right);
		}
		if (((Check.Quiz) first).multiple()) {
			tick(first, wrong(first));
		}
		tick(second, wrong(second));
		press();
		graded(2);
		assertThat(this.browser.find("[data-quiz='" + first.id() + "']").getDomAttribute("class")).contains("check-passed");
		for (int right : ((Check.Quiz) first).answer()) {
			assertThat(choice(first, right).getText()).contains("bonne réponse").contains("votre réponse");
		}
		assertThat(this.browser.findAll("[data-quiz='" + second.id() + "'] .quiz-tag-right")).isEmpty();

		// The attempts used up: every right answer marked, with why.
		press();
		graded(3);
		for (int right : ((Check.Quiz) second).answer()) {
			assertThat(choice(second, right).getText()).contains("bonne réponse");
		}
		assertThat(this.browser.find("[data-quiz='" + second.id() + "'] .check-explanation").getText())
			.isEqualTo("Pourquoi : " + ((Check.Quiz) second).explanation(Language.FR));
		assertThat(this.browser.accessibilityViolations()).as("quiz, answers shown").isEmpty();
		shoot("[data-quiz='" + second.id() + "']", "feedback-quiz-answers-fr-1280.png");
	}

	@Test
	void aQuizInEnglishOnAPhone() {
		Exercise quiz = this.catalog.exercise("what-is-shared").block();
		start("fe-quiz-en", "en");
		this.browser.size(390, 844);
		this.browser.open("/labs/what-is-shared");
		Check first = quiz.checks().get(0);
		for (int right : ((Check.Quiz) first).answer()) {
			tick(first, right);
		}
		press();
		graded(1);
		for (int right : ((Check.Quiz) first).answer()) {
			assertThat(choice(first, right).getText()).contains("your answer").contains("right answer");
		}
		assertThat(this.browser.find("[data-quiz='" + first.id() + "'] [data-quiz-verdict]").getText()).contains("✓");
		Number overflow = (Number) this.browser.script(
				"return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(overflow.intValue()).as("the page fits the phone").isLessThanOrEqualTo(0);
		assertThat(this.browser.accessibilityViolations()).as("quiz on a phone").isEmpty();
		shoot("[data-quiz='" + first.id() + "']", "feedback-quiz-en-390.png");
		this.browser.size(1280, 800);
		shoot("[data-quiz='" + first.id() + "']", "feedback-quiz-en-1280.png");
	}

	@Test
	void disabledButtonsLookDisabledEverywhere() {
		start("fe-buttons", "en");
		this.browser.open("/labs/harden-a-run-line");
		this.browser.script("""
				const plain = document.createElement('button');
				plain.id = 'plain-disabled';
				plain.textContent = 'x';
				plain.disabled = true;
				const styled = document.createElement('button');
				styled.id = 'styled-disabled';
				styled.className = 'button button-small';
				styled.textContent = 'y';
				styled.disabled = true;
				document.querySelector('.lab-toolbar').append(plain, styled);
				""");
		assertThat(opacity("#plain-disabled")).isLessThan(0.7);
		assertThat(opacity("#styled-disabled")).isLessThan(0.7);
		assertThat(this.browser.script("return getComputedStyle(document.getElementById('styled-disabled')).cursor;"))
			.isEqualTo("not-allowed");
		assertThat(opacity("#lab-check")).isEqualTo(1.0);
		this.browser.screenshot("feedback-run-line-en-1280.png");
	}

	/** A screenshot with this part of the page at the top of the screen. */
	private void shoot(String css, String name) {
		this.browser.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });", css);
		this.browser.screenshot(name);
	}

	private WebElement active() {
		return this.browser.driver().switchTo().activeElement();
	}

	private void press() {
		this.browser.find("#lab-check").click();
	}

	/** Wait for the results of this attempt, as the server numbered it. */
	private void graded(int attempt) {
		this.browser.waitFor(GRADED, () -> !"true".equals(this.browser.find("#lab-check").getDomAttribute("aria-busy"))
				&& this.browser.findAll("[data-score]").stream()
					.anyMatch((score) -> String.valueOf(attempt).equals(score.getDomAttribute("data-attempt"))));
	}

	private String score() {
		List<WebElement> scores = this.browser.findAll("[data-score]");
		return scores.isEmpty() ? "" : scores.get(0).getDomAttribute("data-score");
	}

	private double opacity(String css) {
		return Double.parseDouble(String.valueOf(this.browser.script(
				"return getComputedStyle(document.querySelector(arguments[0])).opacity;", css)));
	}

	private void tick(Check question, int choice) {
		choice(question, choice).findElement(org.openqa.selenium.By.tagName("input")).click();
	}

	private WebElement choice(Check question, int choice) {
		return this.browser.find("[data-quiz='" + question.id() + "'] [data-choice='" + choice + "']");
	}

	private static int wrong(Check question) {
		for (int i = 0;; i++) {
			if (!((Check.Quiz) question).answer().contains(i)) {
				return i;
			}
		}
	}

	/**
	 * Item 11, as a learner reads it: every hand-in page says it has no terminal, shows none, and sends no one to one
	 * except by a link to a lab that has it (each page in one language, the two alternating).
	 */
	@Test
	void everyHandInSaysItHasNoTerminalAndSendsNoOneToOne() {
		loggedIn("fb-e2e-handins", "LEARNER");
		this.browser.size(1280, 800);
		this.browser.logIn("fb-e2e-handins", LEARNER_PASSWORD, "en");
		List<Exercise> handIns = this.catalog.exercises().block().stream().filter(Exercise::takesArtifact).toList();
		assertThat(handIns).hasSizeGreaterThan(10);
		for (int i = 0; i < handIns.size(); i++) {
			String language = (i % 2 == 0) ? "en" : "fr";
			String id = handIns.get(i).id();
			this.browser.open("/labs/" + id + "?lang=" + language);
			assertThat(this.browser.find(".handin-note").isDisplayed()).as(id).isTrue();
			assertThat(this.browser.find(".handin-note").getText()).as(id)
				.contains(language.equals("fr") ? "Cette page n'a pas de terminal" : "This page has no terminal");
			assertThat(this.browser.findAll("#terminal")).as(id + " shows no terminal").isEmpty();
			for (WebElement block : this.browser.findAll(".lab-instructions .prose p, .lab-instructions .prose li")) {
				boolean linksToALab = !block.findElements(org.openqa.selenium.By.cssSelector("a[href^='/labs/']")).isEmpty();
				assertThat(linksToALab || !FeedbackApiTests.TERMINAL_CLAIM.matcher(block.getText()).find())
					.as("%s (%s) sends the learner to a terminal: %s", id, language, block.getText()).isTrue();
			}
		}
	}

}
