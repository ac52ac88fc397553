package io.cagelab.exercise;

import java.util.List;
import java.util.Map;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.cagelab.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seccomp module's run-line hand-in, attacked: a line that switches a protection off, in any of the spellings
 * Docker accepts, is never started and says why (from the fourth attempt on, once the answers are shown, graded for
 * practice: 200 rather than 201); a profile named by its path is never read from the server, so the
 * trial keeps the engine's default filter, where unshare is refused with EPERM.
 */
class SeccompTrialAttackTests extends IntegrationTest {

	private static final String PATH = "/api/exercises/restore-the-filters/submissions?lang=en";

	private static final String LINE = "docker run -d --name monitor --user 1000:1000 --cap-drop ALL"
			+ " --security-opt no-new-privileges --read-only ";

	@Test
	void aLineThatSwitchesAProtectionOffIsNeverStarted() {
		BrowserSession learner = learner("attack-secc-off");
		for (String option : List.of("--security-opt seccomp=unconfined", "--security-opt seccomp:unconfined",
				"--security-opt=seccomp=unconfined",
				"--security-opt apparmor=unconfined", "--security-opt systempaths=unconfined",
				"--security-opt label=disable", "--security-opt label:disable")) {
			learner.postJson(PATH, Map.of("content", LINE + option + " monitor:2.1")).expectStatus().is2xxSuccessful()
				.expectBody()
				.jsonPath("$.fullMarks").isEqualTo(false)
				.jsonPath("$.checks[?(@.id == 'unshare-refused')].passed").isEqualTo(false)
				.jsonPath("$.checks[?(@.id == 'unshare-refused')].message").value((message) -> assertThat(
						String.valueOf(message)).as(option).contains("Not run").contains("is never started here"));
		}
		assertThat(docker("ps", "-aq", "--filter", "label=io.cagelab.owner=attack-secc-off").output()).isEmpty();
	}

	@Test
	void theFixedLineRunsUnderTheDefaultFilterWhereUnshareIsRefused() {
		BrowserSession learner = learner("attack-secc-fixed");
		learner.postJson(PATH, Map.of("content", LINE + "monitor:2.1")).expectStatus().isCreated().expectBody()
			.jsonPath("$.fullMarks").isEqualTo(true)
			.jsonPath("$.checks[?(@.id == 'unshare-refused')].passed").isEqualTo(true);
	}

	@Test
	void aProfileNamedByItsPathIsNeverReadAndTheDefaultFilterStillHolds() throws Exception {
		// A profile that allows everything, written where the server could read it: the trial must not take it.
		java.nio.file.Path allowAll = java.nio.file.Files.createTempFile("t-secc-allow-all", ".json");
		try {
			java.nio.file.Files.writeString(allowAll, "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
			BrowserSession learner = learner("attack-secc-path");
			learner.postJson(PATH, Map.of("content", LINE + "--security-opt seccomp=" + allowAll + " monitor:2.1"))
				.expectStatus().isCreated().expectBody()
				.jsonPath("$.checks[?(@.id == 'unshare-refused')].passed").isEqualTo(true);
		}
		finally {
			java.nio.file.Files.deleteIfExists(allowAll);
		}
	}

}
