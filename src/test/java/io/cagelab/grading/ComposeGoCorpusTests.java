package io.cagelab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * compose-go's loader test data, read in place from {@code shared/corpora/compose-go-testdata}: each file is accepted
 * or refused as compose-go does (the files an extends names read beside it), and every file compose-go accepts is
 * valid against the Compose Specification's JSON schema ({@code schema/compose-spec.json}), checked with
 * networknt's json-schema-validator, whose errors are told with the line they are on.
 */
class ComposeGoCorpusTests {

	/** How compose-go takes each file, loaded as a project's compose file from its own folder. */
	static final Map<String, Boolean> ACCEPTED = new TreeMap<>();

	static {
		for (String accepted : List.of("cli/testdata/simple/compose-name.yaml",
				"cli/testdata/simple/compose-with-overrides.yaml", "cli/testdata/simple/compose-with-paths.yaml",
				"cli/testdata/simple/compose-with-variables.yaml", "cli/testdata/simple/compose.yaml",
				// compose-go's own test has the env files beside them; the grader does not read env_file.
				"cli/testdata/env-file/compose-with-env-file.yaml", "cli/testdata/env-file/compose-with-env-files.yaml",
				"loader/testdata/combined/dir/extended.yaml", "loader/testdata/combined/dir/included.yaml",
				"loader/testdata/compose-include.yaml", "loader/testdata/compose-test-extends-with-context-url.yaml",
				"loader/testdata/compose-test-extends-with-context-url-imported.yaml",
				"loader/testdata/compose-test-extends.yaml", "loader/testdata/compose-test-with-version.yaml",
				"loader/testdata/extends/base.yaml", "loader/testdata/extends/depends_on.yaml",
				"loader/testdata/extends/interpolated.yaml", "loader/testdata/extends/nested.yaml",
				"loader/testdata/extends/ports.yaml", "loader/testdata/extends/reset.yaml",
				"loader/testdata/extends/sibling.yaml", "loader/testdata/extends/withdir/compose.yaml",
				"loader/testdata/extends/withdir/dir/base.yaml", "loader/testdata/extends/withdir/dir/compose.yaml",
				"loader/testdata/include/dir/compose.yaml", "loader/testdata/include/included.yaml",
				"loader/testdata/remote/compose.yaml", "loader/testdata/remote/nested/compose-nested.yaml",
				"loader/testdata/subdir/compose-test-extends-imported.yaml")) {
			ACCEPTED.put(accepted, true);
		}
		for (String refused : List.of("loader/testdata/compose-depends-on-cycle.yaml",
				// The same services as the cycle: compose-go's test loads it with a profile that leaves one out.
				"loader/testdata/compose-depends-on-profile-no-cycle.yaml", "loader/testdata/compose-depends-on-self.yaml",
				"loader/testdata/empty.yaml", "PATH/compose.yaml",
				// remote: resources need a remote loader, which compose-go has only when asked to.
				"loader/testdata/remote/cycle/compose.yaml", "loader/testdata/remote/cycle/compose-cycle.yaml",
				"loader/testdata/remote/nested/compose.yaml")) {
			ACCEPTED.put(refused, false);
		}
	}

	/**
	 * compose-go's schema test file: variables in every typed field, valid against the schema before interpolation;
	 * it is no project to load (its values are placeholders), so only the schema is checked on it.
	 */
	static final List<String> SCHEMA_ONLY = List.of("schema/using-variables.yaml");

	/** Files the grader takes otherwise than compose-go, each with its reason. */
	static final Map<String, String> INTENDED = Map.of(
			"loader/testdata/compose-include-cycle.yaml", "include is not followed (a submission is graded on the"
					+ " services it writes and those its extends names), so an include that includes itself goes unseen",
			"loader/testdata/include/compose.yaml", "include is not followed: a file whose services all come from an"
					+ " include has none to grade, and is refused saying so",
			"loader/testdata/include/project-directory.yaml", "include is not followed: no services of its own",
			"loader/testdata/combined/compose.yaml", "include is not followed: no services of its own");

	/** Variables the files are read with, as compose-go's tests set them. */
	static final Map<String, String> ENVIRONMENT = Map.of("VARIABLE", "1", "PUBLIC_PORT", "8080", "PORT", "8000",
			"TEST", "x");

	static Path corpus() {
		return Corpora.folder("compose-go-testdata");
	}

	static List<String> files() throws IOException {
		Path root = corpus();
		try (Stream<Path> walked = Files.walk(root)) {
			return walked.filter((path) -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
				.filter((path) -> !path.getFileName().toString().startsWith("."))
				.map((path) -> root.relativize(path).toString()).sorted().toList();
		}
	}

	@Test
	void everyFileOfTheCorpusHasAnExpectation() throws IOException {
		List<String> unlisted = new ArrayList<>(files());
		unlisted.removeAll(ACCEPTED.keySet());
		unlisted.removeAll(INTENDED.keySet());
		unlisted.removeAll(SCHEMA_ONLY);
		assertThat(unlisted).as("compose-go files with no expectation here").isEmpty();
	}

	@TestFactory
	Stream<DynamicTest> everyFileIsAcceptedOrRefusedAsComposeGoDoes() throws IOException {
		return files().stream().filter(ACCEPTED::containsKey).map((file) -> DynamicTest.dynamicTest(file, () -> {
			Path path = corpus().resolve(file);
			String text = Files.readString(path, StandardCharsets.UTF_8);
			ComposeParser parser = new ComposeParser(ENVIRONMENT, (other) -> beside(path, other));
			if (ACCEPTED.get(file)) {
				assertThat(parser.parse(text)).as(file).isNotEmpty();
			}
			else {
				assertThatThrownBy(() -> parser.parse(text)).as(file).isInstanceOf(GradingException.class);
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> theIntendedDifferencesStillDiffer() {
		return INTENDED.keySet().stream().sorted().map((file) -> DynamicTest.dynamicTest(file, () -> {
			Path path = corpus().resolve(file);
			String text = Files.readString(path, StandardCharsets.UTF_8);
			ComposeParser parser = new ComposeParser(ENVIRONMENT, (other) -> beside(path, other));
			boolean composeGoAccepts = !file.endsWith("include-cycle.yaml");
			if (composeGoAccepts) {
				assertThatThrownBy(() -> parser.parse(text)).as(INTENDED.get(file)).isInstanceOf(GradingException.class);
			}
			else {
				assertThat(parser.parse(text)).as(INTENDED.get(file)).isNotEmpty();
			}
		}));
	}

	@Test
	void aServiceDependingOnItselfIsRefusedWhereItSaysSo() throws IOException {
		String text = Files.readString(corpus().resolve("loader/testdata/compose-depends-on-self.yaml"));
		GradingException ex = org.junit.jupiter.api.Assertions.assertThrows(GradingException.class,
				() -> new ComposeParser(Map.of()).parse(text));
		assertThat(ex.line()).isEqualTo(5);
		assertThat(ex.problem()).contains("service1 -> service1").contains("dependency cycle detected");
		assertThat(ex.problem(io.cagelab.course.Language.FR)).contains("en cercle");
	}

	private static String beside(Path file, String other) {
		Path root = corpus().toAbsolutePath().normalize();
		Path resolved = file.toAbsolutePath().getParent().resolve(other).normalize();
		try {
			return (resolved.startsWith(root) && Files.isRegularFile(resolved)) ? Files.readString(resolved) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	// The Compose Specification's JSON schema.

	static Schema schema() throws IOException {
		Path file = corpus().resolve("schema/compose-spec.json").toAbsolutePath().normalize();
		try (InputStream in = Files.newInputStream(file)) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
				.getSchema(com.networknt.schema.SchemaLocation.of(file.toUri().toString()), in,
						com.networknt.schema.InputFormat.JSON);
		}
	}

	/** One schema error, on the line of the YAML node it is about. */
	record SchemaError(int line, String path, String message) {
	}

	/** Validate YAML text against the schema; each error on the line of the node at fault (or of its parent). */
	static List<SchemaError> validate(Schema schema, String yaml) {
		Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
		Map<String, Integer> lines = new HashMap<>();
		JsonNode document = (root != null) ? json(root, "", lines) : JsonNodeFactory.instance.objectNode();
		// A service left empty is a service with no settings: compose-go reads it so before it validates.
		if (document.path("services") instanceof ObjectNode services) {
			List<String> empty = new ArrayList<>();
			services.properties().forEach((entry) -> {
				if (entry.getValue().isNull()) {
					empty.add(entry.getKey());
				}
			});
			empty.forEach((name) -> services.set(name, JsonNodeFactory.instance.objectNode()));
		}
		List<SchemaError> errors = new ArrayList<>();
		for (Error error : schema.validate(document)) {
			StringBuilder path = new StringBuilder();
			var location = error.getInstanceLocation();
			for (int i = 0; i < location.getNameCount(); i++) {
				path.append('/').append(location.getElement(i));
			}
			// An error about a property (additionalProperties, required) is on that property's line when it is written.
			if (error.getProperty() != null && lines.containsKey(path + "/" + error.getProperty())) {
				path.append('/').append(error.getProperty());
			}
			String at = path.toString();
			while (!lines.containsKey(at) && at.contains("/")) {
				at = at.substring(0, at.lastIndexOf('/'));
			}
			errors.add(new SchemaError(lines.getOrDefault(at, 1), path.toString(), error.getMessage()));
		}
		return errors;
	}

	/** A YAML node as JSON, merge keys applied; the line of every node kept by its JSON pointer. */
	private static JsonNode json(Node node, String pointer, Map<String, Integer> lines) {
		lines.putIfAbsent(pointer, node.getStartMark().getLine() + 1);
		if (node instanceof MappingNode mapping) {
			ObjectNode object = JsonNodeFactory.instance.objectNode();
			Map<String, Node> merged = new LinkedHashMap<>();
			for (NodeTuple tuple : mapping.getValue()) {
				String key = ((ScalarNode) tuple.getKeyNode()).getValue();
				if (key.equals("<<")) {
					List<Node> sources = (tuple.getValueNode() instanceof SequenceNode sequence) ? sequence.getValue()
							: List.of(tuple.getValueNode());
					for (Node source : sources) {
						for (NodeTuple inherited : ((MappingNode) source).getValue()) {
							merged.putIfAbsent(((ScalarNode) inherited.getKeyNode()).getValue(), inherited.getValueNode());
						}
					}
				}
				else {
					merged.put(key, tuple.getValueNode());
				}
			}
			merged.forEach((key, value) -> object.set(key, json(value, pointer + "/" + key, lines)));
			return object;
		}
		if (node instanceof SequenceNode sequence) {
			ArrayNode array = JsonNodeFactory.instance.arrayNode();
			for (int i = 0; i < sequence.getValue().size(); i++) {
				array.add(json(sequence.getValue().get(i), pointer + "/" + i, lines));
			}
			return array;
		}
		ScalarNode scalar = (ScalarNode) node;
		String value = scalar.getValue();
		Tag tag = scalar.getTag();
		if (scalar.isPlain() || !tag.equals(Tag.STR)) {
			if (tag.equals(Tag.NULL)) {
				return JsonNodeFactory.instance.nullNode();
			}
			if (value.matches("true|True|TRUE|false|False|FALSE")) {
				return JsonNodeFactory.instance.booleanNode(value.equalsIgnoreCase("true"));
			}
			if (value.matches("[-+]?\\d+")) {
				return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
			}
			if (value.matches("[-+]?(\\d+\\.\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
				return JsonNodeFactory.instance.numberNode(Double.parseDouble(value));
			}
		}
		return JsonNodeFactory.instance.stringNode(value);
	}

	@TestFactory
	Stream<DynamicTest> everyFileComposeGoAcceptsIsValidAgainstTheSchema() throws IOException {
		Schema schema = schema();
		return files().stream().filter((file) -> Boolean.TRUE.equals(ACCEPTED.get(file)) || SCHEMA_ONLY.contains(file))
			.map((file) -> DynamicTest.dynamicTest(file, () -> {
				String text = Files.readString(corpus().resolve(file), StandardCharsets.UTF_8);
				assertThat(validate(schema, text)).as(file).isEmpty();
			}));
	}

	@Test
	void theExercisesComposeSolutionsAreValidAgainstTheSchema() throws IOException {
		Schema schema = schema();
		int checked = 0;
		try (Stream<Path> specs = Files.walk(Path.of("exercises"))) {
			for (Path spec : specs.filter((p) -> p.getFileName().toString().equals("exercise.yaml")).toList()) {
				Map<?, ?> exercise = new Yaml().load(Files.readString(spec));
				if ("compose".equals(exercise.get("kind")) && exercise.get("solution") instanceof String solution) {
					assertThat(validate(schema, solution)).as(spec.toString()).isEmpty();
					checked++;
				}
			}
		}
		assertThat(checked).as("compose exercises").isPositive();
	}

	@Test
	void schemaErrorsAreToldWithTheirLine() throws IOException {
		List<SchemaError> errors = validate(schema(), """
				services:
				  web:
				    image: nginx:1.27
				    ports:
				      http: 80
				    restart_policy: always
				    pids_limit: [1]
				""");
		assertThat(errors).extracting(SchemaError::line).contains(5, 6, 7);
		assertThat(errors).allSatisfy((error) -> assertThat(error.message()).isNotBlank());
		assertThat(errors.stream().filter((e) -> e.line() == 6).findFirst().orElseThrow().message())
			.contains("restart_policy");
	}

	static final JsonMapper JSON = JsonMapper.builder().build();

}
