package io.cagelab.course;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import io.cagelab.IntegrationTest;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course as the issues define it: eight modules, each taught properly in both languages with a diagram, each with a
 * lab checked in the sandbox and at least two graded exercises; the best practices module with six hardening ones.
 */
class CourseContentTests extends IntegrationTest {

	static final int MIN_WORDS = 600;

	private static final Pattern DIAGRAM = Pattern.compile("<img[^>]+src=\"(/modules/[a-z0-9-]+/[a-z0-9._-]+\\.svg)\"");

	@Autowired
	CourseCatalog catalog;

	@Autowired
	ExerciseCatalog exercises;

	@Test
	void everyModuleTeachesItsTopicInBothLanguagesWithAtLeastOneDiagram() throws Exception {
		for (CourseModule module : this.catalog.modules().block()) {
			for (Language language : Language.values()) {
				assertThat(module.hasPage(language)).as("%s has a %s page", module.id(), language).isTrue();
				String html = module.page(language).html();
				int words = Jsoup.parse(html).text().split("\\s+").length;
				assertThat(words).as("words in %s (%s)", module.id(), language).isGreaterThanOrEqualTo(MIN_WORDS);
				Matcher diagrams = DIAGRAM.matcher(html);
				assertThat(diagrams.find()).as("%s (%s) shows a diagram", module.id(), language).isTrue();
				do {
					assertServedAsWellFormedSvg(diagrams.group(1));
				}
				while (diagrams.find());
			}
		}
	}

	private void assertServedAsWellFormedSvg(String path) throws Exception {
		byte[] svg = this.client.get().uri(path).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("image/svg+xml"))
			.expectHeader().valueMatches("Content-Security-Policy", "default-src 'none'.*")
			.expectBody(byte[].class).returnResult().getResponseBody();
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		assertThat(factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg)).getDocumentElement().getTagName())
			.as(path).isEqualTo("svg");
		assertThat(new String(svg, java.nio.charset.StandardCharsets.UTF_8)).as(path).doesNotContain("<script")
			.doesNotContain("foreignObject");
	}

	@Test
	void everyModuleHasALabCheckedInTheSandboxAndTwoGradedExercises() {
		Map<String, List<Exercise>> byModule = this.exercises.exercises().block().stream()
			.collect(Collectors.groupingBy(Exercise::module));
		for (CourseModule module : this.catalog.modules().block()) {
			List<Exercise> ofModule = byModule.getOrDefault(module.id(), List.of());
			assertThat(ofModule).as("%s has a lab whose probes check the sandbox", module.id())
				.anyMatch((exercise) -> exercise.kind().code().equals("lab")
						&& exercise.checks().stream().anyMatch((check) -> check.kind().code().equals("probe")));
			assertThat(ofModule.stream().filter((exercise) -> !exercise.kind().code().equals("lab")))
				.as("%s has two graded exercises besides its labs", module.id()).hasSizeGreaterThanOrEqualTo(2);
		}
		List<Exercise> hardening = byModule.get("best-practices").stream().filter(Exercise::takesArtifact).toList();
		assertThat(hardening).as("hardening exercises").hasSizeGreaterThanOrEqualTo(6);
		assertThat(hardening).extracting((exercise) -> exercise.kind().code()).as("across run lines, Dockerfiles and compose files")
			.contains("run", "dockerfile", "compose");
		assertThat(hardening).extracting(Exercise::id).contains("fork-bomb-harmless", "socket-proxy");
	}

	@Test
	void everyModulePageLinksToItsLabsAndExercises() {
		Map<String, List<Exercise>> byModule = this.exercises.exercises().block().stream()
			.collect(Collectors.groupingBy(Exercise::module));
		for (CourseModule module : this.catalog.modules().block()) {
			for (Language language : Language.values()) {
				this.client.get().uri("/modules/{id}?lang={lang}", module.id(), language.code()).exchange()
					.expectStatus().isOk()
					.expectBody(String.class)
					.value((page) -> byModule.getOrDefault(module.id(), List.of()).forEach((exercise) ->
							assertThat(page).as("%s (%s) links %s", module.id(), language, exercise.id())
								.contains("href=\"/labs/" + exercise.id() + "\"")
								.contains(escaped(exercise.title(language)))));
			}
		}
	}

	@Test
	void aDiagramOutsideTheCourseIsNotServed() {
		this.client.get().uri("/modules/cgroups/..%2F..%2Fpom.xml.svg").exchange().expectStatus().is4xxClientError();
		this.client.get().uri("/modules/cgroups/.hidden.svg").exchange().expectStatus().isNotFound();
		this.client.get().uri("/modules/no-such-module/x.svg").exchange().expectStatus().isNotFound();
	}

}
