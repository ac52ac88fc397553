package io.cagelab.grading;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classroom deployment passes its own course: {@code ./cagelab lint docker-compose.yml} finds nothing on the app
 * and, on the engine guard, only what the design is about (it holds the socket, so it leaves the user namespace),
 * each explained in a comment above it; and Compose v2 would read it as Debian's 1.29 does.
 */
class DeploymentComposeFileTests {

	static final Path COMPOSE = Path.of("docker-compose.yml");

	/** Compose v2 validates the file against the Compose Specification before it interpolates anything. */
	@Test
	void theFileIsValidAgainstTheComposeSpecification() throws Exception {
		assertThat(ComposeGoCorpusTests.validate(ComposeGoCorpusTests.schema(), Files.readString(COMPOSE))).isEmpty();
	}

	@Test
	void lintFindsOnlyTheGuardsSocketAndHostUserNamespace() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = new LintCommand().run(new String[] { "--format", "json", COMPOSE.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
		JsonNode findings = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(LintCommand.FAILED);
		assertThat(findings.valueStream().map((finding) -> finding.path("rule").asString()))
			.containsExactlyInAnyOrder("HR-19", "HR-20");
		List<String> lines = Files.readAllLines(COMPOSE);
		int guard = lines.indexOf("  engine-guard:") + 1;
		int app = lines.indexOf("  cagelab:") + 1;
		assertThat(guard).isPositive().isLessThan(app);
		for (JsonNode finding : findings) {
			int line = finding.path("line").asInt();
			assertThat(line).as("%s is on the engine guard, not the app", finding).isBetween(guard, app);
			assertThat(lines.get(line - 2)).as("the line above %s explains it", finding).startsWith("    #");
		}
	}

}
