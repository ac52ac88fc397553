package io.cagelab.classroom;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes through the JSON API and the join page: who may see and change them, and joining by code.
 */
class ClassroomApiTests extends IntegrationTest {

	BrowserSession trainer;

	@Autowired
	ClassroomRepository repository;

	@Autowired
	ExerciseCatalog catalog;

	@BeforeEach
	void logIn() {
		this.trainer = loggedIn("cls-trainer", "TRAINER");
	}

	@Test
	void aTrainerCreatesAClassWithTheWholeCourseInOrderAndAJoinCode() {
		Map<?, ?> created = create(this.trainer, Map.of("name", "Monday group"));
		assertThat((String) created.get("joinCode")).matches("[A-HJ-NP-TV-Z2-9]{4}-[A-HJ-NP-TV-Z2-9]{4}");
		assertThat((String) created.get("joinUrl")).endsWith("/join/" + created.get("joinCode"));
		List<Object> exercises = List.copyOf((List<?>) created.get("exercises"));
		// The whole course: every exercise of the catalog, however many modules it has.
		assertThat(exercises).hasSize(this.catalog.exercises().block().size()).startsWith((Object) "fork-bomb-contained");
		assertThat(exercises.indexOf("shared-kernel")).isLessThan(exercises.indexOf("build-a-chroot"));
		this.trainer.get("/api/classes").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == '" + created.get("id") + "')].name").isEqualTo("Monday group");
	}

	@Test
	void badSettingsAreRefusedNamingWhatIsWrongInTheReadersLanguage() {
		this.trainer.postJson("/api/classes?lang=en", Map.of("name", " ")).expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail").isEqualTo("Give the class a name of 1 to 120 characters.");
		this.trainer.postJson("/api/classes?lang=fr", Map.of("name", "x", "exercises", List.of("nope", "shared-kernel")))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("Il n'y a pas d'exercice nope\u00a0: assignez les exercices par leurs identifiants, tels que GET /api/exercises les liste.");
		this.trainer.postJson("/api/classes?lang=en", Map.of("name", "x", "opensAt", "2026-12-02T10:00:00Z",
				"closesAt", "2026-12-01T10:00:00Z")).expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The class must open before it closes: opensAt comes before closesAt.");
		this.trainer.postJson("/api/classes?lang=en", Map.of("name", "x", "seats", 0)).expectStatus().isEqualTo(422);
	}

	@Test
	void aLearnerReachesNoTrainerEndpoint() {
		String id = (String) create(this.trainer, Map.of("name", "Closed to learners")).get("id");
		BrowserSession learner = learner("cls-nosy");
		learner.postJson("/api/classes", Map.of("name", "mine")).expectStatus().isNotFound();
		learner.get("/api/classes/" + id).expectStatus().isNotFound();
		learner.client().patch().uri("/api/classes/" + id).header("X-XSRF-TOKEN", learner.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "taken over")).exchange()
			.expectStatus().isNotFound();
		learner.postJson("/api/classes/" + id + "/join-code", Map.of()).expectStatus().isNotFound();
		learner.client().delete().uri("/api/classes/" + id).header("X-XSRF-TOKEN", learner.csrfToken()).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void aTrainerOfOneClassCannotSeeOrChangeAnothersAndAnAssistantHelpsWithOneClassOnly() {
		String mine = (String) create(this.trainer, Map.of("name", "Mine")).get("id");
		BrowserSession other = loggedIn("cls-other-trainer", "TRAINER");
		other.get("/api/classes/" + mine).expectStatus().isNotFound();
		other.postJson("/api/classes/" + mine + "/join-code", Map.of()).expectStatus().isNotFound();
		assertThat(other.get("/api/classes").expectBody(List.class).returnResult().getResponseBody().toString())
			.doesNotContain(mine);

		patch(this.trainer, mine, Map.of("assistants", List.of("cls-other-trainer"))).expectStatus().isOk().expectBody()
			.jsonPath("$.assistants[0]").isEqualTo("cls-other-trainer");
		other.get("/api/classes/" + mine).expectStatus().isOk();
		patch(other, mine, Map.of("name", "Renamed by the assistant")).expectStatus().isOk();
		patch(other, mine, Map.of("assistants", List.of())).expectStatus().isForbidden();
		other.client().delete().uri("/api/classes/" + mine).header("X-XSRF-TOKEN", other.csrfToken()).exchange()
			.expectStatus().isForbidden();
		this.trainer.client().delete().uri("/api/classes/" + mine).header("X-XSRF-TOKEN", this.trainer.csrfToken())
			.exchange().expectStatus().isNoContent();
		other.get("/api/classes/" + mine).expectStatus().isNotFound();
	}

	@Test
	void aNewcomerJoinsWithTheCodeIsSignedInAndSeesTheClassWithoutItsCode() {
		Map<?, ?> created = create(this.trainer, Map.of("name", "Open day"));
		BrowserSession newcomer = new BrowserSession(this.client);
		String code = ((String) created.get("joinCode")).toLowerCase().replace("-", " ");
		newcomer.postJson("/api/join", Map.of("code", code, "username", "cls-newcomer", "password", "a-long-password",
				"language", "fr"))
			.expectStatus().isCreated().expectBody().jsonPath("$.classroom").isEqualTo(created.get("id"))
			.jsonPath("$.enrolledNow").isEqualTo(true);
		newcomer.get("/api/classes").expectStatus().isOk().expectBody()
			.jsonPath("$[0].name").isEqualTo("Open day")
			.jsonPath("$[0].joinCode").doesNotExist();
		newcomer.postJson("/api/join", Map.of("code", created.get("joinCode"))).expectStatus().isOk().expectBody()
			.jsonPath("$.enrolledNow").isEqualTo(false);
		this.trainer.get("/api/classes/" + created.get("id")).expectStatus().isOk().expectBody()
			.jsonPath("$.learners").isEqualTo(1);
	}

	@Test
	void wrongRotatedSwitchedOffClosedAndFullCodesAreRefusedSayingWhich() {
		Map<?, ?> created = create(this.trainer, Map.of("name", "Small", "seats", 1));
		String id = (String) created.get("id");
		String code = (String) created.get("joinCode");

		join("cls-wrong", "ZZZZ-ZZZZ", "en").expectStatus().isNotFound().expectBody().jsonPath("$.detail")
			.isEqualTo("No class has this join code. Check it with your trainer: codes are 8 letters and digits, and a"
					+ " trainer may have changed it.");
		join("cls-typo", "not a code", "fr").expectStatus().isNotFound().expectBody().jsonPath("$.detail")
			.isEqualTo("Aucune classe n'a ce code d'accès. Vérifiez-le avec votre formateur\u00a0: un code fait 8 lettres et"
					+ " chiffres, et il a pu être changé.");
		assertThat(adminSession().get("/api/admin/users").expectBody(String.class).returnResult().getResponseBody())
			.as("a wrong code leaves no account behind").doesNotContain("cls-wrong").doesNotContain("cls-typo");

		String rotated = (String) this.trainer.postJson("/api/classes/" + id + "/join-code", Map.of()).expectStatus()
			.isOk().expectBody(Map.class).returnResult().getResponseBody().get("joinCode");
		assertThat(rotated).isNotEqualTo(code);
		join("cls-late", code, "en").expectStatus().isNotFound();

		join("cls-first", rotated, "en").expectStatus().isCreated();
		join("cls-second", rotated, "en").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("The class Small is full: its 1 seats are taken. Ask your trainer for a seat.");

		patch(this.trainer, id, Map.of("seats", 5, "closesAt", Instant.now().minusSeconds(1).toString(), "opensAt",
				Instant.now().minusSeconds(3600).toString())).expectStatus().isOk();
		join("cls-after", rotated, "fr").expectStatus().isEqualTo(410).expectBody().jsonPath("$.detail")
			.isEqualTo("La classe Small est fermée\u00a0: son code ne permet plus de la rejoindre.");

		patch(this.trainer, id, Map.of("joinEnabled", false)).expectStatus().isOk().expectBody().jsonPath("$.joinCode")
			.doesNotExist();
		join("cls-off", rotated, "en").expectStatus().isNotFound();
	}

	@Test
	void aCrowdArrivingAtOnceNeverOverfillsAClass() {
		String code = (String) create(this.trainer, Map.of("name", "Crowd", "seats", 3)).get("joinCode");
		List<Integer> statuses = IntStream.range(0, 8)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> join("cls-crowd-" + i, code, "en")
				.returnResult(String.class).getStatus().value()))
			.toList().stream().map(CompletableFuture::join).toList();
		assertThat(statuses.stream().filter((status) -> status == 201)).hasSize(3);
		assertThat(statuses.stream().filter((status) -> status == 409)).hasSize(5);
	}

	@Test
	void enrolmentsRacingAtTheDatabaseNeverTakeMoreSeatsThanThereAre() {
		BrowserSession admin = adminSession();
		List<Long> learners = IntStream.range(0, 12).mapToObj((i) -> ((Number) admin.postJson("/api/admin/users",
				Map.of("username", "cls-race-" + i, "password", LEARNER_PASSWORD, "role", "LEARNER")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id")).longValue()).toList();
		for (int round = 0; round < 10; round++) {
			String id = (String) create(this.trainer, Map.of("name", "Race " + round, "seats", 3)).get("id");
			// All twelve statements are in flight at once on the connection pool, not one after the other.
			List<Boolean> enrolled = Flux.fromIterable(learners)
				.flatMap((learner) -> this.repository.enrol(id, learner, 3, Instant.now()), learners.size())
				.collectList().block();
			assertThat(enrolled.stream().filter(Boolean::booleanValue)).hasSize(3);
			assertThat(this.repository.countEnrolments(id).block()).isEqualTo(3);
		}
	}

	@Test
	void theJoinPageCreatesTheAccountAndLandsOnTheClassesPage() {
		Map<?, ?> created = create(this.trainer, Map.of("name", "By the page"));
		BrowserSession newcomer = new BrowserSession(this.client);
		String page = newcomer.get("/join/" + created.get("joinCode") + "?lang=en").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("Create your learner account").contains("name=\"username\"");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", "Not Valid!");
		form.add("password", "a-long-password");
		form.add("language", "en");
		assertThat(newcomer.postForm("/join/" + created.get("joinCode"), form).expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody())
			.contains("The username must be 2 to 32 characters").contains("value=\"Not Valid!\"");
		form.set("username", "cls-by-page");
		String location = newcomer.postForm("/join/" + created.get("joinCode"), form).expectStatus().is3xxRedirection()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		assertThat(location).isEqualTo("/classes?joined=" + created.get("id"));
		assertThat(newcomer.get(location).expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody()).contains("You joined By the page.");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec join(String username, String code,
			String language) {
		Map<String, Object> body = new HashMap<>();
		body.put("code", code);
		body.put("username", username);
		body.put("password", LEARNER_PASSWORD);
		return new BrowserSession(this.client).postJson("/api/join?lang=" + language, body);
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec patch(BrowserSession session,
			String id, Map<String, ?> body) {
		return session.client().patch().uri("/api/classes/" + id).header("X-XSRF-TOKEN", session.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static Map<?, ?> create(BrowserSession session, Map<String, ?> body) {
		return session.postJson("/api/classes", body).expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody();
	}

}
