package io.cagelab.exercise;

import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionApiTests extends IntegrationTest {

	static final String PATH = "/api/exercises/harden-a-run-line/submissions";

	@Autowired
	ExerciseCatalog catalog;

	BrowserSession learner;

	BrowserSession other;

	@BeforeEach
	void logIn() {
		this.learner = learner("sub-ann");
		this.other = learner("sub-ben");
	}

	@Test
	void theReferenceSolutionEarnsFullMarks() {
		String solution = this.catalog.exercise("harden-a-run-line").block().solution();
		this.learner.postJson(PATH, Map.of("content", solution)).expectStatus().isCreated().expectBody()
			.jsonPath("$.score").isEqualTo(11).jsonPath("$.maxScore").isEqualTo(11).jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.checks.length()").isEqualTo(7);
	}

	@Test
	void theFirstThingALearnerTriesFailsWithTheRightExplanations() {
		this.learner.postJson(PATH + "?lang=en", Map.of("content", "docker run -d --user 1000 web:1.4"))
			.expectStatus().isCreated().expectBody()
			.jsonPath("$.score").isEqualTo(4)
			.jsonPath("$.fullMarks").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'non-root')].passed").isEqualTo(true)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].passed").isEqualTo(false)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].cis").isEqualTo("5.29")
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].line").isEqualTo(1)
			.jsonPath("$.checks[?(@.id == 'fork-bomb')].hint")
			.isEqualTo("What stops a fork bomb in this container from filling the host's process table?");
		this.learner.postJson(PATH + "?lang=fr", Map.of("content", "docker run -d --user 1000 web:1.4"))
			.expectBody().jsonPath("$.checks[?(@.id == 'fork-bomb')].message").value((message) -> assertThat(
					message.toString()).contains("Ajoutez --pids-limit"));
	}

	@Test
	void attemptsAreStoredAndEachLearnerSeesOnlyTheirOwn() {
		this.learner.postJson(PATH, Map.of("content", "docker run --privileged web:1.4")).expectStatus().isCreated();
		this.learner.get(PATH).expectStatus().isOk().expectBody().jsonPath("$.length()").value((n) -> assertThat(
				(Integer) n).isGreaterThanOrEqualTo(1)).jsonPath("$[0].checks[?(@.id == 'not-privileged')].passed")
			.isEqualTo(false);
		this.other.get(PATH).expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
	}

	@Test
	void badSubmissionsGetClearErrorsNeverA500() {
		this.learner.postJson(PATH, Map.of("content", "docker run --frobnicate web:1.4")).expectStatus()
			.isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The docker run command cannot be read, line 1, column 12: unknown option --frobnicate for docker run.");
		this.learner.postJson(PATH, Map.of("content", "docker run " + "-e A=b ".repeat(10_000) + "web:1.4"))
			.expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail").value((d) -> assertThat(d.toString())
				.contains("64 KiB"));
		this.learner.postJson(PATH, Map.of("content", "docker run web\u0000:1.4")).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((d) -> assertThat(d.toString()).contains("binary"));
		this.learner.postJson(PATH, Map.of("content", "")).expectStatus().isBadRequest();
		this.learner.postJson(PATH, Map.of("content", "echo hello")).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail").value((d) -> assertThat(d.toString()).contains("no docker run command"));
		this.learner.postJson("/api/exercises/fork-bomb-contained/submissions", Map.of("content", "x"))
			.expectStatus().isEqualTo(409);
		this.learner.postJson("/api/exercises/nope/submissions", Map.of("content", "x")).expectStatus().isNotFound();
		this.learner.postJson(PATH, Map.of("content", "docker run " + "-e A=b ".repeat(60_000) + "web:1.4"))
			.expectStatus().value((status) -> assertThat(status).isIn(400, 413));
	}

}
