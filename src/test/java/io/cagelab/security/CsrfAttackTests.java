package io.cagelab.security;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged requests against a logged-in admin: each is refused with 403, and the answer says why. The server compares
 * what comes back only with the token kept in the session; the XSRF-TOKEN cookie it receives is never read.
 */
class CsrfAttackTests extends IntegrationTest {

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	BrowserSession admin;

	@BeforeEach
	void logInAdmin() {
		this.admin = adminSession();
	}

	@Test
	void aCrawlerOfTheCourseGetsNoSessionWhileTheLoginAndJoinPagesHandOutATokenInOne() {
		for (String page : new String[] { "/", "/modules", "/modules/fork-bomb", "/css/cagelab.css" }) {
			assertThat(this.client.get().uri(page).exchange().expectStatus().isOk().returnResult(String.class)
				.getResponseCookies()).as(page).doesNotContainKeys("SESSION", "XSRF-TOKEN");
		}
		for (String page : new String[] { "/login", "/join/ABCD-EFGH" }) {
			assertThat(this.client.get().uri(page).exchange().expectStatus().isOk().returnResult(String.class)
				.getResponseCookies()).as(page).containsKeys("SESSION", "XSRF-TOKEN");
		}
	}

	@Test
	void aPlantedCookieWithTheSameValueInTheHeaderIsRefusedAsAMismatch() {
		this.admin.plantCookie("XSRF-TOKEN", "planted-token");

		jsonWithToken(this.admin.client(), "csrf-planted-header", "planted-token")
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-token-mismatch")
			.jsonPath("$.detail").isEqualTo("The request's CSRF token is not the one of your session: reload the page and try again.");

		assertThat(accounts()).doesNotContain("csrf-planted-header");
		// The refusal wrote the session's own token over the planted cookie, and that one works.
		assertThat(this.admin.cookie("XSRF-TOKEN")).isNotEqualTo("planted-token");
		this.admin.postJson("/api/admin/users", newAccount("csrf-after-planting")).expectStatus().isCreated();
	}

	@Test
	void aPlantedCookieWithTheSameValueInTheFormFieldIsRefusedAsAMismatch() {
		this.admin.plantCookie("XSRF-TOKEN", "planted-token");

		formWithToken(this.admin.client(), "csrf-planted-form", "planted-token").expectStatus().isForbidden()
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-token-mismatch");

		assertThat(accounts()).doesNotContain("csrf-planted-form");
	}

	@Test
	void aBrowserSubmittingAFormSeesTheReasonOnTheErrorPage() {
		this.admin.plantCookie("XSRF-TOKEN", "planted-token");

		formWithToken(this.admin.client().mutate().defaultHeader("Accept", "text/html").build(), "csrf-page", "planted-token")
			.expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).value((page) -> assertThat(page)
				.contains(escaped("The request's CSRF token is not the one of your session: reload the page and try again.")));
	}

	@Test
	void theTokenOfAnotherSessionIsRefusedAsAMismatch() {
		String attackersOwnToken = learner("csrf-attacker").csrfToken();

		jsonWithToken(this.admin.client(), "csrf-other-session", attackersOwnToken).expectStatus().isForbidden()
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-token-mismatch");

		assertThat(accounts()).doesNotContain("csrf-other-session");
	}

	@Test
	void aRequestWithoutTokenIsRefusedAsMissing() {
		this.admin.client().post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newAccount("csrf-no-token")).exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-token-missing")
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("X-XSRF-TOKEN"));

		assertThat(accounts()).doesNotContain("csrf-no-token");
	}

	@Test
	void aRequestWithoutTheSessionIsRefusedForHavingNoSessionToken() {
		// What a cross-site page gets: its POST carries no SameSite=Lax session cookie, whatever cookie it planted.
		this.client.post().uri("/api/admin/users").cookie("XSRF-TOKEN", "planted-token")
			.header("X-XSRF-TOKEN", "planted-token").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newAccount("csrf-no-session")).exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-no-session-token");
	}

	@Test
	void frenchReadersAreToldWhyInFrench() {
		this.admin.get("/modules?lang=fr").expectStatus().isOk();
		this.admin.plantCookie("XSRF-TOKEN", "planted-token");

		jsonWithToken(this.admin.client(), "csrf-fr", "planted-token").expectStatus().isForbidden()
			.expectBody().jsonPath("$.detail")
			.isEqualTo("Le jeton CSRF de la requête n'est pas celui de votre session\u00a0: rechargez la page et réessayez.");
	}

	@Test
	void theSessionTokenWorksPlainInTheHeaderAndTheFieldAndMaskedAsPagesWriteIt() {
		this.admin.postJson("/api/admin/users", newAccount("csrf-plain-header")).expectStatus().isCreated();
		this.admin.postForm("/admin/users", form("csrf-plain-field")).expectStatus().isSeeOther();

		String firstPageToken = formToken(this.admin.get("/admin/users"));
		String secondPageToken = formToken(this.admin.get("/admin/users"));
		// Masked afresh on every page (BREACH), never the plain token, and each mask is accepted.
		assertThat(firstPageToken).isNotEqualTo(secondPageToken).isNotEqualTo(this.admin.csrfToken());
		formWithOnlyToken(firstPageToken, "csrf-masked-first").expectStatus().isSeeOther();
		formWithOnlyToken(secondPageToken, "csrf-masked-second").expectStatus().isSeeOther();

		assertThat(accounts()).contains("csrf-plain-header", "csrf-plain-field", "csrf-masked-first",
				"csrf-masked-second");
	}

	@Test
	void loginGivesAFreshTokenAndTheOneFromBeforeStopsWorking() {
		BrowserSession session = new BrowserSession(this.client);
		String beforeLogin = session.csrfToken();
		assertThat(session.submitLogin("admin", ADMIN_PASSWORD)).isEqualTo("/");

		String afterLogin = session.cookie("XSRF-TOKEN");
		assertThat(afterLogin).isNotNull().isNotEqualTo(beforeLogin);
		jsonWithToken(session.client(), "csrf-fixed-token", beforeLogin).expectStatus().isForbidden()
			.expectBody().jsonPath("$.refusal").isEqualTo("csrf-token-mismatch");
		// What the page's JavaScript reads from the cookie after the login is what the server expects.
		session.postJson("/api/admin/users", newAccount("csrf-after-login")).expectStatus().isCreated();
	}

	@Test
	void logoutDropsTheTokenAndTheNextPageHandsOutANewOneThatWorks() {
		BrowserSession session = BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
		String loggedInToken = session.csrfToken();
		session.postForm("/logout", new LinkedMultiValueMap<>()).expectStatus().isFound().expectHeader()
			.location("/login?logout").expectCookie().maxAge("XSRF-TOKEN", java.time.Duration.ZERO);

		session.get("/login?logout").expectStatus().isOk();
		assertThat(session.cookie("XSRF-TOKEN")).isNotNull().isNotEqualTo(loggedInToken);
		assertThat(session.submitLogin("admin", ADMIN_PASSWORD)).isEqualTo("/");
		session.postJson("/api/admin/users", newAccount("csrf-after-logout")).expectStatus().isCreated();
	}

	@Test
	void cookiesAreSameSiteLaxAndOnlyTheTokenIsReadableByScripts() {
		WebTestClient.ResponseSpec loginPage = this.client.get().uri("/login").exchange();
		loginPage.expectCookie().sameSite("SESSION", "Lax").expectCookie().httpOnly("SESSION", true)
			.expectCookie().sameSite("XSRF-TOKEN", "Lax").expectCookie().httpOnly("XSRF-TOKEN", false)
			.expectCookie().path("XSRF-TOKEN", "/");
		// Forwarded headers are not trusted: a client cannot talk the app into believing it is served over HTTPS.
		this.client.get().uri("/login").header("X-Forwarded-Proto", "https").exchange()
			.expectCookie().secure("SESSION", false).expectCookie().secure("XSRF-TOKEN", false);
	}

	@Test
	void theTokenCookieIsSecureOverHttpsOrWhenTheSessionCookieIsConfiguredSecure() {
		assertThat(tokenCookie(null, "https://cagelab.test/").isSecure()).isTrue();
		assertThat(tokenCookie(null, "http://cagelab.test/").isSecure()).isFalse();
		// Behind a TLS proxy the app sees plain HTTP: the session cookie's setting decides for both.
		assertThat(tokenCookie(true, "http://cagelab.test/").isSecure()).isTrue();
	}

	private static ResponseCookie tokenCookie(Boolean secure, String url) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(url));
		var tokens = new SessionCsrfTokenRepository(secure);
		CsrfToken token = tokens.generateToken(exchange).block();
		tokens.saveToken(exchange, token).block();
		ResponseCookie cookie = exchange.getResponse().getCookies().getFirst("XSRF-TOKEN");
		assertThat(cookie.getValue()).isEqualTo(token.getToken());
		return cookie;
	}

	private WebTestClient.ResponseSpec jsonWithToken(WebTestClient client, String username, String token) {
		return client.post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
			.header("X-XSRF-TOKEN", token).bodyValue(newAccount(username)).exchange();
	}

	private WebTestClient.ResponseSpec formWithToken(WebTestClient client, String username, String token) {
		MultiValueMap<String, String> fields = form(username);
		fields.add("_csrf", token);
		return client.post().uri("/admin/users").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields)).exchange();
	}

	private WebTestClient.ResponseSpec formWithOnlyToken(String token, String username) {
		return formWithToken(this.admin.client(), username, token);
	}

	private String accounts() {
		return this.admin.get("/api/admin/users").expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
	}

	private static String formToken(WebTestClient.ResponseSpec page) {
		String html = page.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		Matcher token = FORM_TOKEN.matcher(html);
		assertThat(token.find()).as("a form with a _csrf field").isTrue();
		return token.group(1);
	}

	private static Map<String, String> newAccount(String username) {
		return Map.of("username", username, "password", "csrf-pass-1", "role", "LEARNER");
	}

	private static MultiValueMap<String, String> form(String username) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", username);
		form.add("password", "csrf-pass-1");
		form.add("role", "LEARNER");
		return form;
	}

}
