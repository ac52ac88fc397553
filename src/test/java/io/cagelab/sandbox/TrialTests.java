package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A container tried from a learner's settings is removed whatever happens, even when the learner walks away while
 * its checks run.
 */
class TrialTests extends IntegrationTest {

	static final SandboxOwner LEARNER = new SandboxOwner(80_000, "trial-learner");

	static final TrialSettings SETTINGS = new TrialSettings("1000:1000", List.of(), true, true, Map.of(), 100L, null,
			null, Map.of());

	@Autowired
	SandboxService sandboxes;

	@Test
	void aTrialIsRemovedWhenItsChecksAreCancelled() {
		Disposable grading = this.sandboxes.tryOut(LEARNER, "harden-a-run-line", SETTINGS,
				List.of(List.of("sleep", "12"))).subscribe();
		await().atMost(Duration.ofSeconds(20)).until(() -> !trialContainers().isEmpty());
		grading.dispose();
		await().atMost(Duration.ofSeconds(20)).until(() -> trialContainers().isEmpty());
	}

	@Test
	void aTrialIsRemovedWhenItsCheckTimesOutAndTheOthersStillRun() {
		List<ProbeResult> results = this.sandboxes.tryOut(LEARNER, "harden-a-run-line", SETTINGS,
				List.of(List.of("sleep", "60"), List.of("id", "-u"))).block(Duration.ofSeconds(60));
		assertThat(results.get(0).exitCode()).isEqualTo(-1);
		assertThat(results.get(1).output()).contains("1000");
		assertThat(trialContainers()).isEmpty();
	}

	@Test
	void aTrialEndsAtItsDeadlineWhateverItsChecksDo() {
		long started = System.nanoTime();
		List<ProbeResult> results = this.sandboxes.tryOut(LEARNER, "harden-a-run-line", SETTINGS,
				List.of(List.of("sleep", "60"), List.of("sleep", "60"), List.of("sleep", "60"), List.of("id", "-u")))
			.block(Duration.ofSeconds(90));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		// 15 s per check and 30 s in all: the last two checks are never run.
		assertThat(results).extracting(ProbeResult::exitCode).containsExactly(-1, -1, -1, -1);
		assertThat(results.get(3).output()).isEmpty();
		assertThat(took).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(40));
		assertThat(trialContainers()).isEmpty();
	}

	private static String trialContainers() {
		return DockerCli.docker("ps", "-aq", "--filter", "name=cagelab-trial-", "--filter",
				"label=io.cagelab.installation=" + INSTALLATION).output();
	}

}
