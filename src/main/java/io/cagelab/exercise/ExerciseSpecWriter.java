package io.cagelab.exercise;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxProfile;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import org.springframework.util.unit.DataSize;

/**
 * Write an exercise as exercise.yaml, in the one canonical form that {@link ExerciseSpecReader} reads back as the same
 * exercise: keys in a fixed order (the order of docs/exercise-format.md), block style throughout, texts of several
 * lines as literal blocks, a one-line text plain unless YAML needs it quoted, lists of choice numbers and of
 * capabilities in flow style ({@code [0, 2]}), what has its default value left out, and no line folded. The same
 * exercise always gives the same text, so that an edit changes only the lines of what it changed. Comments are not
 * part of an exercise: a hand-written file loses them when it is written again.
 */
public final class ExerciseSpecWriter {

	private ExerciseSpecWriter() {
	}

	public static String write(Exercise exercise) {
		Fields root = new Fields();
		root.text("id", exercise.id());
		root.text("module", exercise.module());
		root.text("kind", exercise.kind().code());
		root.put("title", translations(exercise.titles()));
		if (!exercise.feedback().equals(Exercise.Feedback.DEFAULT)) {
			Fields feedback = new Fields();
			if (exercise.feedback().fixAfter() != Exercise.Feedback.DEFAULT.fixAfter()) {
				feedback.number("fix-after", exercise.feedback().fixAfter());
			}
			if (exercise.feedback().solutionAfter() != Exercise.Feedback.DEFAULT.solutionAfter()) {
				feedback.number("solution-after", exercise.feedback().solutionAfter());
			}
			root.put("feedback", feedback.node());
		}
		if (!exercise.sandbox().equals(SandboxProfile.DEFAULT)) {
			root.put("sandbox", sandbox(exercise.sandbox()));
		}
		if (!exercise.checks().isEmpty()) {
			root.put("checks", block(exercise.checks().stream().map(ExerciseSpecWriter::check).toList()));
		}
		if (!exercise.starter().isEmpty()) {
			root.text("starter", exercise.starter());
		}
		if (!exercise.solution().isEmpty()) {
			root.text("solution", exercise.solution());
		}
		if (!exercise.wrongAnswers().isEmpty()) {
			root.put("wrong-answers",
					block(exercise.wrongAnswers().stream().map(ExerciseSpecWriter::wrongAnswer).toList()));
		}
		return serialize(root.node());
	}

	/**
	 * Write a spec that may not be an exercise yet (as the editor's form holds it while a check is half written) in
	 * the same layout, its keys in the order given: maps and lists as YAML loads them, texts, numbers and booleans.
	 */
	public static String writeTree(Object tree) {
		return serialize(node(tree));
	}

	private static Node node(Object value) {
		if (value instanceof Map<?, ?> map) {
			Fields fields = new Fields();
			map.forEach((name, item) -> fields.put(String.valueOf(name), node(item)));
			return fields.node();
		}
		if (value instanceof List<?> list) {
			List<Node> items = list.stream().map(ExerciseSpecWriter::node).toList();
			boolean numbers = !list.isEmpty() && list.stream().allMatch(Integer.class::isInstance);
			return new SequenceNode(Tag.SEQ, items, numbers ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
		}
		if (value instanceof Integer || value instanceof Long) {
			return new ScalarNode(Tag.INT, String.valueOf(value), null, null, DumperOptions.ScalarStyle.PLAIN);
		}
		if (value instanceof Number number) {
			return new ScalarNode(Tag.FLOAT, BigDecimal.valueOf(number.doubleValue()).stripTrailingZeros().toPlainString(),
					null, null, DumperOptions.ScalarStyle.PLAIN);
		}
		if (value instanceof Boolean bool) {
			return new ScalarNode(Tag.BOOL, String.valueOf(bool), null, null, DumperOptions.ScalarStyle.PLAIN);
		}
		if (value == null) {
			return new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
		}
		String text = String.valueOf(value);
		// A literal block as YAML loads it keeps its last line break, which text() adds back.
		return text(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
	}

	private static String serialize(Node root) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setWidth(Integer.MAX_VALUE);
		options.setSplitLines(false);
		options.setAllowUnicode(true);
		options.setLineBreak(DumperOptions.LineBreak.UNIX);
		StringWriter out = new StringWriter();
		new Yaml(options).serialize(root, out);
		return out.toString();
	}

	private static Node check(Check check) {
		Fields fields = new Fields();
		fields.text("id", check.id());
		fields.text("kind", check.kind().code());
		if (check instanceof Check.Titled titled) {
			fields.put("title", translations(titled.titles()));
		}
		if (check instanceof Check.Rule rule) {
			fields.text("rule", rule.rule());
			fields.optionalText("service", rule.service());
			if (rule.allowedCapabilities() != null) {
				fields.put("allowed-capabilities", strings(rule.allowedCapabilities()));
			}
		}
		else if (check instanceof Check.Setting setting) {
			fields.optionalText("service", setting.service());
			fields.text("setting", setting.setting());
			fields.put("expect", expect(setting.expect()));
		}
		else if (check instanceof Check.Probe probe) {
			fields.text("command", probe.command());
			fields.put("expect", expect(probe.expect()));
		}
		else if (check instanceof Check.Runtime runtime) {
			fields.optionalText("service", runtime.service());
			fields.text("command", runtime.command());
			fields.put("expect", expect(runtime.expect()));
		}
		else if (check instanceof Check.Quiz quiz) {
			fields.put("question", translations(quiz.question()));
			if (quiz.multiple()) {
				fields.put("multiple", new ScalarNode(Tag.BOOL, "true", null, null, DumperOptions.ScalarStyle.PLAIN));
			}
			fields.put("choices", block(quiz.choices().stream().map(ExerciseSpecWriter::translations).toList()));
			fields.put("answer", numbers(quiz.answer().stream().sorted().toList()));
			fields.put("explanation", translations(quiz.explanation()));
		}
		fields.number("points", check.points());
		fields.put("hint", translations(check.hints()));
		if (!check.strongerHints().isEmpty()) {
			fields.put("stronger-hint", translations(check.strongerHints()));
		}
		return fields.node();
	}

	private static Node expect(Check.Expect expect) {
		Fields fields = new Fields();
		if (expect.exit() != null) {
			fields.number("exit", expect.exit());
		}
		fields.optionalText("output", expect.output());
		return fields.node();
	}

	private static Node wrongAnswer(Exercise.WrongAnswer wrongAnswer) {
		Fields fields = new Fields();
		fields.optionalText("content", wrongAnswer.content());
		if (!wrongAnswer.answers().isEmpty()) {
			Fields answers = new Fields();
			// A wrong answer's maps are unordered once read: the keys are written sorted, the same every time.
			wrongAnswer.answers().entrySet().stream().sorted(Map.Entry.comparingByKey())
				.forEach((answer) -> answers.put(answer.getKey(), numbers(answer.getValue())));
			fields.put("answers", answers.node());
		}
		Fields fails = new Fields();
		wrongAnswer.fails().entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((fail) -> fails.text(fail.getKey(), fail.getValue()));
		fields.put("fails", fails.node());
		return fields.node();
	}

	private static Node sandbox(SandboxProfile profile) {
		Fields fields = new Fields();
		fields.optionalText("image", profile.image());
		if (!profile.capabilities().isEmpty()) {
			fields.put("capabilities", new SequenceNode(Tag.SEQ,
					profile.capabilities().stream().map((capability) -> (Node) plain(capability)).toList(),
					DumperOptions.FlowStyle.FLOW));
		}
		if (profile.pidsLimit() != null) {
			fields.number("pids-limit", profile.pidsLimit());
		}
		if (profile.memory() != null) {
			fields.text("memory", size(profile.memory()));
		}
		if (profile.cpus() != null) {
			fields.put("cpus", new ScalarNode(Tag.FLOAT, BigDecimal.valueOf(profile.cpus()).stripTrailingZeros()
				.toPlainString(), null, null, DumperOptions.ScalarStyle.PLAIN));
		}
		fields.optionalText("runtime", profile.runtime());
		fields.optionalText("network", profile.network());
		return fields.node();
	}

	/** A size in the largest unit that holds it whole, as an author writes it ({@code 128MB}). */
	static String size(DataSize size) {
		long bytes = size.toBytes();
		for (String unit : List.of("GB", "MB", "KB")) {
			long factor = DataSize.parse("1" + unit).toBytes();
			if (bytes != 0 && bytes % factor == 0) {
				return (bytes / factor) + unit;
			}
		}
		return bytes + "B";
	}

	private static Node translations(Map<Language, String> texts) {
		Fields fields = new Fields();
		for (Language language : Language.values()) {
			fields.optionalText(language.code(), texts.get(language));
		}
		return fields.node();
	}

	private static Node block(List<Node> items) {
		return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
	}

	private static Node numbers(List<Integer> numbers) {
		return new SequenceNode(Tag.SEQ, numbers.stream()
			.map((number) -> (Node) new ScalarNode(Tag.INT, String.valueOf(number), null, null,
					DumperOptions.ScalarStyle.PLAIN))
			.toList(), DumperOptions.FlowStyle.FLOW);
	}

	private static Node strings(List<String> texts) {
		return new SequenceNode(Tag.SEQ, texts.stream().map((text) -> (Node) plain(text)).toList(),
				DumperOptions.FlowStyle.FLOW);
	}

	private static ScalarNode plain(String text) {
		return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
	}

	/**
	 * A text: a literal block when it has several lines (ended by a line break, which the reader trims away, so that
	 * the block reads {@code |} and not {@code |-}), plain otherwise; YAML quotes it when plain would read otherwise.
	 */
	private static ScalarNode text(String text) {
		if (text.contains("\n")) {
			return new ScalarNode(Tag.STR, text + "\n", null, null, DumperOptions.ScalarStyle.LITERAL);
		}
		return plain(text);
	}

	/** The fields of one mapping, in the order they are put. */
	private static final class Fields {

		private final List<NodeTuple> tuples = new ArrayList<>();

		void put(String name, Node value) {
			this.tuples.add(new NodeTuple(plain(name), value));
		}

		void text(String name, String value) {
			put(name, ExerciseSpecWriter.text(value));
		}

		void optionalText(String name, String value) {
			if (value != null) {
				text(name, value);
			}
		}

		void number(String name, int value) {
			put(name, new ScalarNode(Tag.INT, String.valueOf(value), null, null, DumperOptions.ScalarStyle.PLAIN));
		}

		MappingNode node() {
			return new MappingNode(Tag.MAP, this.tuples, DumperOptions.FlowStyle.BLOCK);
		}

	}

}
