package io.cagelab.authoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing over the real app: only a proven version is published; learners are then served that publication,
 * pass it, and keep seeing it while the draft changes; each attempt records the version it was graded against and is
 * shown with it after a new version is published; classes assign a published exercise and refuse a draft; a shipped
 * exercise is duplicated into a trainer's own draft.
 */
class AuthoringPublishTests extends IntegrationTest {

	@Autowired
	ExerciseCatalog catalog;

	@Test
	void aProvenExerciseIsPublishedPassedByALearnerAndEachAttemptKeepsTheVersionItWasGradedWith() throws Exception {
		BrowserSession trainer = loggedIn("pub-trainer", "TRAINER");
		String v1 = AuthoringProveTests.SPEC.formatted("pub-limit");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(v1, "# Limit\n\nLimit them, version one.\n",
				"# Limiter\n\nLimitez-les, version un.\n", null)).expectStatus().isCreated();

		publish(trainer, "pub-limit").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("The exercise 'pub-limit' cannot be published: its current version, 1, is not proven. Prove it"
					+ " first; every save makes it a draft again.");
		trainer.client().post().uri("/api/authoring/exercises/pub-limit/publish").header("Accept-Language", "fr")
			.header("X-XSRF-TOKEN", trainer.csrfToken()).exchange().expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.detail").isEqualTo("L'exercice «\u202fpub-limit\u202f» ne peut pas être publié\u00a0: sa"
					+ " version actuelle, 1, n'est pas prouvée. Prouvez-la d'abord\u202f; chaque enregistrement en"
					+ " refait un brouillon.");
		BrowserSession learner = learner("pub-learner");
		learner.get("/labs/pub-limit").expectStatus().isNotFound();
		Map<?, ?> refused = trainer.postJson("/api/classes", Map.of("name", "Drafts refused", "exercises",
				List.of("pub-limit"))).expectStatus().isEqualTo(422).expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat((String) refused.get("detail")).contains("pub-limit");

		assertThat(proven(trainer, "pub-limit")).isEqualTo("proven");
		publish(trainer, "pub-limit").expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("published")
			.jsonPath("$.publishedVersion").isEqualTo(1).jsonPath("$.provenVersion").isEqualTo(1);
		publish(trainer, "pub-limit").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("Version 1 of 'pub-limit' is already published; save a change and prove it to publish a new"
					+ " version.");

		Map<?, ?> created = trainer.postJson("/api/classes", Map.of("name", "Published ones", "exercises",
				List.of("pub-limit"))).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		trainer.get("/api/authoring/exercises").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'pub-limit')].classes[0].name").isEqualTo("Published ones")
			.jsonPath("$[?(@.id == 'pub-limit')].classes[0].id").isEqualTo(created.get("id"))
			.jsonPath("$[?(@.id == 'pub-limit')].publishedVersion").isEqualTo(1)
			.jsonPath("$[?(@.id == 'pub-limit')].provenVersion").isEqualTo(1);
		loggedIn("pub-trainer-stranger", "TRAINER").get("/api/authoring/exercises/harden-a-run-line").expectBody()
			.jsonPath("$.classes").isEmpty();

		learner.get("/labs").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("data-lab-id=\"pub-limit\""));
		learner.get("/labs/pub-limit").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Limit them, version one"));
		Map<?, ?> passed = learner.postJson("/api/exercises/pub-limit/submissions",
				Map.of("content", "docker run --pids-limit 10 app:1")).expectStatus().isCreated().expectBody(Map.class)
			.returnResult().getResponseBody();
		assertThat(passed.get("fullMarks")).isEqualTo(true);
		assertThat(passed.get("score")).isEqualTo(3);
		assertThat(passed.get("version")).as("graded against the version published").isEqualTo(1);

		// The draft moves on: learners keep the publication until a new version is proven and published.
		String v2 = v1.replace("points: 2", "points: 4")
			.replace("solution: docker run --pids-limit 10 app:1", "solution: docker run --read-only --pids-limit 10 app:1")
			.replace("{en: The process limit inside, fr: La limite de processus dedans}",
					"{en: Processes counted by the kernel, fr: Les processus comptés par le noyau}");
		AuthoringApiTests.put(trainer, "pub-limit", AuthoringApiTests.body(v2, "# Limit\n\nLimit them, version two.\n",
				"# Limiter\n\nLimitez-les, version deux.\n", 1)).expectStatus().isOk().expectBody()
			.jsonPath("$.state").isEqualTo("draft").jsonPath("$.version").isEqualTo(2)
			.jsonPath("$.publishedVersion").isEqualTo(1);
		assertThat(Files.readString(AuthoringApiTests.AUTHORED.resolve("best-practices/pub-limit/README.en.md")))
			.contains("version two");
		learner.get("/labs/pub-limit").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Limit them, version one").doesNotContain("version two"));
		assertThat(served("pub-limit").maxScore()).isEqualTo(3);
		publish(trainer, "pub-limit").expectStatus().isEqualTo(409);

		assertThat(proven(trainer, "pub-limit")).isEqualTo("proven");
		publish(trainer, "pub-limit").expectStatus().isOk().expectBody().jsonPath("$.publishedVersion").isEqualTo(2);
		assertThat(served("pub-limit").version()).isEqualTo(2);
		learner.get("/labs/pub-limit").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Limit them, version two"));
		Map<?, ?> second = learner.postJson("/api/exercises/pub-limit/submissions",
				Map.of("content", "docker run app:1")).expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat(second.get("version")).isEqualTo(2);
		assertThat(second.get("maxScore")).isEqualTo(5);

		// The first attempt is shown as graded: its version, its score and the titles of that version.
		List<?> attempts = learner.get("/api/exercises/pub-limit/submissions").expectStatus().isOk()
			.expectBody(List.class).returnResult().getResponseBody();
		assertThat(attempts).hasSize(2);
		Map<?, ?> newest = (Map<?, ?>) attempts.get(0);
		Map<?, ?> first = (Map<?, ?>) attempts.get(1);
		assertThat(newest.get("version")).isEqualTo(2);
		assertThat(first.get("version")).isEqualTo(1);
		assertThat(first.get("score")).isEqualTo(3);
		assertThat(first.get("maxScore")).isEqualTo(3);
		assertThat(first.get("fullMarks")).isEqualTo(true);
		assertThat(titles(first)).contains("The process limit inside").doesNotContain("Processes counted by the kernel");
		assertThat(titles(newest)).contains("Processes counted by the kernel");
		assertThat(first.get("solution")).as("the solution of the version it passed")
			.isEqualTo("docker run --pids-limit 10 app:1");

		AuthoringApiTests.delete(trainer, "pub-limit").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("is published"));
	}

	@Test
	void aTrainerCannotProveOrPublishAnotherTrainersExercise() {
		BrowserSession owner = loggedIn("pub-owner", "TRAINER");
		BrowserSession other = loggedIn("pub-other", "TRAINER");
		AuthoringApiTests.post(owner, AuthoringApiTests.body(AuthoringProveTests.SPEC.formatted("pub-theirs"), "", "",
				null)).expectStatus().isCreated();
		AuthoringProveTests.proveRequest(other, "pub-theirs", "en").expectStatus().isNotFound();
		publish(other, "pub-theirs").expectStatus().isNotFound();
		publish(other, "harden-a-run-line").expectStatus().isNotFound();
		publish(learner("pub-learner-2"), "pub-theirs").expectStatus().isNotFound();
	}

	/** A trainer may read a shipped exercise: they duplicate it into a draft of their own, the id line changed. */
	@Test
	void aTrainerDuplicatesAShippedExerciseIntoTheirOwnDraft() throws Exception {
		BrowserSession trainer = loggedIn("dup-trainer", "TRAINER");
		Path shipped = Path.of("exercises/best-practices/harden-a-run-line");
		String original = Files.readString(shipped.resolve("exercise.yaml"));
		trainer.postJson("/api/authoring/exercises/harden-a-run-line/duplicate", Map.of("id", "dup-harden"))
			.expectStatus().isCreated().expectHeader().valueEquals("Location", "/api/authoring/exercises/dup-harden")
			.expectBody().jsonPath("$.owner").isEqualTo("dup-trainer").jsonPath("$.editable").isEqualTo(true)
			.jsonPath("$.shipped").isEqualTo(false).jsonPath("$.state").isEqualTo("draft")
			.jsonPath("$.version").isEqualTo(1)
			.jsonPath("$.readme.fr").isEqualTo(Files.readString(shipped.resolve("README.fr.md")));
		Path copy = AuthoringApiTests.AUTHORED.resolve("best-practices/dup-harden");
		assertThat(copy.resolve("exercise.yaml"))
			.hasContent(original.replaceFirst("(?m)^id: harden-a-run-line", "id: dup-harden"));
		assertThat(copy.resolve("README.en.md")).hasSameTextualContentAs(shipped.resolve("README.en.md"));
		assertThat(shipped.resolve("exercise.yaml")).hasContent(original);

		trainer.postJson("/api/authoring/exercises/harden-a-run-line/duplicate", Map.of("id", "dup-harden"))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.problems[0].path").isEqualTo("id")
			.jsonPath("$.problems[0].line").isEqualTo(1)
			.jsonPath("$.problems[0].message").isEqualTo("The id 'dup-harden' is already used by an exercise of"
					+ " module 'best-practices': ids are unique across the course.");
		trainer.postJson("/api/authoring/exercises/harden-a-run-line/duplicate", Map.of("id", "Not A Name"))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.problems[0].path").isEqualTo("id");
		trainer.postJson("/api/authoring/exercises/dup-harden/duplicate", Map.of("id", "dup-harden-caps",
				"module", "capabilities")).expectStatus().isCreated().expectBody()
			.jsonPath("$.module").isEqualTo("capabilities");
		assertThat(AuthoringApiTests.AUTHORED.resolve("capabilities/dup-harden-caps/exercise.yaml")).exists();
		loggedIn("dup-stranger", "TRAINER").postJson("/api/authoring/exercises/dup-harden/duplicate",
				Map.of("id", "dup-stolen")).expectStatus().isNotFound();
		learner("dup-learner").postJson("/api/authoring/exercises/harden-a-run-line/duplicate",
				Map.of("id", "dup-learned")).expectStatus().isNotFound();
	}

	private Exercise served(String id) {
		return this.catalog.exercise(id).block();
	}

	private static List<String> titles(Map<?, ?> attempt) {
		return ((List<?>) attempt.get("checks")).stream().map((check) -> (String) ((Map<?, ?>) check).get("title"))
			.toList();
	}

	static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec publish(BrowserSession session,
			String id) {
		return session.client().post().uri("/api/authoring/exercises/" + id + "/publish")
			.header("X-XSRF-TOKEN", session.csrfToken()).accept(MediaType.APPLICATION_JSON).exchange();
	}

	/** Prove the exercise and give the verdict's word. */
	static String proven(BrowserSession session, String id) {
		List<String> events = AuthoringProveTests.proveRequest(session, id, "en").expectStatus().isOk()
			.returnResult(String.class).getResponseBody().collectList().block(java.time.Duration.ofMinutes(2));
		String verdict = events.stream().filter((event) -> event.contains("\"verdict\":")).findFirst().orElse("");
		assertThat(verdict).as(String.join("\n", events)).contains("\"verdict\":\"proven\"", "\"current\":true");
		return "proven";
	}

}
