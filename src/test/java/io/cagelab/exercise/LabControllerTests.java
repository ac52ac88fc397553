package io.cagelab.exercise;

import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabControllerTests extends IntegrationTest {

	BrowserSession learner;

	@BeforeEach
	void logIn() {
		this.learner = learner("lab-reader");
	}

	@Test
	void theLabListLinksEveryExercise() {
		this.learner.get("/labs?lang=en").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("href=\"/labs/fork-bomb-contained\"")
				.contains("href=\"/labs/pid-namespace\"").contains("Run a fork bomb and watch it hit the ceiling"));
	}

	@Test
	void aLabPageShowsItsInstructionsTerminalAndGaugesInTheReadersLanguage() {
		this.learner.get("/labs/fork-bomb-contained?lang=fr").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Lancer une fork bomb et la voir buter sur le plafond")
				.contains("Votre bac à sable peut contenir au plus 128 tâches")
				.contains("id=\"terminal\"").contains("data-gauge=\"pids\"").contains("data-exercise=\"fork-bomb-contained\"")
				.contains("/vendor/xterm/css/xterm.css").contains("/js/lab.js")
				.doesNotContainPattern("(src|href)=\"(https?:)?//"));
		this.learner.get("/labs/fork-bomb-contained?lang=en").expectBody(String.class)
			.value((page) -> assertThat(page).contains("Your sandbox may hold at most 128 tasks"));
		// xterm.js as ES modules, from the npm tarballs the build checked: a browser runs a module only as JavaScript.
		for (String module : new String[] { "/vendor/xterm/lib/xterm.mjs", "/vendor/xterm-addon-fit/lib/addon-fit.mjs" }) {
			this.learner.get(module).expectStatus().isOk().expectHeader()
				.value("Content-Type", (type) -> assertThat(type).contains("javascript"));
		}
	}

	@Test
	void aQuizShowsItsQuestionsWithRadioButtonsOrCheckboxesAndNoTerminal() {
		this.learner.get("/labs/capabilities-quiz?lang=fr").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("data-quiz=\"which-for-what\"")
				.contains("type=\"radio\" name=\"quiz-which-for-what\" value=\"0\"")
				.contains("type=\"checkbox\" name=\"quiz-privileged\"")
				.contains("Cochez toutes les bonnes réponses.")
				.contains("id=\"lab-check\"")
				.doesNotContain("id=\"terminal\"").doesNotContain("id=\"artifact\""));
	}

	@Test
	void aLabWithAQuestionShowsBothTheTerminalAndTheQuestion() {
		this.learner.get("/labs/pid-namespace?lang=en").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("id=\"terminal\"").contains("data-quiz=\"why-fork\""));
	}

	@Test
	void unknownLabsAreNotFoundAndAnonymousReadersAreSentToLogin() {
		this.learner.get("/labs/no-such-lab").expectStatus().isNotFound();
		this.client.get().uri("/labs/fork-bomb-contained").exchange().expectStatus().isFound().expectHeader()
			.location("/login");
	}

}
