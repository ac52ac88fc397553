package io.cagelab.exercise;

import java.time.Duration;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.cagelab.DockerCli.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab graded by probing the learner's own sandbox on the real engine.
 */
class LabGradingTests extends IntegrationTest {

	static final String PATH = "/api/exercises/fork-bomb-contained/submissions";

	@Autowired
	SandboxService sandboxes;

	@AfterEach
	void closeSandboxes() {
		Viewer admin = Viewer.system();
		this.sandboxes.list(admin).filter((sandbox) -> sandbox.ownerName().equals("probe-learner"))
			.concatMap((sandbox) -> this.sandboxes.close(admin, sandbox.id())).blockLast();
	}

	@Test
	void aProbeSeesWhetherTheLearnerReallyHitTheCeiling() {
		BrowserSession learner = learner("probe-learner");
		learner.postJson(PATH, Map.of()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("open the lab"));
		learner.postJson(PATH + "?lang=fr", Map.of()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("Votre bac à sable pour cet exercice ne tourne pas\u00a0: ouvrez la page de l'exercice, faites-le,"
					+ " puis vérifiez à nouveau.");

		String container = (String) learner.postJson("/api/sandboxes", Map.of("exercise", "fork-bomb-contained"))
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("containerId");
		learner.postJson(PATH + "?lang=en", Map.of()).expectStatus().isCreated().expectBody()
			.jsonPath("$.score").isEqualTo(0)
			.jsonPath("$.checks[0].passed").isEqualTo(false)
			.jsonPath("$.checks[0].hint").value((hint) -> assertThat(hint.toString()).contains("bounded by timeout"));

		// A bounded burst of forks that ends by itself, so that the probe can run afterwards: every child sleeps until
		// one deadline, so that they pile up to the ceiling however slowly a loaded host forks, and a bash that
		// some kernels (6.18 here) end at the first refused fork still leaves them to end on time.
		exec(container, "end=$((EPOCHSECONDS + 6)); for i in $(seq 1 200); do sleep $((end - EPOCHSECONDS)) & done"
				+ " 2>/dev/null; wait");
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (exec(container, "true").exitCode() != 0 && System.nanoTime() < deadline) {
			sleepQuietly(Duration.ofMillis(250));
		}
		learner.postJson(PATH, Map.of()).expectStatus().isCreated().expectBody()
			.jsonPath("$.checks[0].passed").isEqualTo(true)
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.checks[0].message").isEqualTo("Verified in your sandbox.");
	}


	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
