package io.cagelab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code docker} command, for tests that check what the engine says and what happens inside a container.
 */
public final class DockerCli {

	private DockerCli() {
	}

	public static Result docker(String... args) {
		List<String> command = new ArrayList<>();
		command.add("docker");
		command.addAll(List.of(args));
		try {
			// Output goes to a file: a full pipe would stall the command while nobody reads it.
			Path output = Files.createTempFile("docker-", ".out");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
					.start();
				process.getOutputStream().close();
				if (!process.waitFor(120, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 120 s");
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new AssertionError("Could not run docker: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Run a shell command inside a container, as the container's own user. */
	public static Result exec(String containerId, String script) {
		return docker("exec", containerId, "bash", "-c", script);
	}

	public static String inspect(String containerId, String format) {
		Result result = docker("inspect", "--format", format, containerId);
		if (result.exitCode() != 0) {
			throw new AssertionError("docker inspect failed: " + result.output());
		}
		return result.output();
	}

	public static boolean exists(String containerId) {
		return docker("inspect", "--format", "{{.Id}}", containerId).exitCode() == 0;
	}

	public record Result(int exitCode, String output) {
	}

}
