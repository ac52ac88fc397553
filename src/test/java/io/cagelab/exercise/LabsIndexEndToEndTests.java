package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import io.cagelab.course.CourseCatalog;
import io.cagelab.course.CourseModule;
import io.cagelab.course.Language;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of labs in Chromium: module by module in the course's order under the modules' own titles, each lab with
 * its kind and where the learner stands, and an introduction that says what is true of them all.
 */
class LabsIndexEndToEndTests extends BrowserTest {

	@Autowired
	ExerciseCatalog exercises;

	@Autowired
	CourseCatalog course;

	/** Opening a terminal lab from the list starts its sandbox: it must not outlive the test. */
	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf("labs-e2e");
	}

	@Test
	void labsAreGroupedByModuleInCourseOrderWithTheirKindAndTheLearnersState() {
		BrowserSession learner = learner("labs-e2e");
		Exercise passed = exercise("chroot-quiz");
		handIn(learner, passed.id(), passed.referenceSubmission().answers());
		Exercise tried = exercise("capabilities-quiz");
		Map<String, List<Integer>> halfRight = new LinkedHashMap<>(tried.referenceSubmission().answers());
		String missed = tried.checks().get(0).id();
		halfRight.put(missed, List.of(wrongChoice(tried.checks().get(0))));
		int score = (Integer) handIn(learner, tried.id(), halfRight).get("score");

		List<Exercise> all = this.exercises.exercises().block();
		long terminals = all.stream().filter((exercise) -> exercise.kind().code().equals("lab")).count();
		List<CourseModule> modules = this.course.modules().block();

		this.browser.size(1280, 800);
		this.browser.logIn("labs-e2e", LEARNER_PASSWORD, "fr");
		this.browser.open("/labs");
		assertThat(this.browser.find("h1").getText()).isEqualTo("Travaux pratiques");
		assertThat(this.browser.find(".site-nav a[href='/labs']").getText()).as("one name for the same thing")
			.isEqualTo("Travaux pratiques");
		assertThat(this.browser.find(".lead").getText()).startsWith(all.size() + " travaux pratiques, module par module")
			.contains(terminals + " d'entre eux ouvrent un terminal")
			.contains("les autres notent une ligne docker run, un Dockerfile ou un fichier compose");

		List<WebElement> groups = this.browser.findAll("section.lab-group");
		assertThat(groups.stream().map((group) -> group.getDomAttribute("data-module")).toList())
			.as("course order, not alphabetical").containsExactlyElementsOf(modules.stream().map(CourseModule::id).toList());
		for (int index = 0; index < modules.size(); index++) {
			CourseModule module = modules.get(index);
			assertThat(groups.get(index).findElement(org.openqa.selenium.By.cssSelector("h2")).getText())
				.startsWith("MODULE " + module.number()).endsWith(spaced(module.page(Language.FR).title()));
		}
		assertThat(this.browser.find("main").getText()).doesNotContain("BEST-PRACTICES").doesNotContain("best-practices");

		assertThat(this.browser.findAll(".lab-card")).hasSize(all.size());
		assertThat(this.browser.findAll(".lab-card[data-kind=lab] .lab-kind")).hasSize((int) terminals)
			.allSatisfy((badge) -> assertThat(badge.getText()).isEqualTo("Terminal"));
		assertThat(kindOf("harden-a-run-line")).isEqualTo("Ligne docker run");
		assertThat(kindOf("non-root-dockerfile")).isEqualTo("Dockerfile");
		assertThat(kindOf("harden-compose-service")).isEqualTo("Fichier compose");
		assertThat(kindOf("hardening-quiz")).isEqualTo("Quiz");
		for (WebElement card : this.browser.findAll(".lab-card")) {
			String badge = card.findElement(org.openqa.selenium.By.cssSelector(".lab-kind")).getText();
			String title = card.findElement(org.openqa.selenium.By.cssSelector("h3")).getText();
			assertThat(title.toLowerCase()).as("the badge is not said twice").doesNotStartWith(badge.toLowerCase() + " ");
		}

		assertThat(stateOf(passed.id())).isEqualTo("✓ Réussi");
		assertThat(stateOf(tried.id())).startsWith("Meilleur score").endsWith(score + "/" + tried.maxScore());
		assertThat(stateOf("build-a-chroot")).isEqualTo("Pas commencé");
		assertThat(this.browser.accessibilityViolations()).as("/labs").isEmpty();
		this.browser.screenshot("labs-fr.png");

		// A lab is reached by keyboard from its card.
		WebElement link = this.browser.find(".lab-card[data-lab-id='build-a-chroot'] h3 a");
		this.browser.script("arguments[0].focus();", link);
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(15), () -> this.browser.driver().getCurrentUrl().endsWith("/labs/build-a-chroot"));
		// The lab starts its sandbox: let it finish starting, so that it can be closed after the test.
		this.browser.waitFor(Duration.ofSeconds(60), () -> "ready".equals(this.browser.find("#lab-status").getDomAttribute("data-state")));

		this.browser.size(390, 844);
		this.browser.open("/labs?lang=en");
		assertThat(this.browser.find("h1").getText()).isEqualTo("Labs");
		assertThat(this.browser.find(".lead").getText()).startsWith(all.size() + " labs, module by module")
			.contains(terminals + " of them open a terminal");
		assertThat(this.browser.find("section.lab-group h2").getText()).startsWith("MODULE 1")
			.endsWith(modules.get(0).page(Language.EN).title());
		assertThat(kindOf("harden-a-run-line")).isEqualTo("docker run line");
		assertThat(stateOf("build-a-chroot")).isEqualTo("Not started");
		assertThat((Boolean) this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
			.as("the list fits the phone").isTrue();
		assertThat(this.browser.accessibilityViolations()).as("/labs on a phone").isEmpty();
		this.browser.screenshot("labs-en-phone.png");
	}

	/** A text as WebDriver reads it off the page: non-breaking spaces become spaces. */
	/**
	 * An exercise whose spec is wrong, dropped in the data directory by hand: an admin finds it on the list of labs
	 * with each problem where it is, in the admin's language, on a desktop and on a phone.
	 */
	@Test
	void anAdminSeesTheExercisesWithProblemsWhereEachProblemIs() throws IOException {
		Path folder = Files.createDirectories(DATA_DIR.resolve("exercises").resolve("best-practices")
			.resolve("labs-broken"));
		Files.writeString(folder.resolve("exercise.yaml"), "id: labs-broken\nmodule: best-practices\nkind: essay\n");
		try {
			this.browser.size(1280, 800);
			this.browser.logIn("admin", ADMIN_PASSWORD, "fr");
			this.browser.open("/labs?lang=fr");
			WebElement problems = this.browser.find(".lab-problems");
			assertThat(this.browser.script("return document.querySelector('.lab-problems').compareDocumentPosition("
					+ "document.querySelector('.lab-group')) & Node.DOCUMENT_POSITION_FOLLOWING;"))
				.as("the problems come before the labs that work").isNotEqualTo(0L);
			assertThat(problems.findElement(org.openqa.selenium.By.tagName("h2")).getText())
				.isEqualTo("Exercices à corriger");
			assertThat(spaced(this.browser.find("[data-invalid-id='labs-broken']").getText())).contains("3:7 kind")
				.contains("« essay » n'est pas un type d'exercice");
			assertThat(this.browser.accessibilityViolations()).as("labs with problems, fr").isEmpty();
			this.browser.screenshot("labs-problems-fr.png");
			this.browser.size(390, 844);
			this.browser.open("/labs?lang=en");
			assertThat(this.browser.find("[data-invalid-id='labs-broken']").getText()).contains("3:7 kind");
			assertThat(this.browser.accessibilityViolations()).as("labs with problems, en, phone").isEmpty();
			assertThat(this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
				.as("no wider than the phone").isEqualTo(true);
			this.browser.screenshot("labs-problems-en-phone.png");
		}
		finally {
			// The test classes share one app: leave no broken folder to the pages they open.
			Files.delete(folder.resolve("exercise.yaml"));
			Files.delete(folder);
		}
	}

	private static String spaced(String text) {
		return text.replace('\u00a0', ' ').replace('\u202f', ' ');
	}

	private String kindOf(String exerciseId) {
		return this.browser.find(".lab-card[data-lab-id='" + exerciseId + "'] .lab-kind").getText();
	}

	private String stateOf(String exerciseId) {
		return this.browser.find(".lab-card[data-lab-id='" + exerciseId + "'] [data-progress]").getText();
	}

	private Exercise exercise(String id) {
		return this.exercises.exercise(id).block();
	}

	private static int wrongChoice(Check check) {
		for (int choice = 0;; choice++) {
			if (!((Check.Quiz) check).answer().contains(choice)) {
				return choice;
			}
		}
	}

	private static Map<?, ?> handIn(BrowserSession session, String exerciseId, Map<String, List<Integer>> answers) {
		return session.postJson("/api/exercises/" + exerciseId + "/submissions", Map.of("answers", answers))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

}
