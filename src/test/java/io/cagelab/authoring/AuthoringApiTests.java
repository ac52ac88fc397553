package io.cagelab.authoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.ExerciseCatalog;
import io.cagelab.exercise.ExerciseSpecReaderTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authoring API over the real app: drafts saved as files under the data folder, every problem of an invalid body
 * told at once with nothing saved, a stale save refused, each trainer to their own, learners nowhere.
 */
class AuthoringApiTests extends IntegrationTest {

	static final Path AUTHORED = DATA_DIR.resolve("exercises");

	/** The reader's own valid spec, under the id each test gives it. */
	static final String SPEC = ExerciseSpecReaderTests.VALID.replace("id: ex-1", "id: %s");

	@Autowired
	ExerciseCatalog catalog;

	@Test
	void aTrainerCreatesADraftAsFilesThenSavesANewVersion() throws IOException {
		BrowserSession trainer = loggedIn("auth-trainer-create", "TRAINER");
		String spec = SPEC.formatted("auth-create");
		post(trainer, body(spec, "# Limit\n", "# Limiter\n", null)).expectStatus().isCreated()
			.expectHeader().valueEquals("Location", "/api/authoring/exercises/auth-create")
			.expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.state").isEqualTo("draft")
			.jsonPath("$.owner").isEqualTo("auth-trainer-create").jsonPath("$.editable").isEqualTo(true);
		Path folder = AUTHORED.resolve("best-practices/auth-create");
		assertThat(folder.resolve("exercise.yaml")).hasContent(spec);
		assertThat(Files.readString(folder.resolve("README.fr.md"))).isEqualTo("# Limiter\n");
		try (Stream<Path> files = Files.list(folder)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.as("written through temporary files renamed in place, none left")
				.containsExactlyInAnyOrder("exercise.yaml", "README.en.md", "README.fr.md");
		}
		trainer.get("/api/authoring/exercises/auth-create").expectStatus().isOk().expectBody()
			.jsonPath("$.spec").isEqualTo(spec).jsonPath("$.readme.en").isEqualTo("# Limit\n");
		String changed = spec.replace("points: 2", "points: 3");
		put(trainer, "auth-create", body(changed, "# Limit\n", "# Limiter\n", 1)).expectStatus().isOk()
			.expectBody().jsonPath("$.version").isEqualTo(2).jsonPath("$.spec").isEqualTo(changed);
		assertThat(folder.resolve("exercise.yaml")).hasContent(changed);
		trainer.get("/api/authoring/exercises").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'auth-create')].version").isEqualTo(2)
			.jsonPath("$[?(@.id == 'auth-create')].kind").isEqualTo("run");
		assertThat(this.catalog.exercises().block()).as("a draft never reaches learners")
			.noneMatch((exercise) -> exercise.id().equals("auth-create"));
	}

	@Test
	void anInvalidBodyIs422WithEveryProblemInTheReadersLanguageAndNothingIsSaved() throws IOException {
		BrowserSession trainer = loggedIn("auth-trainer-invalid", "TRAINER");
		String broken = SPEC.formatted("auth-invalid").replace("HR-09", "HR-99").replace(", fr: Limiter les processus", "");
		post(trainer, body(broken, "", "", null)).expectStatus().isEqualTo(422)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").isEqualTo("The exercise has 2 problems; nothing was saved.")
			.jsonPath("$.problems.length()").isEqualTo(2)
			.jsonPath("$.problems[0].path").isEqualTo("title.fr").jsonPath("$.problems[0].line").isEqualTo(4)
			.jsonPath("$.problems[0].column").isEqualTo(8)
			.jsonPath("$.problems[0].message")
			.isEqualTo("The French text is missing: every text needs English (en) and French (fr).")
			.jsonPath("$.problems[1].path").isEqualTo("checks[0].rule").jsonPath("$.problems[1].line").isEqualTo(8)
			.jsonPath("$.problems[1].column").isEqualTo(11);
		trainer.client().post().uri("/api/authoring/exercises").header("Accept-Language", "fr")
			.header("X-XSRF-TOKEN", trainer.csrfToken()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(broken, "", "", null)).exchange().expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail").isEqualTo("L'exercice a 2 problèmes\u202f; rien n'a été enregistré.")
			.jsonPath("$.problems[1].message")
			.isEqualTo("«\u202fHR-99\u202f» n'est pas un identifiant de règle connu (de HR-01 à HR-32).");
		assertThat(AUTHORED.resolve("best-practices/auth-invalid")).doesNotExist();

		String spec = SPEC.formatted("auth-invalid");
		post(trainer, body(spec, "en", "fr", null)).expectStatus().isCreated();
		put(trainer, "auth-invalid", body(broken, "lost?", "perdu ?", 1)).expectStatus().isEqualTo(422);
		Path folder = AUTHORED.resolve("best-practices/auth-invalid");
		assertThat(folder.resolve("exercise.yaml")).as("what was saved is kept").hasContent(spec);
		assertThat(folder.resolve("README.en.md")).hasContent("en");
		put(trainer, "auth-invalid", body(spec.replace("id: auth-invalid", "id: auth-renamed"), "", "", 1))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.problems[0].path").isEqualTo("id")
			.jsonPath("$.problems[0].line").isEqualTo(1);
		put(trainer, "auth-invalid", Map.of("spec", spec)).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems[0].path").isEqualTo("version");
		trainer.client().post().uri("/api/authoring/exercises").header("X-XSRF-TOKEN", trainer.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"spec\": ").exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("JSON"));
	}

	/** The data folder refuses the write (a file stands where the module's folder goes): the saved version stays. */
	@Test
	void aWriteTheDataFolderRefusesKeepsTheVersionSavedBefore() throws IOException {
		BrowserSession trainer = loggedIn("auth-trainer-refused", "TRAINER");
		String spec = SPEC.formatted("auth-refused");
		post(trainer, body(spec, "en", "fr", null)).expectStatus().isCreated();
		Files.writeString(AUTHORED.resolve("namespaces"), "not a folder");
		try {
			put(trainer, "auth-refused", body(spec.replace("module: best-practices", "module: namespaces"), "", "", 1))
				.expectStatus().isEqualTo(500).expectBody().jsonPath("$.detail").value((detail) -> assertThat(
						(String) detail).startsWith("The exercise 'auth-refused' could not be written to the data folder")
					.endsWith("the version saved before is kept as it was."));
		}
		finally {
			Files.delete(AUTHORED.resolve("namespaces"));
		}
		assertThat(AUTHORED.resolve("best-practices/auth-refused/exercise.yaml")).hasContent(spec);
		trainer.get("/api/authoring/exercises/auth-refused").expectBody().jsonPath("$.version").isEqualTo(1)
			.jsonPath("$.module").isEqualTo("best-practices");
		put(trainer, "auth-refused", body(spec.replace("module: best-practices", "module: namespaces"), "", "", 1))
			.expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(2)
			.jsonPath("$.module").isEqualTo("namespaces");
		assertThat(AUTHORED.resolve("best-practices/auth-refused")).as("moved, not copied").doesNotExist();
	}

	@Test
	void aSpecOrAnInstructionOverItsLimitIsRefusedByNameAndAHugeBodyIsNotRead() {
		BrowserSession trainer = loggedIn("auth-trainer-limits", "TRAINER");
		String spec = SPEC.formatted("auth-limits");
		String padded = spec + "#" + "x".repeat(70 * 1024) + "\n";
		post(trainer, body(padded, "", "y".repeat(129 * 1024), null)).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems[0].path").isEqualTo("spec")
			.jsonPath("$.problems[0].message").isEqualTo("The field spec is 71 KiB; at most 64 KiB are allowed.")
			.jsonPath("$.problems[1].path").isEqualTo("readme.fr");
		post(trainer, body(spec, "z".repeat(1024 * 1024), "", null)).expectStatus().isEqualTo(413).expectBody()
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).startsWith("The request is larger than"));
		assertThat(AUTHORED.resolve("best-practices/auth-limits")).doesNotExist();
	}

	@Test
	void twoTrainersSavingTheSameVersionTheSecondGetsAConflictNotAnOverwrite() throws Exception {
		BrowserSession owner = loggedIn("auth-trainer-owner", "TRAINER");
		BrowserSession admin = adminSession();
		String spec = SPEC.formatted("auth-conflict");
		post(owner, body(spec, "", "", null)).expectStatus().isCreated();
		String mine = spec.replace("points: 2", "points: 4");
		String theirs = spec.replace("points: 2", "points: 5");
		put(owner, "auth-conflict", body(mine, "", "", 1)).expectStatus().isOk();
		put(admin, "auth-conflict", body(theirs, "", "", 1)).expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.detail").isEqualTo("Someone saved the exercise 'auth-conflict' since you opened it: you edited"
					+ " version 1, it is now at version 2. Nothing was saved: reload it, then make your changes again.");
		assertThat(AUTHORED.resolve("best-practices/auth-conflict/exercise.yaml")).hasContent(mine);

		// Both at once, from version 2: exactly one wins, and the files hold the winner's text.
		BrowserSession otherTab = BrowserSession.loggedIn(this.client, "auth-trainer-owner", LEARNER_PASSWORD);
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
				() -> status(put(owner, "auth-conflict", body(spec.replace("points: 2", "points: 6"), "", "", 2))));
		CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
				() -> status(put(otherTab, "auth-conflict", body(spec.replace("points: 2", "points: 7"), "", "", 2))));
		assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
		String won = (first.get() == 200) ? "points: 6" : "points: 7";
		assertThat(Files.readString(AUTHORED.resolve("best-practices/auth-conflict/exercise.yaml"))).contains(won);
		owner.get("/api/authoring/exercises/auth-conflict").expectBody().jsonPath("$.version").isEqualTo(3);

		// Two trainers creating the same id at once: one creates it, the other is told, and owns nothing.
		BrowserSession rival = loggedIn("auth-trainer-rival", "TRAINER");
		CompletableFuture<Integer> mineCreated = CompletableFuture.supplyAsync(
				() -> status(post(owner, body(SPEC.formatted("auth-race"), "", "", null))));
		CompletableFuture<Integer> rivalCreated = CompletableFuture.supplyAsync(
				() -> status(post(rival, body(SPEC.formatted("auth-race"), "", "", null))));
		assertThat(List.of(mineCreated.get(), rivalCreated.get())).contains(201).containsAnyOf(409, 422)
			.doesNotHaveDuplicates();
		BrowserSession winner = (mineCreated.get() == 201) ? owner : rival;
		BrowserSession loser = (winner == owner) ? rival : owner;
		winner.get("/api/authoring/exercises/auth-race").expectStatus().isOk();
		loser.get("/api/authoring/exercises/auth-race").expectStatus().isNotFound();
	}

	@Test
	void aTrainerEditsOnlyTheirOwnAndALearnerFindsNoAuthoringAtAll() {
		BrowserSession owner = loggedIn("auth-trainer-mine", "TRAINER");
		BrowserSession other = loggedIn("auth-trainer-other", "TRAINER");
		BrowserSession learner = learner("auth-learner");
		post(owner, body(SPEC.formatted("auth-mine"), "", "", null)).expectStatus().isCreated();
		other.get("/api/authoring/exercises/auth-mine").expectStatus().isNotFound();
		put(other, "auth-mine", body(SPEC.formatted("auth-mine"), "", "", 1)).expectStatus().isNotFound();
		delete(other, "auth-mine").expectStatus().isNotFound();
		other.get("/api/authoring/exercises").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'auth-mine')]").isEmpty();
		learner.get("/api/authoring/exercises").expectStatus().isNotFound();
		learner.get("/api/authoring/exercises/auth-mine").expectStatus().isNotFound();
		post(learner, body(SPEC.formatted("auth-learner"), "", "", null)).expectStatus().isNotFound();
		put(learner, "auth-mine", body(SPEC.formatted("auth-mine"), "", "", 1)).expectStatus().isNotFound();
		assertThat(AUTHORED.resolve("best-practices/auth-learner")).doesNotExist();

		// An id or a module names a folder: one that climbs out of the authored tree is refused, nothing written.
		String climbing = SPEC.formatted("../../../escaped").replace("module: best-practices", "module: ..");
		post(owner, body(climbing, "", "", null)).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems[0].path").isEqualTo("id").jsonPath("$.problems[1].path").isEqualTo("module");
		assertThat(DATA_DIR.getParent().getParent().resolve("escaped")).doesNotExist();
		assertThat(AUTHORED.getParent().resolve("escaped")).doesNotExist();
		adminSession().get("/api/authoring/exercises/auth-mine").expectStatus().isOk().expectBody()
			.jsonPath("$.editable").isEqualTo(true).jsonPath("$.owner").isEqualTo("auth-trainer-mine");
		delete(owner, "auth-mine").expectStatus().isNoContent();
		assertThat(AUTHORED.resolve("best-practices/auth-mine")).doesNotExist();
		owner.get("/api/authoring/exercises/auth-mine").expectStatus().isNotFound();
	}

	@Test
	void anAdminEditsAShippedExerciseAsACopyAndIdsAreUniqueAcrossBothTrees() throws IOException {
		BrowserSession admin = adminSession();
		BrowserSession trainer = loggedIn("auth-trainer-shipped", "TRAINER");
		Path shipped = Path.of("exercises/best-practices/harden-a-run-line/exercise.yaml");
		String original = Files.readString(shipped);
		trainer.get("/api/authoring/exercises/harden-a-run-line").expectStatus().isOk().expectBody()
			.jsonPath("$.shipped").isEqualTo(true).jsonPath("$.editable").isEqualTo(false)
			.jsonPath("$.version").isEqualTo(0).jsonPath("$.spec").isEqualTo(original);
		put(trainer, "harden-a-run-line", body(original, "", "", 0)).expectStatus().isNotFound();

		String edited = original + "# edited in the browser\n";
		put(admin, "harden-a-run-line", body(edited, "en", "fr", 0)).expectStatus().isOk().expectBody()
			.jsonPath("$.shipped").isEqualTo(false).jsonPath("$.version").isEqualTo(1).jsonPath("$.owner").isEqualTo("admin");
		assertThat(AUTHORED.resolve("best-practices/harden-a-run-line/exercise.yaml")).hasContent(edited);
		assertThat(shipped).as("the shipped file is never written").hasContent(original);
		assertThat(this.catalog.exercises().block()).as("learners keep the shipped exercise")
			.anySatisfy((exercise) -> assertThat(exercise.folder().toAbsolutePath())
				.isEqualTo(shipped.getParent().toAbsolutePath()));

		String clash = SPEC.formatted("harden-a-run-line").replace("module: best-practices", "module: capabilities");
		post(trainer, body(clash, "", "", null)).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems[0].path").isEqualTo("id").jsonPath("$.problems[0].line").isEqualTo(1)
			.jsonPath("$.problems[0].column").isEqualTo(5)
			.jsonPath("$.problems[0].message").isEqualTo("The id 'harden-a-run-line' is already used by an exercise of"
					+ " module 'best-practices': ids are unique across the course.");

		post(trainer, body(SPEC.formatted("harden-a-run-line"), "", "", null)).expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.problems[0].path").isEqualTo("id");
		put(admin, "harden-a-run-line", body(edited.replace("module: best-practices", "module: capabilities"), "", "", 1))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.problems[0].path").isEqualTo("id");
		assertThat(AUTHORED.resolve("capabilities/harden-a-run-line")).doesNotExist();

		delete(admin, "harden-a-run-line").expectStatus().isNoContent();
		admin.get("/api/authoring/exercises/harden-a-run-line").expectBody().jsonPath("$.shipped").isEqualTo(true);
		delete(admin, "harden-a-run-line").expectStatus().isEqualTo(409);
		assertThat(shipped).hasContent(original);
	}

	/**
	 * A spec broken by hand in the authored tree stays listed, with its problems in the reader's language, for its
	 * owner and admins; a learner never reaches it.
	 */
	@Test
	void anInvalidExerciseStaysVisibleToTrainersAndAdminsWithItsProblemsNeverToLearners() throws IOException {
		BrowserSession trainer = loggedIn("auth-trainer-broken", "TRAINER");
		BrowserSession learner = learner("auth-learner-broken");
		post(trainer, body(SPEC.formatted("auth-broken"), "", "", null)).expectStatus().isCreated();
		Path file = AUTHORED.resolve("best-practices/auth-broken/exercise.yaml");
		Files.writeString(file, SPEC.formatted("auth-broken").replace("HR-09", "HR-99"));
		Path orphan = Files.createDirectories(AUTHORED.resolve("best-practices/auth-orphan"));
		Files.writeString(orphan.resolve("exercise.yaml"), "id: auth-orphan\nmodule: best-practices\nkind: essay\n");

		trainer.get("/api/authoring/exercises").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'auth-broken')].problems[0].path").isEqualTo("checks[0].rule")
			.jsonPath("$[?(@.id == 'auth-broken')].problems[0].line").isEqualTo(8)
			.jsonPath("$[?(@.id == 'auth-broken')].problems[0].message")
			.isEqualTo("'HR-99' is not a known rule id (HR-01 to HR-32).")
			.jsonPath("$[?(@.id == 'auth-orphan')]").isEmpty();
		trainer.client().get().uri("/api/authoring/exercises/auth-broken").header("Accept-Language", "fr").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.problems[0].message")
			.isEqualTo("«\u202fHR-99\u202f» n'est pas un identifiant de règle connu (de HR-01 à HR-32).");
		adminSession().get("/api/authoring/exercises").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == 'auth-broken')].problems[0].path").isEqualTo("checks[0].rule")
			.jsonPath("$[?(@.id == 'auth-orphan')].problems[*].path")
			.value((paths) -> assertThat(String.valueOf(paths)).contains("kind", "title"))
			.jsonPath("$[?(@.id == 'auth-orphan')].owner")
			.value((owner) -> assertThat(String.valueOf(owner)).as("put there by hand: nobody owns it").isEqualTo("[null]"));
		adminSession().get("/labs?lang=fr").expectStatus().isOk().expectBody(String.class).value((page) -> assertThat(page)
			.contains("Exercices à corriger", "data-invalid-id=\"auth-orphan\"", "data-invalid-id=\"auth-broken\"")
			.contains("<code>3:7 kind</code>", escaped("«\u202fessay\u202f» n'est pas un type d'exercice")));
		trainer.get("/labs").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContain("data-invalid-id=\"auth-orphan\""));
		learner.get("/labs").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContain("lab-problems", "auth-broken"));
		learner.get("/labs/auth-broken").expectStatus().isNotFound();
		learner.get("/api/authoring/exercises/auth-broken").expectStatus().isNotFound();
		assertThat(this.catalog.exercises().block()).noneMatch((exercise) -> exercise.id().startsWith("auth-"));
		put(trainer, "auth-broken", body(SPEC.formatted("auth-broken"), "", "", 1)).expectStatus().isOk()
			.expectBody().jsonPath("$.problems").isEmpty();
		// The test classes share one app: leave no broken folder to the pages they open.
		Files.delete(orphan.resolve("exercise.yaml"));
		Files.delete(orphan);
	}

	static Map<String, Object> body(String spec, String readmeEn, String readmeFr, Integer version) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("spec", spec);
		body.put("readme", Map.of("en", readmeEn, "fr", readmeFr));
		if (version != null) {
			body.put("version", version);
		}
		return body;
	}

	static WebTestClient.ResponseSpec post(BrowserSession session, Object body) {
		return session.postJson("/api/authoring/exercises", body);
	}

	static WebTestClient.ResponseSpec put(BrowserSession session, String id, Object body) {
		return session.client().put().uri("/api/authoring/exercises/" + id).header("X-XSRF-TOKEN", session.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	static WebTestClient.ResponseSpec delete(BrowserSession session, String id) {
		return session.client().delete().uri("/api/authoring/exercises/" + id)
			.header("X-XSRF-TOKEN", session.csrfToken()).exchange();
	}

	private static int status(WebTestClient.ResponseSpec response) {
		return response.returnResult(String.class).getStatus().value();
	}

}
