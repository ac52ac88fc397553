package io.cagelab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test JVMs run as the build configures them: our own assertions checked, H2's left off as in production. */
class TestJvmTests {

	@Test
	void ourAssertionsAreOnAndH2sOff() {
		assertThat(TestJvmTests.class.desiredAssertionStatus()).isTrue();
		assertThat(org.h2.mvstore.MVStore.class.desiredAssertionStatus()).isFalse();
	}

}
