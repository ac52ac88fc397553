package io.cagelab.exercise;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import io.cagelab.course.Language;
import io.cagelab.grading.HardeningRule;
import io.cagelab.grading.HardeningRules;
import io.cagelab.grading.Kind;
import io.cagelab.sandbox.SandboxFloor;
import io.cagelab.sandbox.SandboxPolicyException;
import io.cagelab.sandbox.SandboxProfile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Read and validate one exercise spec. Every error names the file, the line and the field.
 */
@Component
class ExerciseSpecReader {

	static final Set<String> KINDS = Set.of("lab", "run", "dockerfile", "compose", "quiz");

	private static final Set<String> FIELDS = Set.of("id", "module", "kind", "title", "sandbox", "checks", "solution");

	private static final Set<String> CHECK_FIELDS = Set.of("id", "kind", "rule", "command", "expect", "points", "hint");

	private static final Set<String> EXPECT_FIELDS = Set.of("exit", "output");

	private static final Set<String> RULE_IDS = HardeningRules.ALL.stream().map(HardeningRule::id)
		.collect(Collectors.toSet());

	private static final Set<String> SANDBOX_FIELDS = Set.of("image", "capabilities", "pids-limit", "memory", "cpus",
			"runtime", "network");

	private final SandboxFloor floor;

	ExerciseSpecReader(SandboxFloor floor) {
		this.floor = floor;
	}

	Exercise read(Path file, String yaml) {
		Spec spec = new Spec(file);
		MappingNode root = spec.mapping(parse(file, yaml), "the spec");
		Map<String, NodeTuple> fields = spec.fields(root, FIELDS, "");
		String id = spec.text(fields, "id", "");
		String module = spec.text(fields, "module", "");
		String kind = spec.text(fields, "kind", "");
		if (!id.equals(file.getParent().getFileName().toString())) {
			throw spec.error(fields.get("id").getValueNode(), "id", "is '" + id + "' but the exercise's folder is '"
					+ file.getParent().getFileName() + "': they must be the same");
		}
		if (!module.equals(file.getParent().getParent().getFileName().toString())) {
			throw spec.error(fields.get("module").getValueNode(), "module", "is '" + module
					+ "' but the exercise sits in the folder of module '" + file.getParent().getParent().getFileName() + "'");
		}
		if (!KINDS.contains(kind)) {
			throw spec.error(fields.get("kind").getValueNode(), "kind", "is '" + kind + "'; use one of " + KINDS);
		}
		Map<Language, String> titles = translations(spec, fields, "title");
		SandboxProfile profile = fields.containsKey("sandbox") ? sandbox(spec, fields.get("sandbox").getValueNode())
				: SandboxProfile.DEFAULT;
		List<Check> checks = fields.containsKey("checks") ? checks(spec, fields.get("checks").getValueNode())
				: List.of();
		String solution = fields.containsKey("solution") ? spec.text(fields, "solution", "") : "";
		if (Exercise.ARTIFACT_KINDS.contains(kind) && (checks.isEmpty() || solution.isEmpty())) {
			throw spec.error(fields.get("kind").getValueNode(), "kind", "is '" + kind + "': such an exercise needs"
					+ " checks and a solution that earns full marks");
		}
		boolean probes = checks.stream().anyMatch((check) -> check.kind().equals("probe"));
		if (probes && !kind.equals("lab") || !probes && kind.equals("lab") && !checks.isEmpty()) {
			throw spec.error(fields.get("kind").getValueNode(), "kind", "is '" + kind + "': probe checks belong to lab"
					+ " exercises, rule checks to run, dockerfile and compose exercises");
		}
		if (Exercise.ARTIFACT_KINDS.contains(kind)) {
			Kind artifact = Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
			for (Check check : checks) {
				boolean applies = HardeningRules.ALL.stream()
					.anyMatch((rule) -> rule.id().equals(check.rule()) && rule.kinds().contains(artifact));
				if (!applies) {
					throw spec.error(fields.get("checks").getValueNode(), "checks[].rule", check.rule()
							+ " does not apply to a " + kind + " exercise");
				}
			}
		}
		return new Exercise(id, module, kind, titles, profile, file.getParent(), checks, solution);
	}

	private static Node parse(Path file, String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(20);
		options.setAllowDuplicateKeys(false);
		try {
			Node node = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
			if (node == null) {
				throw new ExerciseSpecException(file + ": the file is empty");
			}
			return node;
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 0;
			throw new ExerciseSpecException(file + ":" + line + ": not valid YAML: " + ex.getProblem());
		}
	}

	private static List<Check> checks(Spec spec, Node value) {
		if (!(value instanceof SequenceNode sequence)) {
			throw spec.error(value, "checks", "must be a list of checks");
		}
		List<Check> checks = new ArrayList<>();
		Set<String> ids = new java.util.HashSet<>();
		for (Node item : sequence.getValue()) {
			Map<String, NodeTuple> fields = spec.fields(spec.mapping(item, "checks[]"), CHECK_FIELDS, "checks[].");
			String id = spec.text(fields, "id", "checks[].");
			if (!ids.add(id)) {
				throw spec.error(item, "checks[].id", "'" + id + "' is used twice");
			}
			String kind = spec.text(fields, "kind", "checks[].");
			String rule = null;
			String command = null;
			Integer expectExit = null;
			String expectOutput = null;
			if (kind.equals("rule")) {
				rule = spec.text(fields, "rule", "checks[].");
				if (!RULE_IDS.contains(rule)) {
					throw spec.error(fields.get("rule").getValueNode(), "checks[].rule", "is '" + rule
							+ "', which is not a known rule id (HR-01 to HR-32)");
				}
			}
			else if (kind.equals("probe")) {
				command = spec.text(fields, "command", "checks[].");
				Node expectNode = spec.required(fields, "expect", "checks[].");
				Map<String, NodeTuple> expect = spec.fields(spec.mapping(expectNode, "checks[].expect"), EXPECT_FIELDS,
						"checks[].expect.");
				if (expect.containsKey("exit")) {
					try {
						expectExit = Integer.valueOf(spec.text(expect, "exit", "checks[].expect."));
					}
					catch (NumberFormatException ex) {
						throw spec.error(expect.get("exit").getValueNode(), "checks[].expect.exit", "must be a whole number");
					}
				}
				if (expect.containsKey("output")) {
					expectOutput = spec.text(expect, "output", "checks[].expect.");
					try {
						Pattern.compile(expectOutput);
					}
					catch (PatternSyntaxException ex) {
						throw spec.error(expect.get("output").getValueNode(), "checks[].expect.output",
								"is not a valid regular expression: " + ex.getDescription());
					}
				}
				if (expectExit == null && expectOutput == null) {
					throw spec.error(expectNode, "checks[].expect", "needs an exit code, an output pattern, or both");
				}
			}
			else {
				throw spec.error(fields.get("kind").getValueNode(), "checks[].kind", "is '" + kind
						+ "'; this version grades rule and probe checks");
			}
			int points;
			try {
				points = Integer.parseInt(spec.text(fields, "points", "checks[]."));
			}
			catch (NumberFormatException ex) {
				points = 0;
			}
			if (points <= 0) {
				throw spec.error(fields.get("points").getValueNode(), "checks[].points", "must be a whole number above 0");
			}
			checks.add(new Check(id, kind, rule, command, expectExit, expectOutput, points,
					translations(spec, fields, "hint")));
		}
		return List.copyOf(checks);
	}

	private static Map<Language, String> translations(Spec spec, Map<String, NodeTuple> fields, String name) {
		MappingNode node = spec.mapping(spec.required(fields, name, ""), name);
		Map<String, NodeTuple> languages = spec.fields(node, Set.of("en", "fr"), name + ".");
		Map<Language, String> texts = new EnumMap<>(Language.class);
		for (Language language : Language.values()) {
			if (!languages.containsKey(language.code())) {
				throw spec.error(node, name + "." + language.code(), "is missing: every text needs English and French");
			}
			texts.put(language, spec.text(languages, language.code(), name + "."));
		}
		return texts;
	}

	private SandboxProfile sandbox(Spec spec, Node value) {
		Map<String, NodeTuple> fields = spec.fields(spec.mapping(value, "sandbox"), SANDBOX_FIELDS, "sandbox.");
		List<String> capabilities = new ArrayList<>();
		if (fields.containsKey("capabilities")) {
			Node list = fields.get("capabilities").getValueNode();
			if (!(list instanceof SequenceNode sequence)) {
				throw spec.error(list, "sandbox.capabilities", "must be a list, such as [NET_BIND_SERVICE]");
			}
			for (Node item : sequence.getValue()) {
				capabilities.add(spec.scalar(item, "sandbox.capabilities"));
			}
		}
		SandboxProfile profile = new SandboxProfile(optionalText(spec, fields, "image"), capabilities,
				optional(spec, fields, "pids-limit", Integer::valueOf, "a whole number, such as 128"),
				optional(spec, fields, "memory", DataSize::parse, "a size, such as 128MB"),
				optional(spec, fields, "cpus", Double::valueOf, "a number of CPUs, such as 0.25"),
				optionalText(spec, fields, "runtime"), optionalText(spec, fields, "network"));
		try {
			this.floor.check(profile);
		}
		catch (SandboxPolicyException ex) {
			throw spec.error(value, "sandbox", ex.getMessage());
		}
		return profile;
	}

	private static String optionalText(Spec spec, Map<String, NodeTuple> fields, String name) {
		return fields.containsKey(name) ? spec.text(fields, name, "sandbox.") : null;
	}

	private static <T> T optional(Spec spec, Map<String, NodeTuple> fields, String name,
			java.util.function.Function<String, T> parser, String expected) {
		if (!fields.containsKey(name)) {
			return null;
		}
		String text = spec.text(fields, name, "sandbox.");
		try {
			return parser.apply(text);
		}
		catch (RuntimeException ex) {
			throw spec.error(fields.get(name).getValueNode(), "sandbox." + name, "is '" + text + "'; expected " + expected);
		}
	}

	/** Helpers that know which file they read, for messages that point at it. */
	private record Spec(Path file) {

		ExerciseSpecException error(Node node, String field, String problem) {
			return new ExerciseSpecException(this.file + ":" + (node.getStartMark().getLine() + 1) + ": field '" + field
					+ "' " + problem);
		}

		MappingNode mapping(Node node, String what) {
			if (node instanceof MappingNode mapping) {
				return mapping;
			}
			throw error(node, what, "must be a mapping of names to values");
		}

		Map<String, NodeTuple> fields(MappingNode node, Set<String> allowed, String prefix) {
			Map<String, NodeTuple> fields = new LinkedHashMap<>();
			for (NodeTuple tuple : node.getValue()) {
				String name = scalar(tuple.getKeyNode(), prefix + "?");
				if (!allowed.contains(name)) {
					throw error(tuple.getKeyNode(), prefix + name, "is not a known field; known: " + allowed.stream()
						.sorted().toList());
				}
				fields.put(name, tuple);
			}
			return fields;
		}

		Node required(Map<String, NodeTuple> fields, String name, String prefix) {
			NodeTuple tuple = fields.get(name);
			if (tuple == null) {
				throw new ExerciseSpecException(this.file + ":1: field '" + prefix + name + "' is missing");
			}
			return tuple.getValueNode();
		}

		String text(Map<String, NodeTuple> fields, String name, String prefix) {
			String text = scalar(required(fields, name, prefix), prefix + name).trim();
			if (text.isEmpty()) {
				throw error(fields.get(name).getValueNode(), prefix + name, "is empty");
			}
			return text;
		}

		String scalar(Node node, String field) {
			if (node instanceof ScalarNode scalar) {
				return scalar.getValue();
			}
			throw error(node, field, "must be a single value, not a list or a mapping");
		}

	}

}
