package io.cagelab.engineguard;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guard that cannot open the engine's socket says so at start-up, naming the socket and the setting to fix, instead
 * of starting and then failing every call.
 */
class GuardCommandTests {

	@Test
	void anUnopenableSocketIsNamedWithTheGroupToGive(@org.junit.jupiter.api.io.TempDir Path dir) {
		Path socket = dir.resolve("docker.sock");
		assertThat(GuardCommand.socketProblem(socket)).contains("cannot open the engine's socket " + socket)
			.contains("DOCKER_GID in .env");
	}

}
