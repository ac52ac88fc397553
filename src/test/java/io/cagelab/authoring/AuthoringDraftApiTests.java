package io.cagelab.authoring;

import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the editor asks while a trainer types, nothing saved: a draft's problems in the reader's language with its
 * spec as a tree for the form and its instructions as the lab page renders them; and the YAML a form's tree makes,
 * canonical once it is a whole exercise, as the form holds it before. Only for an exercise the viewer may edit.
 */
class AuthoringDraftApiTests extends IntegrationTest {

	@Test
	void aDraftIsCheckedAsTypedWithItsTreeAndItsInstructionsRenderedAndNothingIsSaved() {
		BrowserSession trainer = loggedIn("draft-trainer", "TRAINER");
		String spec = AuthoringApiTests.SPEC.formatted("draft-typed");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(spec, "# Limit", "# Limiter", null)).expectStatus()
			.isCreated();
		String typed = spec.replace("points: 2", "points: 0");
		Map<?, ?> checked = draft(trainer, "draft-typed", "fr", Map.of("spec", typed, "readme",
				Map.of("en", "# Limit\n\nRun <script>alert(1)</script> `ps`", "fr", "# Limiter")));
		List<?> problems = (List<?>) checked.get("problems");
		assertThat(problems).hasSize(1);
		Map<?, ?> problem = (Map<?, ?>) problems.get(0);
		assertThat(problem.get("path")).isEqualTo("checks[0].points");
		assertThat(problem.get("line")).isEqualTo(9);
		assertThat((String) problem.get("message")).contains("0");
		Map<?, ?> tree = (Map<?, ?>) checked.get("tree");
		assertThat(tree.get("id")).isEqualTo("draft-typed");
		assertThat(((Map<?, ?>) ((List<?>) tree.get("checks")).get(0)).get("points")).isEqualTo(0);
		String english = (String) ((Map<?, ?>) checked.get("instructions")).get("en");
		assertThat(english).contains("<code>ps</code>").doesNotContain("<script");
		trainer.get("/api/authoring/exercises/draft-typed").expectStatus().isOk().expectBody()
			.jsonPath("$.version").isEqualTo(1).jsonPath("$.spec").isEqualTo(spec);

		Map<?, ?> unreadable = draft(trainer, "draft-typed", "en", Map.of("spec", "id: [unclosed", "readme", Map.of()));
		assertThat(unreadable.get("tree")).isNull();
		assertThat((List<?>) unreadable.get("problems")).isNotEmpty();
	}

	@Test
	void aFormsTreeIsWrittenCanonicalWhenWholeAndAsHeldWhileACheckIsHalfWritten() {
		BrowserSession trainer = loggedIn("draft-form-trainer", "TRAINER");
		String spec = AuthoringApiTests.SPEC.formatted("draft-form");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(spec, "# Limit", "# Limiter", null)).expectStatus()
			.isCreated();
		Map<?, ?> tree = (Map<?, ?>) draft(trainer, "draft-form", "en", AuthoringApiTests.body(spec, "", "", null))
			.get("tree");

		Map<?, ?> whole = spec(trainer, "draft-form", Map.of("tree", tree));
		assertThat((List<?>) whole.get("problems")).isEmpty();
		assertThat((String) whole.get("spec")).startsWith("id: draft-form\nmodule: best-practices\nkind: run\ntitle:\n"
				+ "  en: Limit processes\n  fr: Limiter les processus\nchecks:\n  - id: pids\n    kind: rule\n");

		@SuppressWarnings("unchecked")
		Map<String, Object> halfWritten = new java.util.LinkedHashMap<>((Map<String, Object>) tree);
		List<Object> checks = new java.util.ArrayList<>((List<?>) tree.get("checks"));
		Map<String, Object> halfCheck = new java.util.LinkedHashMap<>();
		halfCheck.put("id", "");
		halfCheck.put("kind", "rule");
		halfCheck.put("points", 1);
		checks.add(halfCheck);
		halfWritten.put("checks", checks);
		Map<?, ?> written = spec(trainer, "draft-form", Map.of("tree", halfWritten));
		assertThat((String) written.get("spec")).contains("  - id: ''\n    kind: rule\n    points: 1\n");
		assertThat(((List<?>) written.get("problems")).stream().map((item) -> (Object) ((Map<?, ?>) item).get("path")).toList())
			.contains((Object) "checks[1].rule");
	}

	@Test
	void onlyThoseWhoMayEditAnExerciseMayCheckItsDrafts() {
		BrowserSession owner = loggedIn("draft-owner", "TRAINER");
		AuthoringApiTests.post(owner, AuthoringApiTests.body(AuthoringApiTests.SPEC.formatted("draft-private"), "", "",
				null)).expectStatus().isCreated();
		Map<String, Object> body = AuthoringApiTests.body("id: x", "", "", null);
		loggedIn("draft-other", "TRAINER").postJson("/api/authoring/exercises/draft-private/draft", body)
			.expectStatus().isNotFound();
		learner("draft-learner").postJson("/api/authoring/exercises/draft-private/draft/spec", Map.of("tree", Map.of()))
			.expectStatus().isNotFound();
		owner.postJson("/api/authoring/exercises/draft-private/draft",
				Map.of("spec", "x".repeat(2 * 1024 * 1024), "readme", Map.of())).expectStatus().isEqualTo(413);
	}

	private static Map<?, ?> draft(BrowserSession session, String id, String language, Object body) {
		return session.client().post().uri("/api/authoring/exercises/" + id + "/draft?lang=" + language)
			.header("X-XSRF-TOKEN", session.csrfToken()).bodyValue(body).exchange().expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	private static Map<?, ?> spec(BrowserSession session, String id, Object body) {
		return session.postJson("/api/authoring/exercises/" + id + "/draft/spec", body).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

}
