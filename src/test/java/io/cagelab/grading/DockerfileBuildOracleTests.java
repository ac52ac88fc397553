package io.cagelab.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.cagelab.DockerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker is the oracle for Dockerfiles too: each file below is built for real by the engine's own builder, from the
 * local base image (nothing is pulled), and what {@code docker image inspect} says of the image (its user, exposed
 * ports, health check, environment, command and entrypoint) is what the grader read in the file.
 */
@Tag("engine")
class DockerfileBuildOracleTests {

	static final String BASE = "cagelab/base:bookworm";

	static final String LABEL = "io.cagelab.test=" + io.cagelab.IntegrationTest.INSTALLATION + "-dockerfile-oracle";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Name to Dockerfile: each spelling the grader must read as the builder does. */
	static final Map<String, String> FILES = files();

	private static Map<String, String> files() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("plain", "FROM " + BASE + "\nUSER 1000:1000\nEXPOSE 8080\nHEALTHCHECK CMD true\n"
				+ "ENV A=1 B=\"two words\"\nCMD [\"app\", \"--flag\"]\n");
		files.put("escaped-backslash-ends-no-line", "FROM " + BASE + "\nUSER 1000\nENV X=a\\\\\nUSER root\n");
		files.put("continuation-with-comment-and-blank-line", "FROM " + BASE + "\nENV A=1 \\\n# a comment\n\n    B=2\n"
				+ "USER 1001\n");
		files.put("final-stage-only", "FROM " + BASE + " AS build\nUSER root\nEXPOSE 22\nHEALTHCHECK CMD false\n"
				+ "FROM " + BASE + " AS final\nUSER 1001\nEXPOSE 80/udp 443\nHEALTHCHECK NONE\nENTRYPOINT exec app --serve\n");
		files.put("lowercase-and-legacy-env", "from " + BASE + "\nuser nobody\nenv NAME a value with spaces\n"
				+ "expose 3000\ncmd echo hello\n");
		files.put("healthcheck-options", "FROM " + BASE + "\nHEALTHCHECK --interval=30s --timeout=3s \\\n"
				+ "  CMD wget -q -O- http://localhost:8080/health || exit 1\nUSER 65534\n");
		files.put("user-set-twice", "FROM " + BASE + "\nUSER 1000\nUSER 0\n");
		files.put("json-entrypoint-and-shell-cmd", "FROM " + BASE + "\nENTRYPOINT [\"/bin/echo\"]\nCMD hello world\n");
		return files;
	}

	@TempDir
	static Path context;

	@AfterAll
	static void removeImages() {
		String ids = DockerCli.docker("images", "-q", "--filter", "label=" + LABEL).output().trim();
		if (!ids.isEmpty()) {
			List<String> command = new ArrayList<>(List.of("rmi", "-f"));
			command.addAll(List.of(ids.split("\\s+")));
			DockerCli.docker(command.toArray(String[]::new));
		}
	}

	@TestFactory
	Stream<DynamicTest> everyImageIsWhatTheGraderReadInItsDockerfile() {
		return FILES.entrySet().stream().map((file) -> DynamicTest.dynamicTest(file.getKey(), () -> {
			JsonNode config = build(file.getKey(), file.getValue()).get("Config");
			ContainerModel model = new DockerfileParser().parse(file.getValue());
			String name = file.getKey();

			// No USER is the image's default user, which the engine writes as an empty string.
			assertThat((model.user() != null) ? model.user() : "").as("%s: USER", name)
				.isEqualTo(config.path("User").asString(""));
			List<String> exposed = new ArrayList<>();
			// An intended difference: the grader keeps the port without its protocol, since 22/udp is still port 22
			// to the rules (Ports.exposed); the engine writes it as 22/udp, and tcp when none is written.
			config.path("ExposedPorts").propertyNames().forEach((port) -> exposed.add(port.replaceFirst("/.*", "")));
			assertThat(model.ports()).extracting(ContainerModel.Port::containerPort).as("%s: EXPOSE", name)
				.containsExactlyInAnyOrderElementsOf(exposed);
			JsonNode health = config.path("Healthcheck").path("Test");
			boolean none = health.isArray() && health.size() == 1 && health.get(0).asString().equals("NONE");
			assertThat(model.noHealthCheck()).as("%s: HEALTHCHECK NONE", name).isEqualTo(none);
			assertThat(model.healthCheck()).as("%s: HEALTHCHECK", name).isEqualTo(health.isArray() && !none);
			Map<String, String> env = new LinkedHashMap<>();
			config.path("Env").forEach((pair) -> {
				String[] parts = pair.asString().split("=", 2);
				env.put(parts[0], parts[1]);
			});
			model.env().forEach((variable, value) -> assertThat(env).as("%s: ENV %s", name, variable)
				.containsEntry(variable, value));
			for (String keyword : List.of("Cmd", "Entrypoint")) {
				DockerfileParser.Instruction step = model.buildSteps().stream()
					.filter((s) -> s.keyword().equalsIgnoreCase(keyword))
					.reduce((a, b) -> b)
					.orElse(null);
				JsonNode built = config.path(keyword);
				if (step == null) {
					// Nothing in the file: the image keeps what its base had (the base sets a command, no entrypoint).
					continue;
				}
				List<String> words = new ArrayList<>();
				built.forEach((word) -> words.add(word.asString()));
				assertThat(words).as("%s: %s", name, keyword).isEqualTo(executed(step.arguments()));
			}
		}));
	}

	/** The words the engine runs for a CMD or ENTRYPOINT: its JSON array, or the shell form handed to sh -c. */
	private static List<String> executed(String arguments) {
		String text = arguments.strip();
		if (text.startsWith("[")) {
			List<String> words = new ArrayList<>();
			JSON.readTree(text).forEach((word) -> words.add(word.asString()));
			return words;
		}
		return List.of("/bin/sh", "-c", text);
	}

	private static JsonNode build(String name, String dockerfile) throws IOException {
		Path folder = Files.createDirectories(context.resolve(name));
		Files.writeString(folder.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
		String tag = "cagelab-oracle/" + name + ":test";
		DockerCli.Result built = DockerCli.docker("build", "-q", "--label", LABEL, "-t", tag, folder.toString());
		assertThat(built.exitCode()).as("%s builds: %s", name, built.output()).isZero();
		JsonNode inspected = JSON.readTree(DockerCli.docker("image", "inspect", tag).output());
		return inspected.get(0);
	}

}
