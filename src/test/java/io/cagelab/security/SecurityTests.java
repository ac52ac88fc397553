package io.cagelab.security;

import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityTests extends IntegrationTest {

	BrowserSession admin;

	@BeforeEach
	void logInAdmin() {
		this.admin = adminSession();
	}

	@Test
	void adminLogsInWithTheConfiguredPassword() {
		this.admin.get("/admin/users").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Signed in as admin").contains("Accounts"));
	}

	@Test
	void loginPageShowsNoErrorBeforeAnAttempt() {
		this.client.get().uri("/login").exchange().expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("<form").doesNotContain("Invalid username or password."));
	}

	@Test
	void wrongPasswordAndUnknownUserGiveTheSameMessage() {
		learner("sec-learner-a");
		BrowserSession wrongPassword = new BrowserSession(clientFrom("127.0.9.1"));
		BrowserSession unknownUser = new BrowserSession(clientFrom("127.0.9.1"));

		assertThat(wrongPassword.submitLogin("sec-learner-a", "not-the-password")).isEqualTo("/login?error");
		assertThat(unknownUser.submitLogin("nobody-here", "whatever-pass")).isEqualTo("/login?error");

		String wrongPasswordPage = wrongPassword.get("/login?error").expectBody(String.class).returnResult().getResponseBody();
		String unknownUserPage = unknownUser.get("/login?error").expectBody(String.class).returnResult().getResponseBody();
		assertThat(wrongPasswordPage).contains("Invalid username or password.").doesNotContain("unknown");
		assertThat(unknownUserPage).contains("Invalid username or password.");
	}

	@Test
	void loginPageSaysWhenTheThrottleTurnedAnAttemptAway() {
		this.client.get().uri("/login?throttled").exchange().expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Too many login attempts: wait a little, then try again."));
		this.client.get().uri("/login?throttled&lang=fr").exchange().expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("Trop de tentatives de connexion\u00a0: attendez un peu, puis réessayez."));
	}

	@Test
	void learnerIsForbiddenOnAdminPagesAndApi() {
		BrowserSession learner = learner("sec-learner-b");

		learner.get("/admin/users").expectStatus().isForbidden();
		learner.get("/admin/host").expectStatus().isForbidden();
		learner.get("/api/admin/users").expectStatus().isForbidden();
		learner.postJson("/api/admin/users", Map.of("username", "sneaky", "password", "sneaky-pass-1"))
			.expectStatus().isForbidden();
		learner.get("/modules").expectStatus().isOk();
	}

	@Test
	void trainerIsForbiddenOnAdminPages() {
		BrowserSession trainer = loggedIn("sec-trainer", "TRAINER");

		trainer.get("/admin/users").expectStatus().isForbidden();
	}

	@Test
	void anonymousVisitorsAreSentToLoginAndScriptsGet401() {
		this.client.get().uri("/admin/host").exchange().expectStatus().isFound().expectHeader()
			.location("/login");
		this.client.get().uri("/api/admin/users").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/modules").exchange().expectStatus().isOk();
	}

	@Test
	void postWithoutCsrfTokenIsRefused() {
		this.admin.client().post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "no-token", "password", "no-token-pass", "role", "LEARNER"))
			.exchange().expectStatus().isForbidden();
		this.admin.client().post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
			.header("X-XSRF-TOKEN", "forged-token")
			.bodyValue(Map.of("username", "no-token", "password", "no-token-pass", "role", "LEARNER"))
			.exchange().expectStatus().isForbidden();
		this.admin.get("/api/admin/users").expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("no-token"));
	}

	@Test
	void loginFormWithoutCsrfTokenIsRefused() {
		this.client.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("username=admin&password=" + ADMIN_PASSWORD).exchange().expectStatus().isForbidden();
	}

	@Test
	void adminCreatesAccountsThroughTheJsonApiWithTheXsrfHeader() {
		this.admin.postJson("/api/admin/users", Map.of("username", "sec-api-made", "password", "made-pass-1", "role", "trainer"))
			.expectStatus().isCreated().expectBody().jsonPath("$.username").isEqualTo("sec-api-made")
			.jsonPath("$.role").isEqualTo("TRAINER").jsonPath("$.passwordHash").doesNotExist();

		this.admin.postJson("/api/admin/users", Map.of("username", "sec-api-made", "password", "made-pass-1"))
			.expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("The username 'sec-api-made' is already taken.");
		this.admin.postJson("/api/admin/users", Map.of("username", "x", "password", "made-pass-1"))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("username"));
		this.admin.postJson("/api/admin/users", Map.of("username", "short-pass", "password", "short"))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("password"));
		this.admin.postJson("/api/admin/users", Map.of("username", "bad-role", "password", "made-pass-1", "role", "ROOT"))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("ROOT"));

		BrowserSession.loggedIn(this.client, "sec-api-made", "made-pass-1");
	}

	@Test
	void adminFormKeepsWhatWasTypedWhenAnAccountIsRefused() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", "Bad Name");
		form.add("password", "whatever-pass");
		form.add("role", "TRAINER");
		this.admin.postForm("/admin/users", form).expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("The username must be").contains("value=\"Bad Name\"")
				.contains("<option value=\"TRAINER\" selected=\"selected\">"));
	}

	@Test
	void logoutEndsTheSession() {
		BrowserSession session = BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
		session.postForm("/logout", new LinkedMultiValueMap<>()).expectStatus().isFound().expectHeader()
			.location("/login?logout");
		session.get("/admin/users").expectStatus().isFound();
	}

}
