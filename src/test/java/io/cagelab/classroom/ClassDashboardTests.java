package io.cagelab.classroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.Percentiles;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A class's live dashboard over Server-Sent Events, and what a trainer does from it: attempts and sandboxes appear
 * as they happen, resets, more time within the class's window, messages, drill-down; and nobody else reaches any of
 * it.
 */
class ClassDashboardTests extends IntegrationTest {

	static final String LAB = "fork-bomb-contained";

	static final String DOCKERFILE = "non-root-dockerfile";

	static final String RIGHT = "FROM python:3.12-alpine\nCOPY app/ /opt/app/\nUSER 10001:10001\n";

	static final String WRONG = "FROM python:3.12-bookworm\nADD app/ /opt/app/\nUSER root\n";

	static final AtomicInteger TEST = new AtomicInteger();

	final List<Disposable> streams = new ArrayList<>();

	@Autowired
	ExerciseCatalog catalog;

	BrowserSession trainer;

	BrowserSession ann;

	long annId;

	String classId;

	String joinCode;

	String prefix;

	@BeforeEach
	void aClassWithOneLearner() {
		this.prefix = "dsh" + TEST.incrementAndGet() + "-";
		this.trainer = loggedIn("dsh-trainer", "TRAINER");
		Map<?, ?> created = create(this.trainer, Map.of("name", "Live", "exercises", List.of(DOCKERFILE, LAB),
				"closesAt", Instant.now().plus(70, ChronoUnit.MINUTES).toString()));
		this.classId = (String) created.get("id");
		this.joinCode = (String) created.get("joinCode");
		this.ann = join(this.prefix + "ann");
		this.annId = idOf(this.prefix + "ann");
	}

	@AfterEach
	void closeStreamsAndSandboxes() {
		this.streams.forEach(Disposable::dispose);
		for (BrowserSession learner : List.of(this.ann)) {
			for (Object sandbox : learner.get("/api/sandboxes").expectBody(List.class).returnResult().getResponseBody()) {
				learner.client().delete().uri("/api/sandboxes/" + ((Map<?, ?>) sandbox).get("id"))
					.header("X-XSRF-TOKEN", learner.csrfToken()).exchange();
			}
		}
	}

	@Test
	void anAttemptAndASandboxAppearOnTheDashboardAsTheyHappen() throws Exception {
		Events dashboard = follow(this.trainer, "/api/classes/" + this.classId + "/events");
		Map<?, ?> whole = dashboard.next("class", (data) -> true);
		assertThat(whole.get("progress").toString()).contains("username=" + this.prefix + "ann");

		// As many attempts as the exercise records: from the one after its solution-after, hand-ins are practice.
		int recorded = this.catalog.exercise(DOCKERFILE).block().feedback().solutionAfter();
		List<Double> latencies = new ArrayList<>();
		for (int attempt = 1; attempt <= recorded; attempt++) {
			Map<?, ?> graded = this.ann.postJson("/api/exercises/" + DOCKERFILE + "/submissions",
					Map.of("content", (attempt % 2 == 0) ? RIGHT : WRONG)).expectStatus().isCreated()
				.expectBody(Map.class).returnResult().getResponseBody();
			Instant stored = Instant.parse((String) graded.get("submittedAt"));
			int expected = attempt;
			Map<?, ?> row = dashboard.next("learner", (data) -> cell(data, DOCKERFILE).get("attempts").equals(expected));
			latencies.add((double) Duration.between(stored, dashboard.lastReceivedAt).toMillis());
			assertThat(cell(row, DOCKERFILE).get("state")).isEqualTo((attempt >= 2) ? "passed" : "in-progress");
		}
		// The next one is graded for practice, never stored, so the dashboard does not count it.
		this.ann.postJson("/api/exercises/" + DOCKERFILE + "/submissions", Map.of("content", WRONG)).expectStatus()
			.isOk().expectBody().jsonPath("$.recorded").isEqualTo(false);
		Map<?, ?> totals = dashboard.next("totals", (data) -> true);
		assertThat(totals.get("exercises").toString()).contains("id=" + DOCKERFILE + ", passedBy=1");
		// The latest attempt was right: nothing fails any more.
		assertThat((List<?>) totals.get("mostFailedChecks")).isEmpty();
		record(latencies);
		assertThat(Percentiles.of(latencies, 0.95)).isLessThan(2000);

		this.ann.postJson("/api/sandboxes", Map.of("exercise", LAB)).expectStatus().isCreated();
		Map<?, ?> withSandbox = dashboard.next("learner", (data) -> ((List<?>) data.get("sandboxes")).stream()
			.anyMatch((sandbox) -> "running".equals(((Map<?, ?>) sandbox).get("status"))));
		assertThat(((Map<?, ?>) ((List<?>) withSandbox.get("sandboxes")).get(0)).get("exercise")).isEqualTo(LAB);
	}

	@Test
	void aNewcomerAppearsOnTheDashboardWhenTheyJoin() throws Exception {
		Events dashboard = follow(this.trainer, "/api/classes/" + this.classId + "/events");
		dashboard.next("class", (data) -> true);
		join(this.prefix + "bea");
		Map<?, ?> whole = dashboard.next("class", (data) -> data.get("progress").toString().contains(this.prefix + "bea"));
		assertThat(((List<?>) ((Map<?, ?>) whole.get("progress")).get("learners"))).hasSize(2);
	}

	@Test
	void theTrainerResetsTheSandboxAndGivesMoreTimeButNeverPastTheClassesEnd() {
		Map<?, ?> sandbox = this.ann.postJson("/api/sandboxes", Map.of("exercise", LAB)).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		Instant expiresAt = Instant.parse((String) sandbox.get("expiresAt"));
		String learner = "/api/classes/" + this.classId + "/learners/" + this.annId;

		Map<?, ?> reset = this.trainer.postJson(learner + "/reset", Map.of()).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(reset.get("sandboxes").toString()).contains("id=" + sandbox.get("id"));
		Map<?, ?> after = this.ann.get("/api/sandboxes/" + sandbox.get("id")).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(after.get("containerId")).isNotEqualTo(sandbox.get("containerId"));

		Instant closesAt = Instant.parse((String) this.trainer.get("/api/classes/" + this.classId)
			.expectBody(Map.class).returnResult().getResponseBody().get("closesAt"));
		// Times are stored to the microsecond.
		assertThat(moreTime(learner, 5)).isCloseTo(expiresAt.plus(5, ChronoUnit.MINUTES), within(1, ChronoUnit.MILLIS));
		assertThat(moreTime(learner, 30)).isCloseTo(closesAt, within(1, ChronoUnit.MILLIS));
		assertThat(moreTime(learner, 30)).isCloseTo(closesAt, within(1, ChronoUnit.MILLIS));

		this.trainer.postJson(learner + "/more-time?lang=en", Map.of("minutes", 0)).expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.detail").isEqualTo("Give between 1 and 120 more minutes.");
		this.trainer.postJson(learner + "/reset?lang=fr", Map.of("exercise", DOCKERFILE)).expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail)
				.startsWith("Cet apprenant n'a pas de bac à sable en cours pour cette classe"));
	}

	@Test
	void theDrillDownShowsEachAttemptWithWhatWasHandedInInTheTrainersLanguage() {
		this.ann.postJson("/api/exercises/" + DOCKERFILE + "/submissions?lang=fr", Map.of("content", WRONG))
			.expectStatus().isCreated();
		String uri = "/api/classes/" + this.classId + "/learners/" + this.annId + "/attempts?exercise=" + DOCKERFILE;
		List<?> english = this.trainer.get(uri + "&lang=en").expectStatus().isOk().expectBody(List.class).returnResult()
			.getResponseBody();
		assertThat(english).hasSize(1);
		Map<?, ?> attempt = (Map<?, ?>) english.get(0);
		assertThat(attempt.get("content")).isEqualTo(WRONG);
		String englishText = attempt.get("checks").toString();
		String frenchText = ((Map<?, ?>) this.trainer.get(uri + "&lang=fr").expectBody(List.class).returnResult()
			.getResponseBody().get(0)).get("checks").toString();
		assertThat(englishText).contains("The container runs as root").doesNotContain("Votre");
		assertThat(frenchText).isNotEqualTo(englishText);
		this.trainer.get("/api/classes/" + this.classId + "/learners/" + this.annId + "/attempts?exercise=shared-kernel")
			.expectStatus().isNotFound();
	}

	@Test
	void messagesReachTheClassOrOneLearnerOnTheirOpenPagesAndNobodyElse() throws Exception {
		BrowserSession bea = join(this.prefix + "bea");
		BrowserSession outsider = learner(this.prefix + "out");
		Events annPages = follow(this.ann, "/api/messages");
		Events beaPages = follow(bea, "/api/messages");
		Events outsiderPages = follow(outsider, "/api/messages");
		Thread.sleep(300);

		this.trainer.postJson("/api/classes/" + this.classId + "/messages", Map.of("text", "Pause: back at 10:30"))
			.expectStatus().isCreated();
		assertThat(annPages.next("message", (data) -> true).get("text")).isEqualTo("Pause: back at 10:30");
		assertThat(beaPages.next("message", (data) -> true).get("from")).isEqualTo("dsh-trainer");
		this.trainer.postJson("/api/classes/" + this.classId + "/messages", Map.of("text", "Ann, look at HR-01",
				"learner", this.annId)).expectStatus().isCreated();
		assertThat(annPages.next("message", (data) -> true).get("text")).isEqualTo("Ann, look at HR-01");
		assertThat(beaPages.poll(Duration.ofMillis(500))).isNull();
		assertThat(outsiderPages.poll(Duration.ofMillis(100))).isNull();

		// A page opened afterwards still shows what was said recently.
		Events later = follow(bea, "/api/messages");
		assertThat(later.next("message", (data) -> true).get("text")).isEqualTo("Pause: back at 10:30");

		this.trainer.postJson("/api/classes/" + this.classId + "/messages?lang=fr", Map.of("text", "  "))
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("Écrivez un message de 1 à 1\u202f000 caractères.");
	}

	@Test
	void aTrainerOfAnotherClassAndALearnerReachNothingOfTheDashboard() {
		BrowserSession other = loggedIn("dsh-other-trainer", "TRAINER");
		Map<?, ?> theirs = create(other, Map.of("name", "Theirs"));
		BrowserSession carl = learner(this.prefix + "carl");
		carl.postJson("/api/join", Map.of("code", theirs.get("joinCode"))).expectStatus().isCreated();
		long carlId = idOf(this.prefix + "carl");
		String mine = "/api/classes/" + this.classId;
		for (BrowserSession stranger : List.of(other, this.ann)) {
			stranger.get("/classes/" + this.classId).expectStatus().isNotFound();
			stranger.client().get().uri(mine + "/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
				.expectStatus().isNotFound();
			stranger.postJson(mine + "/learners/" + this.annId + "/reset", Map.of()).expectStatus().isNotFound();
			stranger.postJson(mine + "/learners/" + this.annId + "/more-time", Map.of()).expectStatus().isNotFound();
			stranger.get(mine + "/learners/" + this.annId + "/attempts?exercise=" + DOCKERFILE).expectStatus()
				.isNotFound();
			stranger.postJson(mine + "/messages", Map.of("text", "hi")).expectStatus().isNotFound();
		}
		// Carl is only in the other class: this class's trainer may not act on him through it.
		this.trainer.postJson(mine + "/learners/" + carlId + "/reset", Map.of()).expectStatus().isNotFound();
		this.trainer.get(mine + "/learners/" + carlId + "/attempts?exercise=" + DOCKERFILE).expectStatus().isNotFound();
		this.trainer.postJson(mine + "/messages", Map.of("text", "hi", "learner", carlId)).expectStatus().isNotFound();
	}

	private Instant moreTime(String learner, int minutes) {
		Map<?, ?> answer = this.trainer.postJson(learner + "/more-time", Map.of("minutes", minutes)).expectStatus()
			.isOk().expectBody(Map.class).returnResult().getResponseBody();
		return Instant.parse((String) ((Map<?, ?>) ((List<?>) answer.get("sandboxes")).get(0)).get("expiresAt"));
	}

	private static Map<?, ?> cell(Map<?, ?> row, String exercise) {
		return ((List<?>) row.get("cells")).stream().map((cell) -> (Map<?, ?>) cell)
			.filter((cell) -> exercise.equals(cell.get("exercise"))).findFirst().orElseThrow();
	}

	private BrowserSession join(String username) {
		BrowserSession learner = learner(username);
		learner.postJson("/api/join", Map.of("code", this.joinCode)).expectStatus().isCreated();
		return learner;
	}

	private long idOf(String username) {
		List<?> accounts = adminSession().get("/api/admin/users").expectBody(List.class).returnResult().getResponseBody();
		return accounts.stream().map((account) -> (Map<?, ?>) account).filter((account) -> username.equals(account.get("username")))
			.map((account) -> ((Number) account.get("id")).longValue()).findFirst().orElseThrow();
	}

	private static Map<?, ?> create(BrowserSession trainer, Map<String, Object> settings) {
		return trainer.postJson("/api/classes", settings).expectStatus().isCreated().expectBody(Map.class)
			.returnResult().getResponseBody();
	}

	private Events follow(BrowserSession session, String uri) {
		Events events = new Events();
		this.streams.add(session.client().mutate().responseTimeout(Duration.ofMinutes(2)).build().get().uri(uri)
			.accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.subscribe((event) -> {
				if (event.event() != null) {
					events.queue.add(new Received(event.event(), event.data(), Instant.now()));
				}
			}));
		return events;
	}

	private static void record(List<Double> latencies) throws IOException {
		Path file = Path.of("target", "benchmarks", "dashboard.txt");
		Files.createDirectories(file.getParent());
		Files.writeString(file, String.format("Dashboard update latency (attempt stored -> learner row received over SSE),"
				+ " %d attempts: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", latencies.size(), Percentiles.of(latencies, 0.5),
				Percentiles.of(latencies, 0.95), Percentiles.of(latencies, 1.0)));
	}

	record Received(String event, Map<String, Object> data, Instant at) {
	}

	static final class Events {

		final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

		Instant lastReceivedAt;

		/** Wait for an event of this name whose data matches, skipping the others. */
		Map<?, ?> next(String event, Predicate<Map<?, ?>> matching) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (System.nanoTime() < deadline) {
				Received received = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (received != null && received.event().equals(event) && matching.test(received.data())) {
					this.lastReceivedAt = received.at();
					return received.data();
				}
			}
			throw new AssertionError("No '" + event + "' event came within 15 s");
		}

		Received poll(Duration wait) throws InterruptedException {
			return this.queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
