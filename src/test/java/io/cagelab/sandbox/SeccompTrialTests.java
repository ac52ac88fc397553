package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A learner's own seccomp profile on the real engine: one that takes a call away from Docker's default refuses that
 * call in the trial and still refuses what the default refuses; one that would let a refused call through is the
 * attack, and the floor refuses it before any container exists, saying which call in the reader's language.
 */
class SeccompTrialTests extends IntegrationTest {

	static final SandboxOwner LEARNER = new SandboxOwner(80_016, "secc-trial-learner");

	static final TrialSettings SETTINGS = new TrialSettings("1000:1000", List.of(), true, true, Map.of(), 100L, null,
			null, Map.of());

	/** chmod on a file of the learner's, unshare and keyctl, each printing its errno. */
	static final List<List<String>> PROBES = List.of(
			List.of("bash", "-c", "touch /dev/shm/f; chmod 600 /dev/shm/f 2>&1; echo \"chmod exit $?\""),
			List.of("bash", "-c", "unshare --user true 2>&1; echo \"unshare exit $?\""),
			List.of("perl", "-e", "syscall(250, 0, -3, 0) == -1 and print qq{keyctl: $!\\n}"),
			List.of("grep", "Seccomp", "/proc/self/status"));

	@Autowired
	SandboxService sandboxes;

	@Autowired
	MessageSource messages;

	@Test
	void aProfileThatTakesChmodAwayRefusesItAndStillRefusesWhatTheDefaultRefuses() throws Exception {
		String profile = SeccompFloorTests.defaultLikeWithout(java.util.Set.of("chmod", "fchmod", "fchmodat"));
		List<ProbeResult> results = this.sandboxes.tryOut(LEARNER, "restore-the-filters",
				SETTINGS.withSeccompProfile(profile), PROBES).block(Duration.ofSeconds(60));
		assertThat(results.get(0).output()).contains("Operation not permitted").contains("chmod exit 1");
		assertThat(results.get(1).output()).contains("Operation not permitted").contains("unshare exit 1");
		assertThat(results.get(2).output()).contains("keyctl: Operation not permitted");
		assertThat(results.get(3).output()).containsPattern("Seccomp:\\s+2");
		// The same probes under the engine's default: chmod works there.
		List<ProbeResult> standard = this.sandboxes.tryOut(LEARNER, "restore-the-filters", SETTINGS, PROBES)
			.block(Duration.ofSeconds(60));
		assertThat(standard.get(0).output()).doesNotContain("Operation not permitted").contains("chmod exit 0");
		// An ERRNO rule for a call the profile also allows by name is not enough: Docker 20.10 lets chmod run.
		String both = SeccompFloorTests.defaultLike(
				"{\"names\":[\"chmod\",\"fchmod\",\"fchmodat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}");
		List<ProbeResult> allowedTwice = this.sandboxes.tryOut(LEARNER, "restore-the-filters",
				SETTINGS.withSeccompProfile(both), PROBES).block(Duration.ofSeconds(60));
		assertThat(allowedTwice.get(0).output()).contains("chmod exit 0");
		assertThat(allowedTwice.get(1).output()).contains("unshare exit 1");
		assertThat(trialContainers()).isEmpty();
	}

	@Test
	void aProfileThatLowersTheFloorIsNeverRun() throws Exception {
		// The anti-pattern: allow by default and deny chmod, which re-opens unshare, keyctl and bpf.
		String allowByDefault = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"chmod\"],"
				+ "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}";
		assertThatThrownBy(() -> this.sandboxes.tryOut(LEARNER, "restore-the-filters",
				SETTINGS.withSeccompProfile(allowByDefault), PROBES).block(Duration.ofSeconds(60)))
			.isInstanceOfSatisfying(SandboxPolicyException.class, (refused) -> {
				assertThat(refused.key()).isEqualTo("sandbox.floor.seccomp.default-allows");
				assertThat(refused.getMessage()).contains("SCMP_ACT_ALLOW").contains("unshare, keyctl and bpf");
				assertThat(this.messages.getMessage(refused.key(), refused.arguments(), java.util.Locale.FRENCH))
					.startsWith("Le defaultAction de votre profil seccomp vaut SCMP_ACT_ALLOW\u00a0:");
			});
		// A default-shaped profile with one more rule that lets keyctl through.
		String keyctl = SeccompFloorTests.defaultLike("{\"names\":[\"keyctl\"],\"action\":\"SCMP_ACT_ALLOW\"}");
		assertThatThrownBy(() -> this.sandboxes.tryOut(LEARNER, "restore-the-filters",
				SETTINGS.withSeccompProfile(keyctl), PROBES).block(Duration.ofSeconds(60)))
			.isInstanceOfSatisfying(SandboxPolicyException.class, (refused) -> assertThat(refused.getMessage())
				.contains("lets through keyctl, which Docker's default profile refuses"));
		assertThat(trialContainers()).isEmpty();
	}

	private static String trialContainers() {
		return DockerCli.docker("ps", "-aq", "--filter", "name=cagelab-trial-", "--filter",
				"label=io.cagelab.installation=" + INSTALLATION).output();
	}

}
