package io.cagelab.classroom;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class's progress through the API and its CSV downloads: what a trainer sees of the learners' attempts, and who
 * may see it.
 */
class ClassProgressApiTests extends IntegrationTest {

	static final String DOCKERFILE = "/api/exercises/non-root-dockerfile/submissions";

	/** Passes the user check, fails no-setuid and build-hygiene. */
	static final String WRONG = "FROM python:3.12-bookworm\nADD app/ /opt/app/\nRUN chmod u+s /opt/app/bin/x\nUSER 10001:10001\n";

	static final String RIGHT = "FROM python:3.12-alpine\nCOPY app/ /opt/app/\nUSER 10001:10001\n";

	/** Attempts count in every class of their learner: each test has learners of its own. */
	static final AtomicInteger TEST = new AtomicInteger();

	BrowserSession trainer;

	String classId;

	String ann;

	String ben;

	@BeforeEach
	void aClassWithALearnerWhoWorkedAndOneWhoDidNot() {
		this.trainer = loggedIn("prg-trainer", "TRAINER");
		Map<?, ?> created = this.trainer.postJson("/api/classes", Map.of("name", "Lundi – groupe é/1",
				"exercises", List.of("non-root-dockerfile", "chroot-quiz"))).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		this.classId = (String) created.get("id");
		int test = TEST.incrementAndGet();
		this.ann = "prg-ann-" + test;
		this.ben = "prg-ben-" + test;
		for (String name : List.of(this.ann, this.ben)) {
			learner(name).postJson("/api/join", Map.of("code", created.get("joinCode"))).expectStatus().isCreated();
		}
	}

	@Test
	void theTrainerSeesBestScoreAttemptsFirstPassAndTheChecksThatFailNow() {
		BrowserSession ann = learner(this.ann);
		hand(ann, WRONG);
		hand(ann, RIGHT);
		hand(ann, WRONG);
		List<Instant> times = storedTimes(ann);
		Instant passedAt = times.get(1);
		Instant lastAt = times.get(2);

		Map<?, ?> progress = this.trainer.get("/api/classes/" + this.classId + "/progress").expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(progress.get("learners")).asString().contains("username=" + this.ann).contains("username=" + this.ben);
		assertThat(List.<Object>copyOf((List<?>) progress.get("exercises"))).containsExactly(
				Map.of("id", "non-root-dockerfile", "passedBy", 1), Map.of("id", "chroot-quiz", "passedBy", 0));
		List<?> cells = (List<?>) progress.get("cells");
		assertThat(cells).hasSize(4);
		Map<?, ?> annOnDockerfile = (Map<?, ?>) cells.get(0);
		assertThat(annOnDockerfile.get("learner")).isEqualTo(this.ann);
		assertThat(annOnDockerfile.get("exercise")).isEqualTo("non-root-dockerfile");
		assertThat(annOnDockerfile.get("state")).isEqualTo("passed");
		assertThat(annOnDockerfile.get("bestScore")).isEqualTo(7);
		assertThat(annOnDockerfile.get("maxScore")).isEqualTo(7);
		assertThat(annOnDockerfile.get("attempts")).isEqualTo(3);
		assertThat(annOnDockerfile.get("passed")).isEqualTo(true);
		assertThat(Instant.parse((String) annOnDockerfile.get("firstPassedAt"))).isEqualTo(passedAt);
		assertThat(Instant.parse((String) annOnDockerfile.get("lastAttemptAt"))).isEqualTo(lastAt);
		assertThat((String) annOnDockerfile.get("lastAttemptAt")).endsWith("Z");
		Map<?, ?> benOnQuiz = (Map<?, ?>) cells.get(3);
		assertThat(benOnQuiz.get("learner")).isEqualTo(this.ben);
		assertThat(benOnQuiz.get("state")).isEqualTo("not-started");
		assertThat(benOnQuiz.get("attempts")).isEqualTo(0);
		assertThat(benOnQuiz.get("bestScore")).isNull();

		// Ann's latest attempt fails two checks: each counts once, though her earlier attempts failed them too.
		assertThat(List.<Object>copyOf((List<?>) progress.get("mostFailedChecks"))).containsExactly(
				failing("non-root-dockerfile", "build-hygiene", "HR-30", "4.7, 4.9"),
				failing("non-root-dockerfile", "no-setuid", "HR-31", "4.8"));
		assertThat(List.<Object>copyOf((List<?>) progress.get("mostFailedRules"))).containsExactly(
				Map.of("rule", "HR-30", "cis", "4.7, 4.9", "failing", 1), Map.of("rule", "HR-31", "cis", "4.8", "failing", 1));
	}

	@Test
	void theGradebookIsUtf8CsvWithABomOneRowPerLearnerAndExerciseAndTheClassNameInTheFileName() {
		BrowserSession ann = learner(this.ann);
		hand(ann, RIGHT);
		Instant passedAt = storedTimes(ann).get(0);

		EntityExchangeResult<byte[]> download = this.trainer.get("/api/classes/" + this.classId + "/gradebook.csv")
			.expectStatus().isOk().expectBody().returnResult();
		assertThat(download.getResponseHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
		assertThat(download.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"Lundi-groupe-e-1-gradebook.csv\"");
		String csv = new String(download.getResponseBody(), StandardCharsets.UTF_8);
		String at = passedAt.truncatedTo(ChronoUnit.SECONDS).toString();
		assertThat(csv).isEqualTo("\uFEFFusername,exercise,best_score,max_score,attempts,passed,first_passed_at,"
				+ "last_attempt_at\r\n"
				+ this.ann + ",non-root-dockerfile,7,7,1,true," + at + "," + at + "\r\n"
				+ this.ann + ",chroot-quiz,,,0,false,,\r\n"
				+ this.ben + ",non-root-dockerfile,,,0,false,,\r\n"
				+ this.ben + ",chroot-quiz,,,0,false,,\r\n");
	}

	@Test
	void theChecksFileHasEachChecksLatestVerdictWhetherItEverPassedAndItsAttemptsQuotingWhatHoldsAComma() {
		BrowserSession ann = learner(this.ann);
		hand(ann, RIGHT);
		hand(ann, WRONG);

		EntityExchangeResult<byte[]> download = this.trainer.get("/api/classes/" + this.classId + "/checks.csv")
			.expectStatus().isOk().expectBody().returnResult();
		assertThat(download.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"Lundi-groupe-e-1-checks.csv\"");
		assertThat(new String(download.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo(
				"\uFEFFusername,exercise,check,kind,rule,cis,passed,ever_passed,attempts\r\n"
				+ this.ann + ",non-root-dockerfile,user,rule,HR-01,4.1,true,true,2\r\n"
				+ this.ann + ",non-root-dockerfile,no-setuid,rule,HR-31,4.8,false,true,2\r\n"
				+ this.ann + ",non-root-dockerfile,build-hygiene,rule,HR-30,\"4.7, 4.9\",false,true,2\r\n");
	}

	@Test
	void onlyTheClassesTrainersAssistantsAndAdminsSeeItsProgressOthersGet404InTheirLanguage() {
		BrowserSession otherTrainer = loggedIn("prg-other-trainer", "TRAINER");
		String otherClass = (String) otherTrainer.postJson("/api/classes", Map.of("name", "Elsewhere")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
		BrowserSession ann = learner(this.ann);
		for (String what : List.of("progress", "gradebook.csv", "checks.csv")) {
			String path = "/api/classes/" + this.classId + "/" + what;
			otherTrainer.get(path + "?lang=en").expectStatus().isNotFound().expectBody().jsonPath("$.detail")
				.isEqualTo("There is no such class that you can see.");
			ann.get(path + "?lang=fr").expectStatus().isNotFound().expectBody().jsonPath("$.detail")
				.isEqualTo("Il n'y a pas de telle classe que vous puissiez voir.");
			this.trainer.get("/api/classes/" + otherClass + "/" + what).expectStatus().isNotFound();
			adminSession().get(path).expectStatus().isOk();
		}
		// A download asked for as CSV only is still refused as a problem, not with a 406.
		ann.client().get().uri("/api/classes/" + this.classId + "/gradebook.csv?lang=en")
			.accept(MediaType.parseMediaType("text/csv")).exchange().expectStatus().isNotFound().expectBody()
			.jsonPath("$.detail").isEqualTo("There is no such class that you can see.");

		this.trainer.client().patch().uri("/api/classes/" + this.classId).header("X-XSRF-TOKEN", this.trainer.csrfToken())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("assistants", List.of("prg-other-trainer"))).exchange().expectStatus().isOk();
		for (String what : List.of("progress", "gradebook.csv", "checks.csv")) {
			otherTrainer.get("/api/classes/" + this.classId + "/" + what).expectStatus().isOk();
		}
	}

	private static Map<String, Object> failing(String exercise, String check, String rule, String cis) {
		return Map.of("exercise", exercise, "check", check, "kind", "rule", "rule", rule, "cis", cis, "failing", 1);
	}

	/** The times of a learner's attempts as stored (to the microsecond), oldest first. */
	private static List<Instant> storedTimes(BrowserSession learner) {
		return learner.get(DOCKERFILE).expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody()
			.stream().map((attempt) -> Instant.parse((String) ((Map<?, ?>) attempt).get("submittedAt"))).sorted().toList();
	}

	private static void hand(BrowserSession learner, String dockerfile) {
		learner.postJson(DOCKERFILE, Map.of("content", dockerfile)).expectStatus().isCreated();
	}

}
