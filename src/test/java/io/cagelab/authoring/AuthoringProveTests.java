package io.cagelab.authoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proving an exercise over the real app and engine: each step streamed as it completes, then the verdict; a solution
 * that no longer earns full marks and a wrong answer that is not caught each named; one proof per exercise and a few
 * on the host; a save during a proof keeps the exercise a draft.
 */
class AuthoringProveTests extends IntegrationTest {

	/**
	 * The smallest exercise that plays on the engine: a run line with one rule and one runtime check (a trial
	 * container each time it is graded), and one wrong answer.
	 */
	static final String SPEC = """
			id: %s
			module: best-practices
			kind: run
			title: {en: Limit processes, fr: Limiter les processus}
			checks:
			  - id: pids
			    kind: rule
			    rule: HR-09
			    points: 2
			    hint: {en: Look at pids, fr: Regardez les pids}
			  - id: pids-max
			    kind: runtime
			    title: {en: The process limit inside, fr: La limite de processus dedans}
			    command: 'echo "pids=$(cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max)"'
			    expect:
			      exit: 0
			      output: 'pids=10\\b'
			    points: 1
			    hint: {en: pids.max must read 10, fr: pids.max doit valoir 10}
			solution: docker run --pids-limit 10 app:1
			wrong-answers:
			  - content: docker run app:1
			    fails: {pids: pids-limit, pids-max: must read 10}
			""";

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	JsonMapper json;

	@Autowired
	ProofSlots slots;

	@Test
	void aValidExerciseIsProvenStepByStepOnTheEngineAndBecomesProvenAtThatVersion() {
		BrowserSession trainer = loggedIn("prove-trainer-valid", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC.formatted("prove-valid"), "# Limit", "# Limiter",
				null)).expectStatus().isCreated();

		long started = System.nanoTime();
		List<Event> events = prove(trainer, "prove-valid", "en");
		long took = (System.nanoTime() - started) / 1_000_000;
		System.out.println("A proof of prove-valid (a solution and one wrong answer, a trial each) took " + took + " ms");
		assertThat(events).extracting(Event::name).containsExactly("solution", "wrong-answer", "verdict");
		JsonNode solution = events.get(0).data();
		assertThat(solution.path("score").asInt()).isEqualTo(3);
		assertThat(solution.path("maxScore").asInt()).isEqualTo(3);
		assertThat(solution.path("passed").asBoolean()).isTrue();
		assertThat(solution.path("checks").findValuesAsString("id")).contains("pids", "pids-max");
		JsonNode wrong = events.get(1).data();
		assertThat(wrong.path("number").asInt()).isEqualTo(1);
		assertThat(wrong.path("caught").asBoolean()).isTrue();
		assertThat(wrong.path("missed").size()).isZero();
		JsonNode verdict = events.get(2).data();
		assertThat(verdict.path("verdict").asString()).isEqualTo("proven");
		assertThat(verdict.path("version").asInt()).isEqualTo(1);
		assertThat(verdict.path("current").asBoolean()).isTrue();
		assertThat(verdict.path("state").asString()).isEqualTo("proven");
		assertThat(verdict.path("message").asString()).isEqualTo("Version 1 of 'prove-valid' is proven: its reference"
				+ " solution earns full marks and every wrong answer is caught. It can be published.");
		trainer.get("/api/authoring/exercises/prove-valid").expectStatus().isOk().expectBody()
			.jsonPath("$.state").isEqualTo("proven").jsonPath("$.provenVersion").isEqualTo(1)
			.jsonPath("$.publishedVersion").doesNotExist();

		// Every save makes it a draft again; the version proven stays on record.
		AuthoringApiTests.put(trainer, "prove-valid", AuthoringApiTests.body(SPEC.formatted("prove-valid"), "# Limit!",
				"# Limiter", 1)).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("draft")
			.jsonPath("$.version").isEqualTo(2).jsonPath("$.provenVersion").isEqualTo(1);
	}

	/** The solution no longer earns full marks once a check expects something else: the reason names the check. */
	@Test
	void aSolutionThatNoLongerEarnsFullMarksFailsTheProofNamingTheCheckInTheReadersLanguage() {
		BrowserSession trainer = loggedIn("prove-trainer-solution", "TRAINER");
		String changed = SPEC.formatted("prove-solution").replace("pids=10\\b", "pids=20\\b");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(changed, "", "", null)).expectStatus().isCreated();

		List<Event> events = prove(trainer, "prove-solution", "en");
		assertThat(events).extracting(Event::name).containsExactly("solution", "wrong-answer", "verdict");
		assertThat(events.get(0).data().path("passed").asBoolean()).isFalse();
		assertThat(events.get(0).data().path("score").asInt()).isEqualTo(2);
		JsonNode verdict = events.get(2).data();
		assertThat(verdict.path("verdict").asString()).isEqualTo("failed");
		assertThat(verdict.path("state").asString()).isEqualTo("draft");
		assertThat(verdict.path("message").asString()).isEqualTo("Version 1 of 'prove-solution' is not proven: one"
				+ " problem to fix.");
		assertThat(verdict.path("reasons").get(0).asString())
			.startsWith("The reference solution fails 'pids-max': ").contains("pids=10");

		List<Event> french = prove(trainer, "prove-solution", "fr");
		assertThat(french.get(2).data().path("reasons").get(0).asString())
			.startsWith("La solution de référence échoue à «\u202fpids-max\u202f»\u00a0: ");
		trainer.get("/api/authoring/exercises/prove-solution").expectBody().jsonPath("$.state").isEqualTo("draft")
			.jsonPath("$.provenVersion").doesNotExist();
		trainer.postJson("/api/authoring/exercises/prove-solution/publish", Map.of()).expectStatus().isEqualTo(409);
	}

	@Test
	void aWrongAnswerThatIsNotCaughtFailsTheProofNamingIt() {
		BrowserSession trainer = loggedIn("prove-trainer-wrong", "TRAINER");
		// Any limit passes the rule: this wrong answer does not fail 'pids' as its spec says.
		String uncaught = SPEC.formatted("prove-wrong").replace("  - content: docker run app:1\n",
				"  - content: docker run --pids-limit 11 app:1\n");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(uncaught, "", "", null)).expectStatus().isCreated();

		List<Event> events = prove(trainer, "prove-wrong", "en");
		assertThat(events).extracting(Event::name).containsExactly("solution", "wrong-answer", "verdict");
		assertThat(events.get(0).data().path("passed").asBoolean()).isTrue();
		JsonNode wrong = events.get(1).data();
		assertThat(wrong.path("caught").asBoolean()).isFalse();
		assertThat(wrong.path("missed").get(0).asString()).isEqualTo("pids");
		assertThat(wrong.path("missed").size()).isEqualTo(1);
		JsonNode verdict = events.get(2).data();
		assertThat(verdict.path("verdict").asString()).isEqualTo("failed");
		assertThat(verdict.path("reasons").get(0).asString())
			.isEqualTo("Wrong answer 1 passes 'pids', which it should fail.");
	}

	/**
	 * One proof of an exercise at a time, and a few on the host: a proof more is refused at once with a reason,
	 * never left waiting.
	 */
	@Test
	void aSecondProofOfTheSameExerciseIs409AndProofsBeyondTheHostsBoundAre503() throws Exception {
		BrowserSession trainer = loggedIn("prove-trainer-busy", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC.formatted("prove-busy"), "", "", null))
			.expectStatus().isCreated();
		BrowserSession otherTab = BrowserSession.loggedIn(this.client, "prove-trainer-busy", LEARNER_PASSWORD);
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> status(trainer, "prove-busy"));
		CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> status(otherTab, "prove-busy"));
		assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);

		ProofSlots.Slot held = this.slots.take("prove-busy");
		try {
			proveRequest(trainer, "prove-busy", "en").expectStatus().isEqualTo(409).expectBody()
				.jsonPath("$.detail").isEqualTo("The exercise 'prove-busy' is being proven already; wait for that"
						+ " proof's verdict.");
			ProofSlots.Slot another = this.slots.take("prove-elsewhere");
			try {
				AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC.formatted("prove-third"), "", "", null))
					.expectStatus().isCreated();
				proveRequest(trainer, "prove-third", "fr").expectStatus().isEqualTo(503).expectBody()
					.jsonPath("$.detail").isEqualTo("2 preuves sont en cours, le plus que cette installation en mène"
							+ " à la fois pour que les bacs à sable des apprenants ne manquent jamais\u202f; réessayez"
							+ " dans une minute.");
			}
			finally {
				this.slots.release(another);
			}
		}
		finally {
			this.slots.release(held);
		}
		assertThat(prove(trainer, "prove-third", "en")).as("the slots given back").last()
			.extracting((event) -> event.data().path("verdict").asString()).isEqualTo("proven");
	}

	/** A save while the proof runs: the version proven is no longer current, and the exercise stays a draft. */
	@Test
	void anExerciseSavedDuringItsProofStaysADraftAndTheVerdictSaysSo() {
		BrowserSession trainer = loggedIn("prove-trainer-stale", "TRAINER");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC.formatted("prove-stale"), "", "", null))
			.expectStatus().isCreated();
		FluxExchangeResult<ServerSentEvent<String>> result = proveRequest(trainer, "prove-stale", "en")
			.expectStatus().isOk().returnResult(EVENT);
		Iterator<ServerSentEvent<String>> stream = result.getResponseBody().filter((event) -> event.event() != null)
			.toIterable().iterator();
		assertThat(stream.next().event()).isEqualTo("solution");
		// The wrong answer's trial is still to run: the save lands before the verdict.
		AuthoringApiTests.put(trainer, "prove-stale", AuthoringApiTests.body(SPEC.formatted("prove-stale"), "# New", "",
				1)).expectStatus().isOk();
		List<Event> rest = new ArrayList<>();
		stream.forEachRemaining((event) -> rest.add(new Event(event.event(), this.json.readTree(event.data()))));
		assertThat(rest).extracting(Event::name).containsExactly("wrong-answer", "verdict");
		JsonNode verdict = rest.get(1).data();
		assertThat(verdict.path("verdict").asString()).isEqualTo("proven");
		assertThat(verdict.path("current").asBoolean()).isFalse();
		assertThat(verdict.path("state").asString()).isEqualTo("draft");
		assertThat(verdict.path("message").asString()).isEqualTo("Version 1 of 'prove-stale' is proven, but the"
				+ " exercise was saved since: it is now at version 2, a draft until that version is proven.");
		trainer.get("/api/authoring/exercises/prove-stale").expectBody().jsonPath("$.state").isEqualTo("draft")
			.jsonPath("$.version").isEqualTo(2);
	}

	@Test
	void onlyAViewerWhoMayEditTheExerciseMayProveIt() {
		BrowserSession owner = loggedIn("prove-trainer-owner", "TRAINER");
		BrowserSession other = loggedIn("prove-trainer-other", "TRAINER");
		BrowserSession learner = learner("prove-learner");
		AuthoringApiTests.post(owner, AuthoringApiTests.body(SPEC.formatted("prove-mine"), "", "", null))
			.expectStatus().isCreated();
		proveRequest(other, "prove-mine", "en").expectStatus().isNotFound();
		proveRequest(learner, "prove-mine", "en").expectStatus().isNotFound();
		// A shipped exercise a trainer may read, not edit.
		proveRequest(other, "harden-a-run-line", "en").expectStatus().isNotFound();
		proveRequest(owner, "prove-nowhere", "en").expectStatus().isNotFound();
	}

	record Event(String name, JsonNode data) {
	}

	/** Prove the exercise and read the whole stream: its events with their names, heartbeats left out. */
	List<Event> prove(BrowserSession session, String id, String language) {
		return proveRequest(session, id, language).expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(EVENT).getResponseBody()
			.filter((event) -> event.event() != null)
			.map((event) -> new Event(event.event(), this.json.readTree(event.data())))
			.collectList().block(Duration.ofMinutes(2));
	}

	static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec proveRequest(BrowserSession session,
			String id, String language) {
		return session.client().post().uri("/api/authoring/exercises/" + id + "/prove")
			.header("X-XSRF-TOKEN", session.csrfToken()).header("Accept-Language", language)
			.accept(MediaType.TEXT_EVENT_STREAM).exchange();
	}

	private int status(BrowserSession session, String id) {
		FluxExchangeResult<String> result = proveRequest(session, id, "en").returnResult(String.class);
		int status = result.getStatus().value();
		// Read to the end, so that the proof that runs finishes before the test goes on.
		result.getResponseBody().collectList().block(Duration.ofMinutes(2));
		return status;
	}

}
