package io.cagelab.sandbox;

import io.cagelab.IntegrationTest;
import io.cagelab.security.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestPropertySource(properties = { "cagelab.sandbox.max-sandboxes=3", "cagelab.sandbox.max-per-learner=2" })
class SandboxCapsTests extends IntegrationTest {

	static final Viewer ADMIN = Viewer.system();

	@Autowired
	SandboxService sandboxes;

	@AfterEach
	void closeAll() {
		this.sandboxes.list(ADMIN).concatMap((sandbox) -> this.sandboxes.close(ADMIN, sandbox.id())).blockLast();
	}

	@Test
	void aLearnerCannotHoldMoreThanTheirShareAndTheHostNoMoreThanItsCap() {
		SandboxOwner ann = new SandboxOwner(9301, "caps-ann");
		SandboxOwner ben = new SandboxOwner(9302, "caps-ben");
		this.sandboxes.open(ann, "shared-kernel").block();
		this.sandboxes.open(ann, "decode-capeff").block();
		assertThat(this.sandboxes.open(ann, "shared-kernel").block()).as("re-joining is not a new sandbox").isNotNull();

		assertThatThrownBy(() -> this.sandboxes.open(ann, "oom-kill").block()).isInstanceOfSatisfying(
				SandboxException.class, (ex) -> assertThat(ex.reason()).isEqualTo(SandboxException.Reason.TOO_MANY))
			.hasMessageContaining("Too many sandboxes").hasMessageContaining("you already have 2");

		this.sandboxes.open(ben, "shared-kernel").block();
		assertThatThrownBy(() -> this.sandboxes.open(ben, "decode-capeff").block())
			.hasMessageContaining("Too many sandboxes").hasMessageContaining("maximum of 3");
	}

}
