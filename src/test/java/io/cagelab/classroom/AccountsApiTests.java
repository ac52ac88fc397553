package io.cagelab.classroom;

import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managing accounts: an admin any, a trainer the learners of their own classes, never a role; rosters from CSV.
 */
class AccountsApiTests extends IntegrationTest {

	@Test
	void aTrainerDisablesAndEnablesALearnerOfTheirClassButNoOneElses() {
		BrowserSession trainer = loggedIn("acc-trainer", "TRAINER");
		BrowserSession stranger = loggedIn("acc-stranger", "TRAINER");
		String code = joinCodeOf(create(trainer, "Accounts class"));
		long learnerId = join("acc-learner", code);

		patch(stranger, learnerId, Map.of("disabled", true)).expectStatus().isNotFound();
		patch(learner("acc-peer"), learnerId, Map.of("disabled", true)).expectStatus().isNotFound();
		patch(trainer, learnerId, Map.of("role", "TRAINER")).expectStatus().isForbidden();

		patch(trainer, learnerId, Map.of("disabled", true)).expectStatus().isOk().expectBody()
			.jsonPath("$.disabled").isEqualTo(true);
		assertThat(new BrowserSession(this.client).submitLogin("acc-learner", LEARNER_PASSWORD)).isEqualTo("/login?error");
		patch(trainer, learnerId, Map.of("disabled", false, "password", "a-new-password")).expectStatus().isOk();
		assertThat(new BrowserSession(this.client).submitLogin("acc-learner", "a-new-password")).isEqualTo("/");
	}

	@Test
	void anAdminChangesARoleButNeverDisablesTheLastAdminNorThemselves() {
		BrowserSession admin = adminSession();
		BrowserSession trainer = loggedIn("acc-promoted", "TRAINER");
		long trainerId = idOf(admin, "acc-promoted");
		patch(admin, trainerId, Map.of("role", "ADMIN")).expectStatus().isOk().expectBody().jsonPath("$.role")
			.isEqualTo("ADMIN");
		patch(admin, trainerId, Map.of("role", "trainer")).expectStatus().isOk();
		patch(admin, idOf(admin, "admin"), Map.of("disabled", true)).expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.detail").isEqualTo("You cannot disable, delete or change the role of your own account.");
		patch(admin, trainerId, Map.of("role", "ROOT")).expectStatus().isBadRequest();
		// Its role changed twice since it signed in: that session has ended.
		patch(trainer, idOf(admin, "admin"), Map.of("disabled", true)).expectStatus().isUnauthorized();
	}

	@Test
	void disablingALearnerEndsTheSessionsTheyAlreadyHave() {
		BrowserSession trainer = loggedIn("acc-ender", "TRAINER");
		String code = joinCodeOf(create(trainer, "Ending class"));
		long learnerId = join("acc-ended", code);
		BrowserSession learner = BrowserSession.loggedIn(this.client, "acc-ended", LEARNER_PASSWORD);
		BrowserSession otherTab = BrowserSession.loggedIn(this.client, "acc-ended", LEARNER_PASSWORD);
		learner.get("/api/sandboxes").expectStatus().isOk();

		patch(trainer, learnerId, Map.of("disabled", true)).expectStatus().isOk();
		learner.get("/api/sandboxes").expectStatus().isUnauthorized();
		otherTab.get("/labs").expectStatus().is3xxRedirection().expectHeader().valueEquals("Location", "/login");
		// The session itself is gone: enabling the account again does not bring it back.
		patch(trainer, learnerId, Map.of("disabled", false)).expectStatus().isOk();
		learner.get("/api/sandboxes").expectStatus().isUnauthorized();
		BrowserSession.loggedIn(this.client, "acc-ended", LEARNER_PASSWORD).get("/api/sandboxes").expectStatus().isOk();
	}

	@Test
	void aRosterCreatesAndEnrolsEveryLearnerOrNothingNamingTheBadLine() {
		BrowserSession trainer = loggedIn("acc-roster-trainer", "TRAINER");
		Map<?, ?> classroom = create(trainer, "Roster class");
		String path = "/api/classes/" + classroom.get("id") + "/roster";

		roster(trainer, path + "?lang=en", "username,password,language\nacc-r1,password-1,fr\nBad Name,password-2\n")
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail").value((String detail) -> assertThat(detail)
				.startsWith("Line 3 of the roster: 'Bad Name' needs a username of 2 to 32 characters"));
		roster(trainer, path + "?lang=fr", "acc-r1,password-1\nacc-r1,password-2\n").expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.detail").isEqualTo("La ligne 2 de la liste nomme «\u202facc-r1\u202f» une seconde fois.");
		roster(trainer, path + "?lang=en", "acc-r1,password-1\nacc-roster-trainer,password-2\n").expectStatus()
			.isEqualTo(409);
		assertThat(adminSession().get("/api/admin/users").expectBody(String.class).returnResult().getResponseBody())
			.as("a refused roster creates no one").doesNotContain("acc-r1");

		List<?> created = roster(trainer, path, "username,password,language\nacc-r1,password-1,fr\nacc-r2,password-2\n")
			.expectStatus().isCreated().expectBody(List.class).returnResult().getResponseBody();
		assertThat(created).hasSize(2);
		trainer.get("/api/classes/" + classroom.get("id")).expectStatus().isOk().expectBody().jsonPath("$.learners")
			.isEqualTo(2);
		assertThat(new BrowserSession(this.client).submitLogin("acc-r1", "password-1")).isEqualTo("/");
		roster(loggedIn("acc-roster-other", "TRAINER"), path, "acc-r3,password-3\n").expectStatus().isNotFound();
	}

	private WebTestClient.ResponseSpec roster(BrowserSession session, String path, String csv) {
		return session.client().post().uri(path).header("X-XSRF-TOKEN", session.csrfToken())
			.contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv).exchange();
	}

	private long join(String username, String code) {
		new BrowserSession(this.client).postJson("/api/join", Map.of("code", code, "username", username, "password",
				LEARNER_PASSWORD)).expectStatus().isCreated();
		return idOf(adminSession(), username);
	}

	private static long idOf(BrowserSession admin, String username) {
		List<?> accounts = admin.get("/api/admin/users").expectBody(List.class).returnResult().getResponseBody();
		return accounts.stream().map(Map.class::cast).filter((account) -> username.equals(account.get("username")))
			.map((account) -> ((Number) account.get("id")).longValue()).findFirst().orElseThrow();
	}

	private static String joinCodeOf(Map<?, ?> classroom) {
		return (String) classroom.get("joinCode");
	}

	private static Map<?, ?> create(BrowserSession session, String name) {
		return session.postJson("/api/classes", Map.of("name", name)).expectStatus().isCreated().expectBody(Map.class)
			.returnResult().getResponseBody();
	}

	private static WebTestClient.ResponseSpec patch(BrowserSession session, long id, Map<String, ?> body) {
		return session.client().patch().uri("/api/accounts/" + id).header("X-XSRF-TOKEN", session.csrfToken())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

}
