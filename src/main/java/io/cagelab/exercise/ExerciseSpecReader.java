package io.cagelab.exercise;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
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
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The one validator of exercise specs, for the catalog's files, the authoring API and {@code ./cagelab validate}:
 * read a spec and return the exercise, or every problem in it, each with its path, line, column and message key.
 */
@Component
public class ExerciseSpecReader {

	private static final Set<String> FIELDS = Set.of("id", "module", "kind", "title", "sandbox", "checks", "solution",
			"wrong-answers", "feedback", "starter");

	private static final Set<String> FEEDBACK_FIELDS = Set.of("fix-after", "solution-after");

	private static final Set<String> COMMON_CHECK_FIELDS = Set.of("id", "kind", "points", "hint", "stronger-hint");

	private static final Map<String, Set<String>> FIELDS_BY_CHECK_KIND = Map.of("rule",
			Set.of("rule", "service", "allowed-capabilities"),
			"setting", Set.of("title", "service", "setting", "expect"), "probe",
			Set.of("title", "command", "expect"), "runtime", Set.of("title", "service", "command", "expect"), "quiz",
			Set.of("question", "multiple", "choices", "answer", "explanation"));

	private static final Set<String> CHECK_FIELDS = FIELDS_BY_CHECK_KIND.values().stream()
		.flatMap(Set::stream)
		.collect(Collectors.toCollection(() -> new HashSet<>(COMMON_CHECK_FIELDS)));

	private static final Set<String> WRONG_ANSWER_FIELDS = Set.of("content", "answers", "fails");

	private static final Set<String> EXPECT_FIELDS = Set.of("exit", "output");

	private static final Set<String> LANGUAGES = Arrays.stream(Language.values()).map(Language::code)
		.collect(Collectors.toSet());

	private static final Set<String> RULE_IDS = HardeningRules.ALL.stream().map(HardeningRule::id)
		.collect(Collectors.toSet());

	private static final Set<String> SANDBOX_FIELDS = Set.of("image", "capabilities", "pids-limit", "memory", "cpus",
			"runtime", "network");

	/** What an id or a module may be: the name of its folder, and part of URLs. */
	public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	/** YAML aliases let a few lines expand into millions of nodes; no spec needs more than a handful. */
	static final int MAX_ALIASES = 20;

	private final SandboxFloor floor;

	ExerciseSpecReader(SandboxFloor floor) {
		this.floor = floor;
	}

	/** Whether a text may be an exercise's id or module: a plain name that can name a folder. */
	public static boolean isName(String text) {
		return text != null && NAME.matcher(text).matches();
	}

	/** Read a spec that must be valid, such as a shipped one; its problems are thrown, in English. */
	Exercise read(Path file, String yaml) {
		SpecReading reading = check(file, yaml);
		if (!reading.valid()) {
			throw new ExerciseSpecException(file, reading.problems());
		}
		return reading.exercise();
	}

	/**
	 * Read a spec and return the exercise, or all its problems.
	 *
	 * @param file where the spec is or would be ({@code <module>/<id>/exercise.yaml}): its folder names must match
	 * the spec's module and id; null for a spec that has no place yet
	 */
	public SpecReading check(Path file, String yaml) {
		return check(file, yaml, (id, module) -> null);
	}

	/**
	 * Read a spec and return the exercise, or all its problems, an id already taken among them.
	 *
	 * @param takenBy given the spec's id and module, the module of another exercise that has this id, or null when
	 * the id is free
	 */
	public SpecReading check(Path file, String yaml, BiFunction<String, String, String> takenBy) {
		Spec spec = new Spec();
		Exercise exercise = exercise(spec, file, yaml, takenBy);
		return spec.problems.isEmpty() ? new SpecReading(exercise, List.of()) : new SpecReading(null, spec.sorted());
	}

	private Exercise exercise(Spec spec, Path file, String yaml, BiFunction<String, String, String> takenBy) {
		Node document = parse(spec, yaml);
		if (document == null) {
			return null;
		}
		Fields fields = spec.fields(spec.mapping(document, ""), FIELDS, "");
		String id = fields.text("id");
		String module = fields.text("module");
		String taker = (id != null) ? takenBy.apply(id, module) : null;
		if (taker != null) {
			spec.problem(fields.value("id"), "id", "spec.id-taken", id, taker);
		}
		if (file != null && id != null && !id.equals(file.getParent().getFileName().toString())) {
			spec.problem(fields.value("id"), "id", "spec.id-folder", id, file.getParent().getFileName());
		}
		if (file != null && module != null && !module.equals(file.getParent().getParent().getFileName().toString())) {
			spec.problem(fields.value("module"), "module", "spec.module-folder", module,
					file.getParent().getParent().getFileName());
		}
		// Both name folders: nothing but a plain name may reach a path (no "..", no slash).
		if (id != null && !NAME.matcher(id).matches()) {
			spec.problem(fields.value("id"), "id", "spec.name", id);
		}
		if (module != null && !NAME.matcher(module).matches()) {
			spec.problem(fields.value("module"), "module", "spec.name", module);
		}
		String kindCode = fields.text("kind");
		ExerciseKind kind = (kindCode != null) ? ExerciseKind.of(kindCode).orElse(null) : null;
		if (kindCode != null && kind == null) {
			spec.problem(fields.value("kind"), "kind", "spec.kind", kindCode, ExerciseKind.CODES);
		}
		Map<Language, String> titles = translations(spec, fields, "title");
		SandboxProfile profile = fields.has("sandbox") ? sandbox(spec, fields.value("sandbox")) : SandboxProfile.DEFAULT;
		List<Check> checks = fields.has("checks") ? checks(spec, fields.value("checks"), kind) : List.of();
		String solution = fields.has("solution") ? fields.text("solution") : "";
		if (kind != null && checks != null) {
			whole(spec, fields, kind, checks, solution);
		}
		List<Exercise.WrongAnswer> wrongAnswers = fields.has("wrong-answers")
				? wrongAnswers(spec, fields.value("wrong-answers"), checks) : List.of();
		Exercise.Feedback feedback = fields.has("feedback") ? feedback(spec, fields.value("feedback"), checks)
				: Exercise.Feedback.DEFAULT;
		String starter = "";
		if (fields.has("starter")) {
			if (kind != null && !kind.takesArtifact()) {
				spec.problem(fields.key("starter"), "starter", "spec.starter-kind", kind.code());
			}
			starter = fields.text("starter");
			if (starter != null && starter.equals(solution)) {
				spec.problem(fields.value("starter"), "starter", "spec.starter-solution");
			}
		}
		if (!spec.problems.isEmpty()) {
			return null;
		}
		return new Exercise(id, module, kind, titles, profile, (file != null) ? file.getParent() : null, checks,
				solution, wrongAnswers, feedback, starter);
	}

	/** What an exercise of this kind needs as a whole: checks that fit it, and a solution when it takes one. */
	private static void whole(Spec spec, Fields fields, ExerciseKind kind, List<Check> checks, String solution) {
		Node kindNode = fields.value("kind");
		if (checks.isEmpty() && kind != ExerciseKind.LAB) {
			spec.problem(kindNode, "kind", "spec.checks-needed", kind.code());
		}
		boolean probes = checks.stream().anyMatch(Check.Probe.class::isInstance);
		if (solution != null && solution.isEmpty() && (kind.takesArtifact() || kind == ExerciseKind.LAB && probes)) {
			spec.problem(kindNode, "solution", (kind == ExerciseKind.LAB) ? "spec.solution-needed-lab"
					: "spec.solution-needed", kind.code());
		}
		if (kind == ExerciseKind.QUIZ && fields.has("solution")) {
			spec.problem(fields.key("solution"), "solution", "spec.solution-quiz");
		}
	}

	private static Exercise.Feedback feedback(Spec spec, Node value, List<Check> checks) {
		Fields fields = spec.fields(spec.mapping(value, "feedback"), FEEDBACK_FIELDS, "feedback");
		int fixAfter = Exercise.Feedback.DEFAULT.fixAfter();
		int solutionAfter = Exercise.Feedback.DEFAULT.solutionAfter();
		if (fields.has("fix-after")) {
			Integer number = attempt(spec, fields, "fix-after");
			fixAfter = (number != null) ? number : fixAfter;
			if (checks != null && checks.stream().noneMatch(Check.Rule.class::isInstance)) {
				spec.problem(fields.key("fix-after"), "feedback.fix-after", "spec.fix-after-no-rule");
			}
		}
		if (fields.has("solution-after")) {
			Integer number = attempt(spec, fields, "solution-after");
			solutionAfter = (number != null) ? number : solutionAfter;
		}
		if (fixAfter > solutionAfter) {
			spec.problem(fields.value("fix-after"), "feedback.fix-after", "spec.fix-after-late", fixAfter,
					solutionAfter);
		}
		return new Exercise.Feedback(fixAfter, solutionAfter);
	}

	private static Integer attempt(Spec spec, Fields fields, String name) {
		Integer number = fields.number(name);
		if (number != null && number < 1) {
			spec.problem(fields.value(name), fields.path(name), "spec.attempt", number);
			return null;
		}
		return number;
	}

	/** Say why a check does not fit an exercise of this kind (a message key), or return null when it does. */
	private static String misplaced(ExerciseKind kind, Check check) {
		if (check instanceof Check.Probe) {
			return (kind == ExerciseKind.LAB) ? null : "spec.check-misplaced.probe";
		}
		if (check instanceof Check.Rule rule) {
			if (!kind.takesArtifact()) {
				return "spec.check-misplaced.rule";
			}
			Kind artifact = Kind.valueOf(kind.name());
			boolean applies = HardeningRules.ALL.stream()
				.anyMatch((known) -> known.id().equals(rule.rule()) && known.kinds().contains(artifact));
			if (!applies) {
				return "spec.check-misplaced.rule-kind";
			}
			return (rule.service() != null && kind != ExerciseKind.COMPOSE) ? "spec.check-misplaced.service" : null;
		}
		if (check instanceof Check.Setting setting) {
			if (!kind.takesArtifact()) {
				return "spec.check-misplaced.setting";
			}
			return (setting.service() != null && kind != ExerciseKind.COMPOSE) ? "spec.check-misplaced.service" : null;
		}
		if (check instanceof Check.Runtime runtime) {
			if (kind != ExerciseKind.RUN && kind != ExerciseKind.COMPOSE) {
				return "spec.check-misplaced.runtime";
			}
			return (runtime.service() != null && kind != ExerciseKind.COMPOSE) ? "spec.check-misplaced.service" : null;
		}
		return null;
	}

	/**
	 * The capabilities an HR-04 check lets a container add back: only harmless ones, since an exercise may narrow
	 * what the rule allows (to none at all, say) or name what its workload needs, never allow a dangerous one.
	 */
	private static List<String> allowedCapabilities(Spec spec, Fields fields, String rule) {
		String path = fields.path("allowed-capabilities");
		if (!HardeningRules.CAPABILITY_RULE.equals(rule)) {
			spec.problem(fields.key("allowed-capabilities"), path, "spec.allowed-capabilities-rule",
					HardeningRules.CAPABILITY_RULE);
			return null;
		}
		SequenceNode sequence = spec.sequence(fields.value("allowed-capabilities"), path,
				"spec.allowed-capabilities-list");
		if (sequence == null) {
			return null;
		}
		Set<String> allowed = new LinkedHashSet<>();
		for (Node item : sequence.getValue()) {
			String capability = spec.scalar(item, path);
			if (capability == null) {
				continue;
			}
			if (!HardeningRules.HARMLESS_CAPABILITIES.contains(capability)) {
				spec.problem(item, path, "spec.allowed-capability", capability,
						String.join(", ", HardeningRules.HARMLESS_CAPABILITIES.stream().sorted().toList()));
			}
			allowed.add(capability);
		}
		return List.copyOf(allowed);
	}

	/**
	 * The spec as plain maps, lists, texts, numbers and booleans, in its keys' order, for the editor's form; empty when
	 * it is not YAML (its problems say why). What YAML reads as something else (a date) is kept as its text.
	 */
	public static Optional<Object> tree(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(MAX_ALIASES);
		options.setAllowDuplicateKeys(false);
		try {
			return Optional.ofNullable(plain(new Yaml(new SafeConstructor(options)).load(yaml)));
		}
		catch (YAMLException ex) {
			return Optional.empty();
		}
	}

	private static Object plain(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> plain = new LinkedHashMap<>();
			map.forEach((name, item) -> plain.put(String.valueOf(name), plain(item)));
			return plain;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(ExerciseSpecReader::plain).collect(Collectors.toList());
		}
		if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
				|| value instanceof Double || value instanceof Boolean) {
			return value;
		}
		return String.valueOf(value);
	}

	private static Node parse(Spec spec, String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(MAX_ALIASES);
		options.setAllowDuplicateKeys(false);
		try {
			Node node = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
			if (node == null) {
				spec.problems.add(new SpecProblem("", 1, 1, "spec.empty", List.of()));
			}
			return node;
		}
		catch (MarkedYAMLException ex) {
			Mark mark = (ex.getProblemMark() != null) ? ex.getProblemMark() : ex.getContextMark();
			spec.problems.add(new SpecProblem("", (mark != null) ? mark.getLine() + 1 : 0,
					(mark != null) ? mark.getColumn() + 1 : 0, "spec.yaml", List.of(String.valueOf(ex.getProblem()))));
			return null;
		}
		catch (YAMLException ex) {
			spec.problems.add(new SpecProblem("", 0, 0, "spec.yaml", List.of(String.valueOf(ex.getMessage()))));
			return null;
		}
	}

	private static List<Check> checks(Spec spec, Node value, ExerciseKind exerciseKind) {
		SequenceNode sequence = spec.sequence(value, "checks", "spec.checks-list");
		if (sequence == null) {
			return null;
		}
		int before = spec.problems.size();
		List<Check> checks = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int index = 0; index < sequence.getValue().size(); index++) {
			Node item = sequence.getValue().get(index);
			String path = "checks[" + index + "]";
			Check check = check(spec, item, path, ids);
			if (check != null && exerciseKind != null) {
				String refusal = misplaced(exerciseKind, check);
				if (refusal != null) {
					spec.problem(item, path, refusal, check.id(), exerciseKind.code(),
							(check instanceof Check.Rule rule) ? rule.rule() : "");
				}
			}
			checks.add(check);
		}
		return (spec.problems.size() == before) ? List.copyOf(checks) : null;
	}

	private static Check check(Spec spec, Node item, String path, Set<String> ids) {
		int before = spec.problems.size();
		Fields fields = spec.fields(spec.mapping(item, path), CHECK_FIELDS, path);
		String id = fields.text("id");
		if (id != null && !ids.add(id)) {
			spec.problem(fields.value("id"), fields.path("id"), "spec.check-id-twice", id);
		}
		String kindCode = fields.text("kind");
		Check.Kind kind = (kindCode != null) ? Check.Kind.of(kindCode).orElse(null) : null;
		if (kindCode != null && kind == null) {
			spec.problem(fields.value("kind"), fields.path("kind"), "spec.check-kind", kindCode, Check.Kind.CODES);
		}
		if (kind != null) {
			for (String field : fields.tuples.keySet()) {
				if (!COMMON_CHECK_FIELDS.contains(field) && !FIELDS_BY_CHECK_KIND.get(kindCode).contains(field)) {
					spec.problem(fields.key(field), fields.path(field), "spec.check-field", field, kindCode);
				}
			}
		}
		String service = fields.has("service") ? fields.text("service") : null;
		Integer points = fields.number("points");
		if (points != null && points <= 0) {
			spec.problem(fields.value("points"), fields.path("points"), "spec.points", points);
		}
		Map<Language, String> titles = Map.of();
		if (kind != null && kind.titled()) {
			if (!fields.has("title")) {
				spec.problem(item, fields.path("title"), "spec.check-title", kindCode);
			}
			else {
				titles = translations(spec, fields, "title");
			}
		}
		Map<Language, String> hints = translations(spec, fields, "hint");
		Map<Language, String> strongerHints = fields.has("stronger-hint") ? translations(spec, fields, "stronger-hint")
				: Map.of();
		if (kind == null) {
			return null;
		}
		Check check = switch (kind) {
			case RULE -> {
				String rule = fields.text("rule");
				if (rule != null && !RULE_IDS.contains(rule)) {
					spec.problem(fields.value("rule"), fields.path("rule"), "spec.rule", rule,
							HardeningRules.ALL.get(0).id(), HardeningRules.ALL.get(HardeningRules.ALL.size() - 1).id());
				}
				List<String> allowed = fields.has("allowed-capabilities") ? allowedCapabilities(spec, fields, rule)
						: null;
				yield (spec.problems.size() > before) ? null
						: new Check.Rule(id, rule, service, allowed, points, hints, strongerHints);
			}
			case QUIZ -> quiz(spec, fields, id, points, hints, strongerHints, before);
			case SETTING -> {
				String setting = fields.text("setting");
				if (setting != null && !ArtifactSettings.isKnown(setting)) {
					spec.problem(fields.value("setting"), fields.path("setting"), "spec.setting", setting,
							ArtifactSettings.NAMES);
				}
				Check.Expect expect = expect(spec, fields);
				if (expect != null && (expect.exit() != null || expect.output() == null)) {
					spec.problem(fields.value("expect"), fields.path("expect"), "spec.setting-expect");
				}
				yield (spec.problems.size() > before) ? null
						: new Check.Setting(id, titles, service, setting, expect, points, hints, strongerHints);
			}
			case PROBE -> {
				String command = fields.text("command");
				Check.Expect expect = expect(spec, fields);
				yield (spec.problems.size() > before) ? null
						: new Check.Probe(id, titles, command, expect, points, hints, strongerHints);
			}
			case RUNTIME -> {
				String command = fields.text("command");
				Check.Expect expect = expect(spec, fields);
				yield (spec.problems.size() > before) ? null
						: new Check.Runtime(id, titles, service, command, expect, points, hints, strongerHints);
			}
		};
		return check;
	}

	private static Check.Quiz quiz(Spec spec, Fields fields, String id, Integer points, Map<Language, String> hints,
			Map<Language, String> strongerHints, int before) {
		Map<Language, String> question = translations(spec, fields, "question");
		Node choicesNode = fields.required("choices");
		List<Map<Language, String>> choices = null;
		if (choicesNode != null) {
			SequenceNode choiceList = spec.sequence(choicesNode, fields.path("choices"), "spec.choices");
			if (choiceList != null && choiceList.getValue().size() < 2) {
				spec.problem(choicesNode, fields.path("choices"), "spec.choices");
			}
			else if (choiceList != null) {
				choices = new ArrayList<>();
				for (int index = 0; index < choiceList.getValue().size(); index++) {
					String path = fields.path("choices") + "[" + index + "]";
					choices.add(translations(spec, spec.mapping(choiceList.getValue().get(index), path), path));
				}
			}
		}
		boolean multiple = false;
		if (fields.has("multiple")) {
			String text = fields.text("multiple");
			if (text != null && !text.equals("true") && !text.equals("false")) {
				spec.problem(fields.value("multiple"), fields.path("multiple"), "spec.boolean", text);
			}
			multiple = "true".equals(text);
		}
		Node answerNode = fields.required("answer");
		if (answerNode != null && choices != null) {
			List<Integer> answer = spec.indexes(answerNode, fields.path("answer"), choices.size());
			if (answer != null && answer.isEmpty()) {
				spec.problem(answerNode, fields.path("answer"), "spec.answer-some");
			}
			else if (answer != null && !multiple && answer.size() != 1) {
				spec.problem(answerNode, fields.path("answer"), "spec.answer-one");
			}
			Map<Language, String> explanation = translations(spec, fields, "explanation");
			if (spec.problems.size() == before) {
				return new Check.Quiz(id, question, List.copyOf(choices), multiple, Set.copyOf(answer), explanation,
						points, hints, strongerHints);
			}
			return null;
		}
		translations(spec, fields, "explanation");
		return null;
	}

	private static Check.Expect expect(Spec spec, Fields fields) {
		Node expectNode = fields.required("expect");
		if (expectNode == null) {
			return null;
		}
		int before = spec.problems.size();
		Fields expect = spec.fields(spec.mapping(expectNode, fields.path("expect")), EXPECT_FIELDS,
				fields.path("expect"));
		Integer exit = expect.has("exit") ? expect.number("exit") : null;
		String output = null;
		if (expect.has("output")) {
			output = expect.text("output");
			if (output != null) {
				try {
					Pattern.compile(output);
				}
				catch (PatternSyntaxException ex) {
					spec.problem(expect.value("output"), expect.path("output"), "spec.regex", output,
							ex.getDescription());
				}
			}
		}
		if (spec.problems.size() == before && exit == null && output == null) {
			spec.problem(expectNode, fields.path("expect"), "spec.expect");
		}
		return (spec.problems.size() == before) ? new Check.Expect(exit, output) : null;
	}

	private static List<Exercise.WrongAnswer> wrongAnswers(Spec spec, Node value, List<Check> checks) {
		SequenceNode sequence = spec.sequence(value, "wrong-answers", "spec.wrong-answers-list");
		if (sequence == null) {
			return null;
		}
		Map<String, Check> byId = new LinkedHashMap<>();
		if (checks != null) {
			checks.forEach((check) -> byId.put(check.id(), check));
		}
		List<Exercise.WrongAnswer> wrongAnswers = new ArrayList<>();
		for (int index = 0; index < sequence.getValue().size(); index++) {
			String path = "wrong-answers[" + index + "]";
			Fields fields = spec.fields(spec.mapping(sequence.getValue().get(index), path), WRONG_ANSWER_FIELDS, path);
			String content = fields.has("content") ? fields.text("content") : null;
			Map<String, List<Integer>> answers = new LinkedHashMap<>();
			if (fields.has("answers")) {
				MappingNode answerMap = spec.mapping(fields.value("answers"), fields.path("answers"));
				for (NodeTuple answer : (answerMap != null) ? answerMap.getValue() : List.<NodeTuple>of()) {
					String checkId = spec.scalar(answer.getKeyNode(), fields.path("answers"));
					if (checkId == null) {
						continue;
					}
					String answerPath = fields.path("answers") + "." + checkId;
					if (checks != null && !(byId.get(checkId) instanceof Check.Quiz)) {
						spec.problem(answer.getKeyNode(), answerPath, "spec.wrong-answer-quiz", checkId);
					}
					else if (byId.get(checkId) instanceof Check.Quiz quiz) {
						List<Integer> indexes = spec.indexes(answer.getValueNode(), answerPath, quiz.choices().size());
						if (indexes != null) {
							answers.put(checkId, indexes);
						}
					}
				}
			}
			Node failsNode = fields.required("fails");
			Map<String, String> fails = new LinkedHashMap<>();
			MappingNode failMap = (failsNode != null) ? spec.mapping(failsNode, fields.path("fails")) : null;
			if (failMap != null) {
				for (NodeTuple fail : failMap.getValue()) {
					String checkId = spec.scalar(fail.getKeyNode(), fields.path("fails"));
					if (checkId == null) {
						continue;
					}
					String failPath = fields.path("fails") + "." + checkId;
					if (checks != null && !byId.containsKey(checkId)) {
						spec.problem(fail.getKeyNode(), failPath, "spec.wrong-answer-check", checkId);
					}
					String words = spec.scalar(fail.getValueNode(), failPath);
					fails.put(checkId, (words != null) ? words.trim() : "");
				}
				if (failMap.getValue().isEmpty()) {
					spec.problem(failsNode, fields.path("fails"), "spec.fails-empty");
				}
			}
			wrongAnswers.add(new Exercise.WrongAnswer(content, Map.copyOf(answers), Map.copyOf(fails)));
		}
		return List.copyOf(wrongAnswers);
	}

	private static Map<Language, String> translations(Spec spec, Fields fields, String name) {
		Node node = fields.required(name);
		if (node == null) {
			return null;
		}
		return translations(spec, spec.mapping(node, fields.path(name)), fields.path(name));
	}

	private static Map<Language, String> translations(Spec spec, MappingNode node, String path) {
		if (node == null) {
			return null;
		}
		int before = spec.problems.size();
		Fields languages = spec.fields(node, LANGUAGES, path);
		Map<Language, String> texts = new EnumMap<>(Language.class);
		for (Language language : Language.values()) {
			if (!languages.has(language.code())) {
				spec.problem(node, languages.path(language.code()), "spec.language." + language.code());
				continue;
			}
			texts.put(language, languages.text(language.code()));
		}
		return (spec.problems.size() == before) ? texts : null;
	}

	private SandboxProfile sandbox(Spec spec, Node value) {
		int before = spec.problems.size();
		Fields fields = spec.fields(spec.mapping(value, "sandbox"), SANDBOX_FIELDS, "sandbox");
		List<String> capabilities = new ArrayList<>();
		if (fields.has("capabilities")) {
			SequenceNode sequence = spec.sequence(fields.value("capabilities"), "sandbox.capabilities",
					"spec.capabilities");
			for (Node item : (sequence != null) ? sequence.getValue() : List.<Node>of()) {
				capabilities.add(spec.scalar(item, "sandbox.capabilities"));
			}
		}
		SandboxProfile profile = new SandboxProfile(optionalText(fields, "image"), capabilities,
				optional(spec, fields, "pids-limit", Integer::valueOf),
				optional(spec, fields, "memory", DataSize::parse), optional(spec, fields, "cpus", Double::valueOf),
				optionalText(fields, "runtime"), optionalText(fields, "network"));
		if (spec.problems.size() > before) {
			return null;
		}
		try {
			this.floor.check(profile);
		}
		catch (SandboxPolicyException ex) {
			spec.problem(value, "sandbox", ex.key(), (Object[]) ex.arguments());
			return null;
		}
		return profile;
	}

	private static String optionalText(Fields fields, String name) {
		return fields.has(name) ? fields.text(name) : null;
	}

	private static <T> T optional(Spec spec, Fields fields, String name, Function<String, T> parser) {
		if (!fields.has(name)) {
			return null;
		}
		String text = fields.text(name);
		if (text == null) {
			return null;
		}
		try {
			return parser.apply(text);
		}
		catch (RuntimeException ex) {
			spec.problem(fields.value(name), fields.path(name), "spec.sandbox." + name, text);
			return null;
		}
	}

	/** The problems found so far in one spec, and the helpers that find them. */
	private static final class Spec {

		final List<SpecProblem> problems = new ArrayList<>();

		void problem(Node node, String path, String key, Object... arguments) {
			Mark mark = (node != null) ? node.getStartMark() : null;
			this.problems.add(new SpecProblem(path, (mark != null) ? mark.getLine() + 1 : 0,
					(mark != null) ? mark.getColumn() + 1 : 0, key, List.of(arguments)));
		}

		/** The problems in the order of the text, so a reader goes down the file once. */
		List<SpecProblem> sorted() {
			List<SpecProblem> sorted = new ArrayList<>(this.problems);
			sorted.sort(Comparator.comparingInt(SpecProblem::line).thenComparingInt(SpecProblem::column));
			return sorted;
		}

		MappingNode mapping(Node node, String path) {
			if (node instanceof MappingNode mapping) {
				return mapping;
			}
			problem(node, path, "spec.mapping");
			return null;
		}

		SequenceNode sequence(Node node, String path, String key) {
			if (node instanceof SequenceNode sequence) {
				return sequence;
			}
			problem(node, path, key);
			return null;
		}

		/** The fields of a mapping, each unknown one a problem; none when the mapping is missing. */
		Fields fields(MappingNode node, Set<String> allowed, String path) {
			Map<String, NodeTuple> fields = new LinkedHashMap<>();
			for (NodeTuple tuple : (node != null) ? node.getValue() : List.<NodeTuple>of()) {
				String name = scalar(tuple.getKeyNode(), path);
				if (name == null) {
					continue;
				}
				if (!allowed.contains(name)) {
					problem(tuple.getKeyNode(), join(path, name), "spec.unknown-field", name,
							String.join(", ", allowed.stream().sorted().toList()));
					continue;
				}
				fields.put(name, tuple);
			}
			return new Fields(this, node, path, fields);
		}

		String scalar(Node node, String path) {
			if (node instanceof ScalarNode scalar) {
				return scalar.getValue();
			}
			problem(node, path, "spec.scalar");
			return null;
		}

		/** Read a list of choice indexes, each from 0 to below {@code size}, or null when it is not one. */
		List<Integer> indexes(Node node, String path, int size) {
			if (!(node instanceof SequenceNode sequence)) {
				problem(node, path, "spec.answer-list");
				return null;
			}
			List<Integer> indexes = new ArrayList<>();
			boolean valid = true;
			for (Node item : sequence.getValue()) {
				String text = scalar(item, path);
				int index;
				try {
					index = Integer.parseInt(String.valueOf(text).trim());
				}
				catch (NumberFormatException ex) {
					index = -1;
				}
				if (index < 0 || index >= size) {
					if (text != null) {
						problem(item, path, "spec.answer-index", text, size - 1);
					}
					valid = false;
				}
				else if (!indexes.contains(index)) {
					indexes.add(index);
				}
			}
			return valid ? indexes : null;
		}

		static String join(String path, String name) {
			return path.isEmpty() ? name : path + "." + name;
		}

	}

	/** The known fields of one mapping of the spec, read with their problems reported at their place. */
	private record Fields(Spec spec, MappingNode node, String path, Map<String, NodeTuple> tuples) {

		boolean has(String name) {
			return this.tuples.containsKey(name);
		}

		String path(String name) {
			return Spec.join(this.path, name);
		}

		Node value(String name) {
			NodeTuple tuple = this.tuples.get(name);
			return (tuple != null) ? tuple.getValueNode() : this.node;
		}

		Node key(String name) {
			NodeTuple tuple = this.tuples.get(name);
			return (tuple != null) ? tuple.getKeyNode() : this.node;
		}

		/** The field's value, or null and a problem where the mapping starts when it is missing. */
		Node required(String name) {
			NodeTuple tuple = this.tuples.get(name);
			if (tuple == null) {
				if (this.node != null) {
					this.spec.problem(this.node, path(name), "spec.missing", path(name));
				}
				return null;
			}
			return tuple.getValueNode();
		}

		String text(String name) {
			Node value = required(name);
			if (value == null) {
				return null;
			}
			String text = this.spec.scalar(value, path(name));
			if (text != null && text.isBlank()) {
				this.spec.problem(value, path(name), "spec.blank", path(name));
				return null;
			}
			return (text != null) ? text.trim() : null;
		}

		Integer number(String name) {
			String text = text(name);
			if (text == null) {
				return null;
			}
			try {
				return Integer.valueOf(text);
			}
			catch (NumberFormatException ex) {
				this.spec.problem(value(name), path(name), "spec.number", text);
				return null;
			}
		}

	}

}
