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

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BuildKit's own Dockerfile parser tests, read in place from {@code shared/corpora/buildkit-dockerfile-parser}: every
 * positive file is accepted, its final stage read as BuildKit's {@code result} shows it (FROM, USER, EXPOSE,
 * HEALTHCHECK, ENV, CMD and ENTRYPOINT), and every negative file is refused.
 */
class BuildKitCorpusTests {

	/**
	 * Positive files of BuildKit's parser that its instruction parser, which {@code docker build} runs next, refuses:
	 * the grader refuses them as a build would. Each with its reason.
	 */
	static final Map<String, String> REFUSED_BY_THE_BUILD = Map.of("env",
			"ENV name='a\\'b' leaves a single quote open (a backslash does not escape inside single quotes): BuildKit's parser"
					+ " keeps the text, the build's word expansion refuses it (unexpected end of statement while looking for"
					+ " matching single-quote)",
			"health",
			"HEALTHCHECK without an argument and HEALTHCHECK CONNECT parse, but the build refuses them (HEALTHCHECK"
					+ " requires at least one argument; Unknown type \"CONNECT\" in HEALTHCHECK (try CMD))");

	/**
	 * Positive files that the grader reads although a build would refuse them, and what of them is not compared, with
	 * the reason.
	 */
	static final Map<String, String> FLAGS_NOT_GRADED = Map.of("flags",
			"COPY --doit and CMD --doit: flags BuildKit's parser reads and a build refuses (unknown flag); the grader reads"
					+ " neither COPY's flags nor CMD's, so it does not compare that CMD");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static Path corpus() {
		return Corpora.folder("buildkit-dockerfile-parser");
	}

	@TestFactory
	Stream<DynamicTest> everyPositiveFileIsReadAsBuildKitReadsIt() throws IOException {
		List<Path> folders;
		try (Stream<Path> listed = Files.list(corpus().resolve("testfiles"))) {
			folders = listed.filter(Files::isDirectory).sorted().toList();
		}
		assertThat(folders).as("BuildKit's positive test files").hasSizeGreaterThan(30);
		return folders.stream().map((folder) -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
			String name = folder.getFileName().toString();
			String text = Files.readString(folder.resolve("Dockerfile"), StandardCharsets.UTF_8);
			if (REFUSED_BY_THE_BUILD.containsKey(name)) {
				assertThatThrownBy(() -> new DockerfileParser().parse(text)).as(REFUSED_BY_THE_BUILD.get(name))
					.isInstanceOf(GradingException.class);
				return;
			}
			// BuildKit's parser tests need no FROM, a build does: a file without one is read after FROM scratch.
			boolean from = text.lines().anyMatch((line) -> line.strip().toUpperCase(java.util.Locale.ROOT).startsWith("FROM"));
			ContainerModel model = new DockerfileParser().parse(from ? text : "FROM scratch\n" + text);
			List<Node> result = finalStage(parse(Files.readString(folder.resolve("result"), StandardCharsets.UTF_8)));
			compare(name, model, result);
		}));
	}

	@TestFactory
	Stream<DynamicTest> everyNegativeFileIsRefused() throws IOException {
		List<Path> folders;
		try (Stream<Path> listed = Files.list(corpus().resolve("testfiles-negative"))) {
			folders = listed.filter(Files::isDirectory).sorted().toList();
		}
		assertThat(folders).as("BuildKit's negative test files").isNotEmpty();
		return folders.stream().map((folder) -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
			String text = Files.readString(folder.resolve("Dockerfile"), StandardCharsets.UTF_8);
			assertThatThrownBy(() -> new DockerfileParser().parse(text)).isInstanceOf(GradingException.class);
		}));
	}

	@Test
	void aBlankLineInsideAContinuationIsSkippedAsBuildKitDoes() {
		ContainerModel model = new DockerfileParser().parse("FROM alpine:3.20\nRUN echo a \\\n\n  b\nUSER 1000\n");
		assertThat(model.buildSteps()).extracting(DockerfileParser.Instruction::arguments).contains("echo a   b");
		assertThat(model.user()).isEqualTo("1000");
	}

	/** One line of a result: {@code (env "A" "b" "=")}, its flags ({@code ["--interval=5s"]}) and its values. */
	record Node(String keyword, List<String> flags, List<String> values) {
	}

	static List<Node> parse(String result) {
		List<Node> nodes = new ArrayList<>();
		for (String line : result.split("\n")) {
			if (!line.startsWith("(")) {
				continue;
			}
			int i = 1;
			int space = line.indexOf(' ');
			int close = line.lastIndexOf(')');
			String keyword = line.substring(1, (space > 0 && space < close) ? space : close);
			List<String> flags = new ArrayList<>();
			List<String> values = new ArrayList<>();
			i += keyword.length();
			while (i < close) {
				char c = line.charAt(i);
				if (c == '"') {
					int end = stringEnd(line, i);
					values.add(JSON.readValue(goString(line.substring(i, end + 1)), String.class));
					i = end + 1;
				}
				else if (c == '[') {
					int end = line.indexOf(']', i);
					for (String flag : line.substring(i + 1, end).split(" ")) {
						if (!flag.isEmpty()) {
							flags.add(JSON.readValue(goString(flag), String.class));
						}
					}
					i = end + 1;
				}
				else if (c == '(') {
					// ONBUILD's instruction, in the result as a node of its own: not part of this stage.
					break;
				}
				else {
					i++;
				}
			}
			nodes.add(new Node(keyword, flags, values));
		}
		return nodes;
	}

	private static int stringEnd(String line, int start) {
		for (int i = start + 1; i < line.length(); i++) {
			if (line.charAt(i) == '\\') {
				i++;
			}
			else if (line.charAt(i) == '"') {
				return i;
			}
		}
		throw new AssertionError("unclosed string in " + line);
	}

	/** A Go %q string as JSON: \x00 is \u0000, the other escapes are the same. */
	private static String goString(String quoted) {
		return quoted.replaceAll("\\\\x([0-9a-fA-F]{2})", "\\\\u00$1");
	}

	static List<Node> finalStage(List<Node> nodes) {
		int from = 0;
		for (int i = 0; i < nodes.size(); i++) {
			if (nodes.get(i).keyword().equals("from")) {
				from = i;
			}
		}
		return nodes.subList(from, nodes.size());
	}

	private static void compare(String name, ContainerModel model, List<Node> stage) {
		Node from = stage.get(0);
		String base = from.keyword().equals("from")
				? from.values().stream().filter((word) -> !word.startsWith("--")).findFirst().orElse("") : "scratch";
		if (!base.contains("$")) {
			assertThat(model.image()).as("%s: FROM", name).isEqualTo(base);
		}
		Node user = last(stage, "user");
		if (user != null && !user.values().get(0).contains("$")) {
			assertThat(model.user()).as("%s: USER", name).isEqualTo(user.values().get(0));
		}
		List<String> exposed = new ArrayList<>();
		stage.stream().filter((node) -> node.keyword().equals("expose")).forEach((node) -> node.values()
			.forEach((port) -> exposed.add(Ports.exposed(port))));
		assertThat(model.ports()).extracting(ContainerModel.Port::containerPort).as("%s: EXPOSE", name)
			.containsExactlyElementsOf(exposed);
		Node health = last(stage, "healthcheck");
		if (health != null) {
			boolean none = !health.values().isEmpty() && health.values().get(0).equalsIgnoreCase("NONE");
			assertThat(model.noHealthCheck()).as("%s: HEALTHCHECK NONE", name).isEqualTo(none);
			assertThat(model.healthCheck()).as("%s: HEALTHCHECK", name).isEqualTo(!none);
		}
		else {
			assertThat(model.healthCheck()).as("%s: no HEALTHCHECK", name).isFalse();
		}
		Map<String, String> env = new LinkedHashMap<>();
		stage.stream().filter((node) -> node.keyword().equals("env")).forEach((node) -> {
			for (int i = 0; i + 1 < node.values().size(); i += 3) {
				env.put(node.values().get(i), node.values().get(i + 1));
			}
		});
		env.forEach((variable, raw) -> {
			assertThat(model.env()).as("%s: ENV %s", name, variable).containsKey(variable);
			// A plain value is itself once read; quotes, escapes and variables are the word expansion's, tested apart.
			if (raw.matches("[^\"'\\\\$`]*")) {
				assertThat(model.env().get(variable)).as("%s: ENV %s", name, variable).isEqualTo(raw);
			}
		});
		for (String keyword : List.of("cmd", "entrypoint")) {
			Node expected = last(stage, keyword);
			DockerfileParser.Instruction step = model.buildSteps().stream()
				.filter((s) -> s.keyword().equalsIgnoreCase(keyword)).reduce((a, b) -> b).orElse(null);
			assertThat(step != null).as("%s: %s present", name, keyword).isEqualTo(expected != null);
			if (step != null && !step.arguments().contains("$") && !FLAGS_NOT_GRADED.containsKey(name)) {
				assertThat(words(step.arguments())).as("%s: %s", name, keyword).isEqualTo(expected.values());
			}
		}
	}

	/** A CMD or ENTRYPOINT as the result lists it: the JSON array's strings, or the shell form's text as one. */
	private static List<String> words(String arguments) {
		String text = arguments.strip();
		if (text.startsWith("[")) {
			try {
				JsonNode array = JSON.readTree(text);
				if (array.isArray()) {
					List<String> words = new ArrayList<>();
					array.forEach((word) -> words.add(word.asString()));
					return words;
				}
			}
			catch (RuntimeException ex) {
				// Not JSON: the shell form, as BuildKit reads it too.
			}
		}
		return List.of(text);
	}

	private static Node last(List<Node> stage, String keyword) {
		Node found = null;
		for (Node node : stage) {
			if (node.keyword().equals(keyword)) {
				found = node;
			}
		}
		return found;
	}

}
