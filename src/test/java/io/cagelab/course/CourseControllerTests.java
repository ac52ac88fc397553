package io.cagelab.course;

import java.util.List;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class CourseControllerTests extends IntegrationTest {

	static final List<String> MODULES = List.of("fork-bomb", "vms-vs-containers", "chroot", "cgroups", "namespaces",
			"capabilities", "seccomp", "best-practices");

	@Autowired
	CourseCatalog catalog;

	@Test
	void theCourseHasTheEightModulesOfTheIssuesInOrder() {
		assertThat(this.catalog.modules().block()).extracting(CourseModule::id).containsExactlyElementsOf(MODULES);
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void everyModuleRendersInEachLanguage(Language language) {
		for (CourseModule module : this.catalog.modules().block()) {
			assertThat(module.hasPage(language)).as("%s has a %s page", module.id(), language).isTrue();
			String title = module.page(language).title();
			this.client.get().uri("/modules/{id}?lang={lang}", module.id(), language.code()).exchange()
				.expectStatus().isOk()
				.expectBody(String.class)
				.value((page) -> assertThat(page).contains("<html lang=\"" + language.code() + "\"")
					.contains(escaped(title))
					.doesNotContain("module.untranslated"));
		}
	}

	@Test
	void eachModuleIsWrittenInTwoDifferentLanguages() {
		for (CourseModule module : this.catalog.modules().block()) {
			assertThat(module.page(Language.FR).title()).as(module.id()).isNotEqualTo(module.page(Language.EN).title());
		}
	}

	@Test
	void theModuleListLinksEveryModule() {
		this.client.get().uri("/modules?lang=en").exchange().expectStatus().isOk().expectBody(String.class)
			.value((page) -> MODULES.forEach((id) -> assertThat(page).contains("href=\"/modules/" + id + "\"")));
	}

	@Test
	void languageDefaultsFromTheBrowserThenFollowsTheChoiceWhichIsRemembered() {
		this.client.get().uri("/modules").header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").exchange()
			.expectBody(String.class).value((page) -> assertThat(page).contains("<h1>Le cours</h1>"));
		this.client.get().uri("/modules").header("Accept-Language", "de-DE").exchange()
			.expectBody(String.class).value((page) -> assertThat(page).contains("<h1>The course</h1>"));

		BrowserSession reader = new BrowserSession(this.client);
		reader.get("/modules?lang=fr").expectStatus().isOk().expectCookie().valueEquals("cagelab-lang", "fr");
		reader.client().get().uri("/modules").header("Accept-Language", "en").exchange()
			.expectBody(String.class).value((page) -> assertThat(page).contains("<h1>Le cours</h1>"));
		reader.get("/modules?lang=en").expectBody(String.class)
			.value((page) -> assertThat(page).contains("<h1>The course</h1>"));
	}

	@Test
	void anUnknownModuleIsNotFound() {
		this.client.get().uri("/modules/no-such-module").exchange().expectStatus().isNotFound();
	}

	@Test
	void pagesLoadNothingFromOutsideTheApp() {
		this.client.get().uri("/modules/fork-bomb").exchange().expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContainPattern("src=\"(https?:)?//")
				.doesNotContainPattern("<link[^>]+href=\"(https?:)?//"));
		this.client.get().uri("/css/cagelab.css").exchange().expectStatus().isOk().expectBody(String.class)
			.value((css) -> assertThat(css).doesNotContain("url(http").doesNotContain("@import"));
	}

}
