package io.cagelab.web;

import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure keeps its status and speaks the reader's language: a page with the site's layout and a way back for
 * a browser, an RFC 9457 problem for the API and for clients that ask for JSON.
 */
class ErrorPagesTests extends IntegrationTest {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@Test
	void aMissingModuleIsAPageInTheReadersLanguageForABrowserAndAProblemForAScript() {
		Document page = page(this.client, "/modules/nope?lang=fr", 404);
		assertThat(page.selectFirst("html").attr("lang")).isEqualTo("fr");
		assertThat(page.selectFirst("h1").text()).isEqualTo("Page introuvable");
		assertThat(page.selectFirst(".error-status").text()).isEqualTo("Erreur 404");
		assertThat(page.selectFirst("header.site-header nav")).as("the site's layout").isNotNull();
		assertThat(page.selectFirst("main a[href=/]").text()).isEqualTo("Retour à l'accueil");
		assertThat(page(this.client, "/modules/nope?lang=en", 404).selectFirst("h1").text()).isEqualTo("Page not found");

		for (MediaType json : new MediaType[] { MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON }) {
			this.client.get().uri("/modules/nope?lang=fr").accept(json).exchange().expectStatus().isNotFound()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.instance").isEqualTo("/modules/nope")
				.jsonPath("$.title").isEqualTo("Page introuvable")
				.jsonPath("$.detail").value((String detail) -> assertThat(detail).startsWith("Il n'y a rien à cette adresse."));
		}
	}

	@Test
	void aMissingLabNamesItInTheReadersLanguage() {
		BrowserSession learner = learner("err-learner");
		Document page = page(learner.client(), "/labs/nope?lang=fr", 404);
		assertThat(page.selectFirst("main p:not(.error-status)").text()).isEqualTo("Il n'y a pas de travail pratique «\u202fnope\u202f».");
		assertThat(page.selectFirst(".site-nav").text()).as("signed in: the menu is the learner's").contains("err-learner");
		learner.client().get().uri("/labs/nope?lang=en").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").isEqualTo("There is no lab 'nope'.");
	}

	@Test
	void aPageThatDoesNotExistAtAllIsNotFoundToo() {
		BrowserSession learner = learner("err-wanderer");
		assertThat(page(learner.client(), "/no/such/page?lang=en", 404).selectFirst("h1").text()).isEqualTo("Page not found");
		learner.get("/no/such/page").expectStatus().isNotFound().expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		learner.client().post().uri("/labs?lang=en").header("X-XSRF-TOKEN", learner.csrfToken())
			.header("Accept", BROWSER_ACCEPT).exchange().expectStatus().isEqualTo(405).expectBody(String.class)
			.value((html) -> assertThat(Jsoup.parse(html).selectFirst("h1").text()).isEqualTo("Request not allowed"));
	}

	@Test
	void aTrainerOnAnAdminPageIsRefusedWith403InTheirLanguage() {
		BrowserSession trainer = loggedIn("err-trainer", "TRAINER");
		Document page = page(trainer.client(), "/admin/users?lang=fr", 403);
		assertThat(page.selectFirst("h1").text()).isEqualTo("Accès refusé");
		assertThat(page.selectFirst("main").text()).contains("réservée aux administrateurs");
		assertThat(page.select("form[action=/logout] input[name=_csrf]")).as("the layout's log-out form works").hasSize(1);
		trainer.client().get().uri("/api/admin/users?lang=fr").exchange().expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.title").isEqualTo("Accès refusé");
		trainer.client().get().uri("/admin/host?lang=en").accept(MediaType.TEXT_HTML).exchange().expectStatus()
			.isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void anAnonymousReaderOfAPageForSignedInPeopleIsStillSentToTheLoginPage() {
		this.client.get().uri("/admin/users").header("Accept", BROWSER_ACCEPT).exchange().expectStatus().isFound()
			.expectHeader().location("/login");
	}

	@Test
	void anAdminsMistakeOnTheAccountsPageIsInTheirLanguageAndDatesAreWrittenForTheReader() {
		BrowserSession admin = adminSession();
		learner("err-taken");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", "err-taken");
		form.add("password", "long-enough-1");
		form.add("role", "LEARNER");
		String html = admin.client().post().uri("/admin/users?lang=fr").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(org.springframework.web.reactive.function.BodyInserters.fromFormData(withToken(admin, form)))
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		Document page = Jsoup.parse(html);
		assertThat(page.selectFirst("[role=alert]").text()).isEqualTo("Le nom d'utilisateur «\u202ferr-taken\u202f» est déjà pris.");
		String created = page.selectFirst("td time[data-local]").text();
		assertThat(created).doesNotContain("T").matches(".*\\d{4}.*");
		admin.postJson("/api/admin/users?lang=fr", Map.of("username", "err-taken", "password", "long-enough-1"))
			.expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("Le nom d'utilisateur «\u202ferr-taken\u202f» est déjà pris.");
	}

	private static MultiValueMap<String, String> withToken(BrowserSession session, MultiValueMap<String, String> form) {
		MultiValueMap<String, String> withToken = new LinkedMultiValueMap<>(form);
		withToken.add("_csrf", session.csrfToken());
		return withToken;
	}

	private static Document page(WebTestClient client, String uri, int status) {
		String html = client.get().uri(uri).header("Accept", BROWSER_ACCEPT).exchange().expectStatus().isEqualTo(status)
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).returnResult().getResponseBody();
		Document page = Jsoup.parse(html);
		assertThat(page.selectFirst("main").attr("data-status")).isEqualTo(String.valueOf(status));
		return page;
	}

}
