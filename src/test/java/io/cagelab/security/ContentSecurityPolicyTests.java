package io.cagelab.security;

import java.util.ArrayList;
import java.util.List;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.course.CourseCatalog;
import io.cagelab.course.CourseModule;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page is served under a policy that runs only the app's own scripts, and no page needs more: no inline script,
 * no event-handler attribute, no inline style, nothing loaded from another origin.
 */
class ContentSecurityPolicyTests extends IntegrationTest {

	@Autowired
	CourseCatalog course;

	@Autowired
	ExerciseCatalog exercises;

	@Test
	void pagesGetTheStrictPolicyAndLabPagesOnlyAddInlineStylesForTheTerminal() {
		BrowserSession admin = adminSession();
		for (String page : List.of("/", "/modules", "/login", "/labs", "/admin/users", "/admin/host", "/no-such-page")) {
			admin.get(page).expectHeader().valueEquals("Content-Security-Policy", ContentSecurityPolicy.PAGES);
		}
		admin.get("/labs/fork-bomb-contained").expectStatus().isOk().expectHeader()
			.valueEquals("Content-Security-Policy", ContentSecurityPolicy.LAB_PAGES);
		admin.get("/authoring/fork-bomb-contained/preview").expectStatus().isOk().expectHeader()
			.valueEquals("Content-Security-Policy", ContentSecurityPolicy.LAB_PAGES);
		assertThat(ContentSecurityPolicy.PAGES).contains("script-src 'self';", "frame-ancestors 'none'",
				"object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'")
			.doesNotContain("unsafe");
		assertThat(ContentSecurityPolicy.LAB_PAGES).contains("script-src 'self';", "style-src 'self' 'unsafe-inline'");
	}

	@Test
	void diagramsKeepTheirOwnStricterPolicy() {
		CourseModule module = this.course.modules().block().get(0);
		String page = this.client.get().uri("/modules/" + module.id()).exchange().expectBody(String.class).returnResult()
			.getResponseBody();
		Element diagram = Jsoup.parse(page).selectFirst("main img[src^=/modules/][src$=.svg]");
		assertThat(diagram).as("a diagram on the first module's page").isNotNull();
		this.client.get().uri(diagram.attr("src")).exchange().expectStatus().isOk().expectHeader()
			.valueMatches("Content-Security-Policy", "default-src 'none'.*");
	}

	@Test
	void noPageNeedsInlineScriptsInlineStylesOrAnotherOrigin() {
		BrowserSession admin = adminSession();
		List<String> pages = new ArrayList<>(List.of("/", "/modules", "/login", "/labs", "/admin/users", "/admin/host",
				"/no-such-page"));
		for (CourseModule module : this.course.modules().block()) {
			pages.add("/modules/" + module.id());
		}
		for (Exercise exercise : this.exercises.exercises().block()) {
			pages.add("/labs/" + exercise.id());
		}
		for (String page : pages) {
			for (String language : List.of("en", "fr")) {
				String html = admin.get(page + "?lang=" + language).expectBody(String.class).returnResult().getResponseBody();
				assertThat(violations(Jsoup.parse(html))).as(page + " in " + language).isEmpty();
			}
		}
	}

	private static List<String> violations(Document page) {
		List<String> found = new ArrayList<>();
		page.select("script:not([src])").forEach((script) -> found.add("inline script: " + script));
		page.select("style").forEach((style) -> found.add("style element: " + style));
		for (Element element : page.getAllElements()) {
			for (Attribute attribute : element.attributes()) {
				if (attribute.getKey().startsWith("on") || attribute.getKey().equals("style")) {
					found.add("attribute " + attribute.getKey() + " on <" + element.tagName() + ">");
				}
			}
		}
		page.select("script[src], link[href], img[src], iframe, object, embed, base").forEach((element) -> {
			String url = element.hasAttr("src") ? element.attr("src") : element.attr("href");
			if (!url.startsWith("/") || url.startsWith("//")) {
				found.add("not from the app: " + element);
			}
		});
		return found;
	}

}
