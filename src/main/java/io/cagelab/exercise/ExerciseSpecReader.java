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

	private static final Set<String> FIELDS = Set.of("id", "module", "kind", "title", "sandbox", "checks", "solution",
			"wrong-answers", "feedback", "starter");

	private static final Set<String> FEEDBACK_FIELDS = Set.of("fix-after", "solution-after");

	private static final Set<String> COMMON_CHECK_FIELDS = Set.of("id", "kind", "points", "hint", "stronger-hint");

	private static final Map<String, Set<String>> FIELDS_BY_CHECK_KIND = Map.of("rule", Set.of("rule", "service"),
			"setting", Set.of("title", "service", "setting", "expect"), "probe",
			Set.of("title", "command", "expect"), "runtime", Set.of("title", "service", "command", "expect"), "quiz",
			Set.of("question", "multiple", "choices", "answer", "explanation"));

	private static final Set<String> CHECK_FIELDS = FIELDS_BY_CHECK_KIND.values().stream()
		.flatMap(Set::stream)
		.collect(Collectors.toCollection(() -> new java.util.HashSet<>(COMMON_CHECK_FIELDS)));

	private static final Set<String> WRONG_ANSWER_FIELDS = Set.of("content", "answers", "fails");

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
		String kindCode = spec.text(fields, "kind", "");
		if (!id.equals(file.getParent().getFileName().toString())) {
			throw spec.error(fields.get("id").getValueNode(), "id", "is '" + id + "' but the exercise's folder is '"
					+ file.getParent().getFileName() + "': they must be the same");
		}
		if (!module.equals(file.getParent().getParent().getFileName().toString())) {
			throw spec.error(fields.get("module").getValueNode(), "module", "is '" + module
					+ "' but the exercise sits in the folder of module '" + file.getParent().getParent().getFileName() + "'");
		}
		ExerciseKind kind = ExerciseKind.of(kindCode).orElseThrow(() -> spec.error(fields.get("kind").getValueNode(),
				"kind", "is '" + kindCode + "'; use one of " + ExerciseKind.CODES));
		Map<Language, String> titles = translations(spec, fields, "title");
		SandboxProfile profile = fields.containsKey("sandbox") ? sandbox(spec, fields.get("sandbox").getValueNode())
				: SandboxProfile.DEFAULT;
		List<Check> checks = fields.containsKey("checks") ? checks(spec, fields.get("checks").getValueNode())
				: List.of();
		String solution = fields.containsKey("solution") ? spec.text(fields, "solution", "") : "";
		Node kindNode = fields.get("kind").getValueNode();
		for (Check check : checks) {
			String refusal = misplaced(kind, check);
			if (refusal != null) {
				throw spec.error(kindNode, "kind", "is '" + kind.code() + "', but check '" + check.id() + "' " + refusal);
			}
		}
		if (checks.isEmpty() && kind != ExerciseKind.LAB) {
			throw spec.error(kindNode, "kind", "is '" + kind.code() + "': such an exercise needs checks");
		}
		boolean needsSolution = kind.takesArtifact()
				|| kind == ExerciseKind.LAB && checks.stream().anyMatch(Check.Probe.class::isInstance);
		if (needsSolution && solution.isEmpty()) {
			throw spec.error(kindNode, "kind", "is '" + kind.code() + "': such an exercise needs a solution that earns full"
					+ " marks" + (kind == ExerciseKind.LAB ? " (for a lab, the shell commands that do it)" : ""));
		}
		if (kind == ExerciseKind.QUIZ && !solution.isEmpty()) {
			throw spec.error(fields.get("solution").getValueNode(), "solution", "does not belong to a quiz: each"
					+ " question's answer is its solution");
		}
		List<Exercise.WrongAnswer> wrongAnswers = fields.containsKey("wrong-answers")
				? wrongAnswers(spec, fields.get("wrong-answers").getValueNode(), checks) : List.of();
		Exercise.Feedback feedback = fields.containsKey("feedback")
				? feedback(spec, fields.get("feedback").getValueNode(), checks) : Exercise.Feedback.DEFAULT;
		String starter = "";
		if (fields.containsKey("starter")) {
			if (!kind.takesArtifact()) {
				throw spec.error(fields.get("starter").getKeyNode(), "starter", "belongs to an exercise whose learners"
						+ " hand in a file (run, dockerfile, compose), not to a " + kind.code());
			}
			starter = spec.text(fields, "starter", "");
			if (starter.equals(solution)) {
				throw spec.error(fields.get("starter").getValueNode(), "starter", "is the solution: it would give the"
						+ " answer away");
			}
		}
		return new Exercise(id, module, kind, titles, profile, file.getParent(), checks, solution, wrongAnswers,
				feedback, starter);
	}

	private static Exercise.Feedback feedback(Spec spec, Node value, List<Check> checks) {
		Map<String, NodeTuple> fields = spec.fields(spec.mapping(value, "feedback"), FEEDBACK_FIELDS, "feedback.");
		int fixAfter = Exercise.Feedback.DEFAULT.fixAfter();
		int solutionAfter = Exercise.Feedback.DEFAULT.solutionAfter();
		if (fields.containsKey("fix-after")) {
			fixAfter = spec.number(fields, "fix-after", "feedback.");
			if (fixAfter < 1) {
				throw spec.error(fields.get("fix-after").getValueNode(), "feedback.fix-after", "must be an attempt"
						+ " number, 1 or more (1 shows each rule's fix at once)");
			}
			if (checks.stream().noneMatch(Check.Rule.class::isInstance)) {
				throw spec.error(fields.get("fix-after").getKeyNode(), "feedback.fix-after", "holds back the fix of"
						+ " rule messages, but the exercise has no rule check");
			}
		}
		if (fields.containsKey("solution-after")) {
			solutionAfter = spec.number(fields, "solution-after", "feedback.");
			if (solutionAfter < 1) {
				throw spec.error(fields.get("solution-after").getValueNode(), "feedback.solution-after", "must be an"
						+ " attempt number, 1 or more");
			}
		}
		if (fixAfter > solutionAfter) {
			throw spec.error(value, "feedback.fix-after", "is " + fixAfter + ", after the solution (attempt "
					+ solutionAfter + "), which shows every fix anyway");
		}
		return new Exercise.Feedback(fixAfter, solutionAfter);
	}

	/** Say why a check does not fit an exercise of this kind, or return null when it does. */
	private static String misplaced(ExerciseKind kind, Check check) {
		if (check instanceof Check.Probe) {
			return (kind == ExerciseKind.LAB) ? null : "is a probe, which belongs to a lab done in the sandbox";
		}
		if (check instanceof Check.Rule rule) {
			if (!kind.takesArtifact()) {
				return "is a rule check, which needs a run line, a Dockerfile or a compose file to grade";
			}
			Kind artifact = Kind.valueOf(kind.name());
			boolean applies = HardeningRules.ALL.stream()
				.anyMatch((known) -> known.id().equals(rule.rule()) && known.kinds().contains(artifact));
			if (!applies) {
				return "uses " + rule.rule() + ", which does not apply to a " + kind.code();
			}
			return (rule.service() != null && kind != ExerciseKind.COMPOSE)
					? "names a service, which only a compose file has" : null;
		}
		if (check instanceof Check.Setting setting) {
			if (!kind.takesArtifact()) {
				return "is a setting check, which reads a run line, a Dockerfile or a compose file";
			}
			return (setting.service() != null && kind != ExerciseKind.COMPOSE)
					? "names a service, which only a compose file has" : null;
		}
		if (check instanceof Check.Runtime runtime) {
			if (kind != ExerciseKind.RUN && kind != ExerciseKind.COMPOSE) {
				return "is a runtime check, which starts a container from a run line or a compose service";
			}
			return (runtime.service() != null && kind != ExerciseKind.COMPOSE)
					? "names a service, which only a compose file has" : null;
		}
		return null;
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
			String kindCode = spec.text(fields, "kind", "checks[].");
			Check.Kind kind = Check.Kind.of(kindCode).orElseThrow(() -> spec.error(fields.get("kind").getValueNode(),
					"checks[].kind", "is '" + kindCode + "'; use one of " + Check.Kind.CODES));
			for (String field : fields.keySet()) {
				if (!COMMON_CHECK_FIELDS.contains(field) && !FIELDS_BY_CHECK_KIND.get(kindCode).contains(field)) {
					throw spec.error(fields.get(field).getKeyNode(), "checks[]." + field, "does not belong to a "
							+ kindCode + " check");
				}
			}
			String service = fields.containsKey("service") ? spec.text(fields, "service", "checks[].") : null;
			Integer points = spec.number(fields, "points", "checks[].");
			if (points <= 0) {
				throw spec.error(fields.get("points").getValueNode(), "checks[].points", "must be a whole number above 0");
			}
			Map<Language, String> titles = Map.of();
			if (kind.titled()) {
				if (!fields.containsKey("title")) {
					throw spec.error(item, "checks[].title", "is missing: a " + kindCode + " check needs a title in"
							+ " English and French, which names it in the results (a rule check is named by its rule, a"
							+ " question by its text)");
				}
				titles = translations(spec, fields, "title");
			}
			Map<Language, String> hints = translations(spec, fields, "hint");
			Map<Language, String> strongerHints = fields.containsKey("stronger-hint")
					? translations(spec, fields, "stronger-hint") : Map.of();
			Check check = switch (kind) {
				case RULE -> {
					String rule = spec.text(fields, "rule", "checks[].");
					if (!RULE_IDS.contains(rule)) {
						throw spec.error(fields.get("rule").getValueNode(), "checks[].rule", "is '" + rule
								+ "', which is not a known rule id (HR-01 to HR-32)");
					}
					yield new Check.Rule(id, rule, service, points, hints, strongerHints);
				}
				case QUIZ -> quiz(spec, fields, id, points, hints, strongerHints);
				case SETTING -> {
					String setting = spec.text(fields, "setting", "checks[].");
					if (!ArtifactSettings.isKnown(setting)) {
						throw spec.error(fields.get("setting").getValueNode(), "checks[].setting", "is '" + setting
								+ "'; use one of " + ArtifactSettings.NAMES);
					}
					Check.Expect expect = expect(spec, fields);
					if (expect.exit() != null || expect.output() == null) {
						throw spec.error(fields.get("expect").getValueNode(), "checks[].expect",
								"of a setting check is an output pattern only");
					}
					yield new Check.Setting(id, titles, service, setting, expect, points, hints, strongerHints);
				}
				case PROBE -> new Check.Probe(id, titles, spec.text(fields, "command", "checks[]."),
						expect(spec, fields), points, hints, strongerHints);
				case RUNTIME -> new Check.Runtime(id, titles, service, spec.text(fields, "command", "checks[]."),
						expect(spec, fields), points, hints, strongerHints);
			};
			checks.add(check);
		}
		return List.copyOf(checks);
	}

	private static Check.Quiz quiz(Spec spec, Map<String, NodeTuple> fields, String id, int points,
			Map<Language, String> hints, Map<Language, String> strongerHints) {
		Map<Language, String> question = translations(spec, fields, "question");
		Node choicesNode = spec.required(fields, "choices", "checks[].");
		if (!(choicesNode instanceof SequenceNode choiceList) || choiceList.getValue().size() < 2) {
			throw spec.error(choicesNode, "checks[].choices", "must be a list of at least two choices");
		}
		List<Map<Language, String>> choices = new ArrayList<>();
		for (Node choice : choiceList.getValue()) {
			choices.add(translations(spec, spec.mapping(choice, "checks[].choices[]"), "checks[].choices[]"));
		}
		boolean multiple = false;
		if (fields.containsKey("multiple")) {
			String text = spec.text(fields, "multiple", "checks[].");
			if (!text.equals("true") && !text.equals("false")) {
				throw spec.error(fields.get("multiple").getValueNode(), "checks[].multiple", "is '" + text
						+ "'; use true or false");
			}
			multiple = text.equals("true");
		}
		Node answerNode = spec.required(fields, "answer", "checks[].");
		List<Integer> answer = spec.indexes(answerNode, "checks[].answer", choices.size());
		if (answer.isEmpty() || !multiple && answer.size() != 1) {
			throw spec.error(answerNode, "checks[].answer", multiple ? "must name at least one right choice"
					: "must name exactly one choice; set 'multiple: true' for a question with several right choices");
		}
		return new Check.Quiz(id, question, List.copyOf(choices), multiple, Set.copyOf(answer),
				translations(spec, fields, "explanation"), points, hints, strongerHints);
	}

	private static Check.Expect expect(Spec spec, Map<String, NodeTuple> fields) {
		Node expectNode = spec.required(fields, "expect", "checks[].");
		Map<String, NodeTuple> expect = spec.fields(spec.mapping(expectNode, "checks[].expect"), EXPECT_FIELDS,
				"checks[].expect.");
		Integer exit = expect.containsKey("exit") ? spec.number(expect, "exit", "checks[].expect.") : null;
		String output = null;
		if (expect.containsKey("output")) {
			output = spec.text(expect, "output", "checks[].expect.");
			try {
				Pattern.compile(output);
			}
			catch (PatternSyntaxException ex) {
				throw spec.error(expect.get("output").getValueNode(), "checks[].expect.output",
						"is not a valid regular expression: " + ex.getDescription());
			}
		}
		if (exit == null && output == null) {
			throw spec.error(expectNode, "checks[].expect", "needs an exit code, an output pattern, or both");
		}
		return new Check.Expect(exit, output);
	}

	private static List<Exercise.WrongAnswer> wrongAnswers(Spec spec, Node value, List<Check> checks) {
		if (!(value instanceof SequenceNode sequence)) {
			throw spec.error(value, "wrong-answers", "must be a list of wrong answers");
		}
		Map<String, Check> byId = new LinkedHashMap<>();
		checks.forEach((check) -> byId.put(check.id(), check));
		List<Exercise.WrongAnswer> wrongAnswers = new ArrayList<>();
		for (Node item : sequence.getValue()) {
			Map<String, NodeTuple> fields = spec.fields(spec.mapping(item, "wrong-answers[]"), WRONG_ANSWER_FIELDS,
					"wrong-answers[].");
			String content = fields.containsKey("content") ? spec.text(fields, "content", "wrong-answers[].") : null;
			Map<String, List<Integer>> answers = new LinkedHashMap<>();
			if (fields.containsKey("answers")) {
				for (NodeTuple answer : spec.mapping(fields.get("answers").getValueNode(), "wrong-answers[].answers")
					.getValue()) {
					String checkId = spec.scalar(answer.getKeyNode(), "wrong-answers[].answers");
					Check check = byId.get(checkId);
					if (!(check instanceof Check.Quiz quiz)) {
						throw spec.error(answer.getKeyNode(), "wrong-answers[].answers", "names '" + checkId
								+ "', which is not a quiz check of this exercise");
					}
					answers.put(checkId, spec.indexes(answer.getValueNode(), "wrong-answers[].answers." + checkId,
							quiz.choices().size()));
				}
			}
			Node failsNode = spec.required(fields, "fails", "wrong-answers[].");
			Map<String, String> fails = new LinkedHashMap<>();
			for (NodeTuple fail : spec.mapping(failsNode, "wrong-answers[].fails").getValue()) {
				String checkId = spec.scalar(fail.getKeyNode(), "wrong-answers[].fails");
				if (!byId.containsKey(checkId)) {
					throw spec.error(fail.getKeyNode(), "wrong-answers[].fails", "names '" + checkId
							+ "', which is not a check of this exercise");
				}
				fails.put(checkId, spec.scalar(fail.getValueNode(), "wrong-answers[].fails." + checkId).trim());
			}
			if (fails.isEmpty()) {
				throw spec.error(failsNode, "wrong-answers[].fails", "must name at least one check that fails");
			}
			wrongAnswers.add(new Exercise.WrongAnswer(content, Map.copyOf(answers), Map.copyOf(fails)));
		}
		return List.copyOf(wrongAnswers);
	}

	private static Map<Language, String> translations(Spec spec, Map<String, NodeTuple> fields, String name) {
		return translations(spec, spec.mapping(spec.required(fields, name, ""), name), name);
	}

	private static Map<Language, String> translations(Spec spec, MappingNode node, String name) {
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

		Integer number(Map<String, NodeTuple> fields, String name, String prefix) {
			String text = text(fields, name, prefix);
			try {
				return Integer.valueOf(text);
			}
			catch (NumberFormatException ex) {
				throw error(fields.get(name).getValueNode(), prefix + name, "is '" + text + "'; expected a whole number");
			}
		}

		/** Read a list of choice indexes, each from 0 to below {@code size}. */
		List<Integer> indexes(Node node, String field, int size) {
			if (!(node instanceof SequenceNode sequence)) {
				throw error(node, field, "must be a list of choice numbers, from 0, such as [1]");
			}
			List<Integer> indexes = new ArrayList<>();
			for (Node item : sequence.getValue()) {
				String text = scalar(item, field);
				int index;
				try {
					index = Integer.parseInt(text.trim());
				}
				catch (NumberFormatException ex) {
					index = -1;
				}
				if (index < 0 || index >= size) {
					throw error(item, field, "holds '" + text + "'; choices are numbered from 0 to " + (size - 1));
				}
				if (!indexes.contains(index)) {
					indexes.add(index);
				}
			}
			return indexes;
		}

		String scalar(Node node, String field) {
			if (node instanceof ScalarNode scalar) {
				return scalar.getValue();
			}
			throw error(node, field, "must be a single value, not a list or a mapping");
		}

	}

}
