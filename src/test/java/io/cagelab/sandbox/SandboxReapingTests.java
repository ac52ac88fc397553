package io.cagelab.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.cagelab.DockerCli.docker;
import static io.cagelab.DockerCli.exists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reaping on the real engine: records are aged in the database instead of waiting for the clock.
 */
class SandboxReapingTests extends IntegrationTest {

	static final Viewer ADMIN = Viewer.system();

	@Autowired
	SandboxService sandboxes;

	@Autowired
	DatabaseClient database;

	@Autowired
	Installation installation;

	@AfterEach
	void closeLeftovers() {
		this.sandboxes.list(ADMIN).filter((sandbox) -> sandbox.ownerName().startsWith("reap-"))
			.concatMap((sandbox) -> this.sandboxes.close(ADMIN, sandbox.id())).blockLast();
	}

	@Test
	void aSandboxPastItsTimeToLiveIsRemoved() {
		Sandbox sandbox = open(9201);
		age("expires_at", sandbox, 1);
		this.sandboxes.reap().block();
		assertGone(sandbox);
	}

	@Test
	void anIdleSandboxIsRemovedAndActivityKeepsItAlive() {
		Sandbox idle = open(9202);
		Sandbox active = open(9203);
		age("last_active_at", idle, 16);
		age("last_active_at", active, 16);
		this.sandboxes.touch(active.id()).block();

		this.sandboxes.reap().block();

		assertGone(idle);
		assertThat(exists(active.containerId())).isTrue();
		assertThat(this.sandboxes.find(ADMIN, active.id()).block()).isNotNull();
	}

	@Test
	void labelledContainersThatNoRecordKnowsAreRemoved() {
		String orphan = docker("run", "-d", "--network", "none", "--label", SandboxLabels.SANDBOX + "=ghost",
				"--label", SandboxLabels.INSTALLATION + "=" + this.installation.id(), "cagelab/sandbox:1").output();
		String someoneElses = docker("run", "-d", "--network", "none", "--label", SandboxLabels.SANDBOX + "=ghost",
				"--label", SandboxLabels.INSTALLATION + "=another-installation", "cagelab/sandbox:1").output();
		try {
			SandboxService.ReapResult result = this.sandboxes.reap().block();
			assertThat(result.removedOrphans()).isGreaterThanOrEqualTo(1);
			assertThat(exists(orphan)).isFalse();
			assertThat(exists(someoneElses)).as("another installation's container is left alone").isTrue();
		}
		finally {
			docker("rm", "-f", orphan, someoneElses);
		}
	}

	@Test
	void aRecordWhoseContainerVanishedIsForgottenAndOpeningAgainGivesAFreshSandbox() {
		Sandbox sandbox = open(9204);
		docker("rm", "-f", sandbox.containerId());

		Sandbox reopened = this.sandboxes.open(owner(9204), "shared-kernel").block();
		assertThat(reopened.containerId()).isNotEqualTo(sandbox.containerId());
		assertThat(exists(reopened.containerId())).isTrue();

		docker("rm", "-f", reopened.containerId());
		this.sandboxes.reap().block();
		assertThat(this.sandboxes.find(ADMIN, reopened.id()).onErrorResume((ex) -> reactor.core.publisher.Mono.empty())
			.block()).isNull();
	}

	private void age(String column, Sandbox sandbox, int minutes) {
		this.database.sql("update sandbox set " + column + " = :when where id = :id")
			.bind("when", Instant.now().minus(minutes, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
			.bind("id", sandbox.id()).then().block();
	}

	private void assertGone(Sandbox sandbox) {
		assertThat(exists(sandbox.containerId())).as("container of %s", sandbox.id()).isFalse();
		assertThat(this.sandboxes.list(ADMIN).filter((s) -> s.id().equals(sandbox.id())).count().block()).isZero();
	}

	private Sandbox open(long accountId) {
		return this.sandboxes.open(owner(accountId), "shared-kernel").block();
	}

	private static SandboxOwner owner(long accountId) {
		return new SandboxOwner(accountId, "reap-" + accountId);
	}

}
