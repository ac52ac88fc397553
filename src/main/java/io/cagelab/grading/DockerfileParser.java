package io.cagelab.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read a Dockerfile into the model of the container its final stage makes: parser directives (the escape
 * character), comments, line continuations, heredocs, JSON and shell forms, and multi-stage builds, where a stage built
 * FROM an earlier stage starts from everything that stage did. Variables follow the builder's scopes: an ARG before
 * the first FROM is seen by FROM lines only, and inside a stage once an ARG without value names it again; ENV stays
 * in the image; an unset variable is empty (see {@link DockerfileWords}).
 */
public final class DockerfileParser {

	private static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV",
			"ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
			"SHELL");

	private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([a-zA-Z]+)\\s*=\\s*(\\S+)\\s*");

	private static final Pattern HEREDOC = Pattern.compile("<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?");

	/**
	 * Characters that variables may put into the instructions of one Dockerfile, all together. Real variables
	 * (versions, paths, users) put in a few hundred; each ENV A=$A$A doubles A, and thirty of them would ask for
	 * gigabytes.
	 */
	static final int MAX_SUBSTITUTED = 1024 * 1024;

	/** Build stages a Dockerfile may have: real ones have a handful, the longest seen in the wild a few dozen. */
	static final int MAX_STAGES = 100;

	/** One instruction of a stage, with its arguments after substitution, and the line it starts on. */
	public record Instruction(String keyword, String arguments, int line) {
	}

	/** The instructions of a Dockerfile, and the escape character its directive chose. */
	private record Source(List<Instruction> instructions, char escape) {
	}

	public ContainerModel parse(String text) {
		Source source = instructions(text);
		if (source.instructions().stream().noneMatch((i) -> i.keyword().equals("FROM"))) {
			throw new GradingException(1, 1, "dockerfile.from.missing");
		}
		return model(source.instructions(), source.escape());
	}

	private static Source instructions(String text) {
		String[] lines = text.split("\r?\n", -1);
		char escape = '\\';
		int i = 0;
		// Parser directives come first, before any comment, blank line or instruction.
		while (i < lines.length) {
			Matcher directive = DIRECTIVE.matcher(lines[i]);
			if (!directive.matches()) {
				break;
			}
			if (directive.group(1).equalsIgnoreCase("escape")) {
				String value = directive.group(2);
				if (!value.equals("\\") && !value.equals("`")) {
					throw new GradingException(i + 1, 1, "dockerfile.escape.invalid", value);
				}
				escape = value.charAt(0);
			}
			i++;
		}
		List<Instruction> instructions = new ArrayList<>();
		while (i < lines.length) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				i++;
				continue;
			}
			int start = i + 1;
			StringBuilder logical = new StringBuilder();
			String current = lines[i].stripLeading();
			// As BuildKit joins lines: the escape and the blanks after it removed, nothing put in its place; blank and
			// comment lines inside an instruction dropped (BuildKit warns of the blank ones, and accepts them).
			while (endsWithEscape(current, escape) && i + 1 < lines.length) {
				String trimmed = current.replaceFirst("[ \\t]+$", "");
				logical.append(trimmed, 0, trimmed.length() - 1);
				i++;
				while (i < lines.length && (lines[i].isBlank() || lines[i].strip().startsWith("#"))) {
					i++;
				}
				current = (i < lines.length) ? lines[i] : "";
			}
			if (endsWithEscape(current, escape)) {
				// At the end of the file, the escape ends the instruction.
				String trimmed = current.replaceFirst("[ \\t]+$", "");
				current = trimmed.substring(0, trimmed.length() - 1);
			}
			logical.append(current);
			i++;
			String instruction = logical.toString().strip();
			Matcher heredoc = HEREDOC.matcher(instruction);
			if (heredoc.find()) {
				String delimiter = heredoc.group(1);
				StringBuilder body = new StringBuilder(instruction);
				while (i < lines.length && !lines[i].strip().equals(delimiter)) {
					body.append('\n').append(lines[i]);
					i++;
				}
				if (i >= lines.length) {
					throw new GradingException(start, heredoc.start() + 1, "dockerfile.heredoc.unclosed", delimiter);
				}
				i++;
				instruction = body.toString();
			}
			String[] parts = instruction.split("\\s+", 2);
			String keyword = parts[0].toUpperCase(Locale.ROOT);
			if (!INSTRUCTIONS.contains(keyword)) {
				throw new GradingException(start, 1, "dockerfile.instruction.unknown", parts[0]);
			}
			instructions.add(new Instruction(keyword, (parts.length > 1) ? parts[1] : "", start));
		}
		return new Source(instructions, escape);
	}

	/**
	 * Whether a line continues on the next, as BuildKit reads it: it ends with the escape character (blanks after it
	 * aside) and that escape is not itself escaped: {@code ENV X a\\} ends there, and the next line is an
	 * instruction of its own.
	 */
	private static boolean endsWithEscape(String line, char escape) {
		String trimmed = line.replaceFirst("[ \\t]+$", "");
		if (trimmed.strip().startsWith("#") || trimmed.isEmpty() || trimmed.charAt(trimmed.length() - 1) != escape) {
			return false;
		}
		return trimmed.length() == 1 || trimmed.charAt(trimmed.length() - 2) != escape;
	}

	/** Follow the stages and describe the container the last one makes. */
	private static ContainerModel model(List<Instruction> instructions, char escape) {
		// ARGs before the first FROM: seen by FROM lines, and in a stage only where an ARG without value names them.
		Map<String, String> globalArgs = new LinkedHashMap<>();
		Map<String, Stage> stages = new HashMap<>();
		Map<String, Integer> baseImages = new LinkedHashMap<>();
		Substituted substituted = new Substituted();
		Stage stage = null;
		int stageCount = 0;
		for (Instruction instruction : instructions) {
			UnaryOperator<String> globalScope = substituted.counting(globalArgs::get, instruction);
			if (instruction.keyword().equals("FROM")) {
				// Each stage FROM another copies all it did: thousands of them would cost seconds of CPU per hand-in.
				if (++stageCount > MAX_STAGES) {
					throw new GradingException(instruction.line(), 1, "dockerfile.stages.tooMany", MAX_STAGES);
				}
				List<String> words = DockerfileWords.split(instruction.arguments(), escape).stream()
					.filter((word) -> !word.startsWith("--")).toList();
				String base = words.isEmpty() ? "" : expand(words.get(0), globalScope, escape, instruction);
				if (base.isEmpty()) {
					throw words.isEmpty() ? new GradingException(instruction.line(), 1, "dockerfile.from.noImage")
							: new GradingException(instruction.line(), 1, "dockerfile.from.emptyImage", words.get(0));
				}
				// A stage built FROM an earlier stage starts from everything that stage did.
				Stage parent = stages.get(base.toLowerCase(Locale.ROOT));
				if (parent == null) {
					baseImages.putIfAbsent(base, instruction.line());
				}
				stage = (parent != null) ? new Stage(parent, instruction.line()) : new Stage(base, instruction.line());
				if (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) {
					stages.put(words.get(2).toLowerCase(Locale.ROOT), stage);
				}
				continue;
			}
			if (stage == null) {
				if (!instruction.keyword().equals("ARG")) {
					throw new GradingException(instruction.line(), 1, "dockerfile.beforeFrom", instruction.keyword());
				}
				for (Map.Entry<String, String> arg : declarations(instruction, escape).entrySet()) {
					String value = (arg.getValue() != null)
							? expand(arg.getValue(), globalScope, escape, instruction) : null;
					globalArgs.put(arg.getKey(), value);
				}
				continue;
			}
			apply(stage, instruction, globalArgs, escape, substituted);
		}
		ContainerModel model = stage.model;
		baseImages.forEach((image, line) -> {
			model.baseImages.add(image);
			model.wrote("from:" + image, line);
		});
		return model;
	}

	/** The characters that variables have put into the instructions so far, against {@link #MAX_SUBSTITUTED}. */
	private static final class Substituted {

		private long characters;

		/** The variables an instruction sees, each value counted as it is looked up. */
		UnaryOperator<String> counting(UnaryOperator<String> variables, Instruction instruction) {
			return (name) -> {
				String value = variables.apply(name);
				if (value != null) {
					this.characters += value.length();
					if (this.characters > MAX_SUBSTITUTED) {
						throw new GradingException(instruction.line(), 1, "dockerfile.substitution.tooLong",
								instruction.keyword(), MAX_SUBSTITUTED);
					}
				}
				return value;
			};
		}

	}

	/** A build stage: the container it makes so far, and the variables its instructions see. */
	private static final class Stage {

		final ContainerModel model;

		/** ENV, which stays in the image: a stage built from this one sees it too. */
		final Map<String, String> env;

		/** ARG, this stage's only. */
		final Map<String, String> args = new HashMap<>();

		/** A stage FROM an image. */
		Stage(String image, int line) {
			this.model = new ContainerModel(Kind.DOCKERFILE);
			this.model.image = image;
			this.model.wrote("container", line);
			this.model.wrote("image", line);
			this.env = new LinkedHashMap<>();
		}

		/** A stage FROM an earlier stage: everything that stage did, and its ENV, but not its ARGs. */
		Stage(Stage parent, int line) {
			this.model = parent.model.copy();
			this.model.overwrote("container", line);
			this.model.overwrote("image", line);
			this.env = new LinkedHashMap<>(parent.env);
		}

		/** What {@code $NAME} means in the stage: its ENV, or else its ARG of that name; null when not set. */
		String variable(String name) {
			return this.env.containsKey(name) ? this.env.get(name) : this.args.get(name);
		}

	}

	private static void apply(Stage stage, Instruction instruction, Map<String, String> globalArgs, char escape,
			Substituted substituted) {
		ContainerModel model = stage.model;
		String arguments = instruction.arguments();
		int line = instruction.line();
		UnaryOperator<String> scope = substituted.counting(stage::variable, instruction);
		switch (instruction.keyword()) {
			case "USER" -> {
				String user = expand(arguments.strip(), scope, escape, instruction).strip();
				if (user.split("\\s+").length > 1) {
					throw new GradingException(line, 1, "dockerfile.user.arguments", user);
				}
				model.user = user;
				model.overwrote("user", line);
			}
			case "ENV" -> {
				// Every value is expanded with the variables as they were before the instruction, as the builder does.
				Map<String, String> declared = new LinkedHashMap<>();
				declarations(instruction, escape).forEach((name, value) -> declared
					.put(expand(name, scope, escape, instruction), expand(value, scope, escape, instruction)));
				declared.forEach((name, value) -> {
					stage.env.put(name, value);
					model.env.put(name, value);
					model.wrote("env", line);
				});
			}
			case "ARG" -> {
				// ARG NAME without a value keeps the stage's value, or brings in the global ARG of that name.
				Map<String, String> declared = new LinkedHashMap<>();
				declarations(instruction, escape).forEach((name, value) -> declared.put(name, (value != null)
						? expand(value, scope, escape, instruction)
						: stage.args.containsKey(name) ? stage.args.get(name) : globalArgs.get(name)));
				declared.forEach((name, value) -> {
					stage.args.put(name, value);
					model.env.put(name, value);
					model.wrote("env", line);
				});
			}
			case "EXPOSE" -> {
				for (String word : DockerfileWords.split(arguments, escape)) {
					String port = expand(word, scope, escape, instruction);
					if (port.isEmpty()) {
						continue;
					}
					try {
						model.ports.add(new ContainerModel.Port("", "", Ports.exposed(port)));
					}
					catch (IllegalArgumentException ex) {
						throw new GradingException(line, 1, "dockerfile.expose.unreadable", port, Problem.of(ex));
					}
					model.wrote("publish", line);
				}
			}
			case "HEALTHCHECK" -> {
				healthcheck(instruction, escape);
				boolean none = arguments.strip().equalsIgnoreCase("NONE");
				model.healthCheck = !none;
				model.noHealthCheck = none;
				model.overwrote("health-cmd", line);
			}
			default -> {
			}
		}
		model.buildSteps.add(new Instruction(instruction.keyword(),
				DockerfileWords.substitute(arguments, scope, escape), line));
		model.wrote(instruction.keyword().toLowerCase(Locale.ROOT), line);
	}

	private static final Set<String> HEALTHCHECK_FLAGS = Set.of("interval", "timeout", "start-period",
			"start-interval", "retries");

	/**
	 * A HEALTHCHECK as BuildKit's instruction parser takes it: NONE alone, or options written --name=value before
	 * CMD and a command; anything else is refused with BuildKit's reason.
	 */
	private static void healthcheck(Instruction instruction, char escape) {
		List<String> words = DockerfileWords.split(instruction.arguments(), escape);
		int line = instruction.line();
		if (words.isEmpty()) {
			throw new GradingException(line, 1, "dockerfile.healthcheck.noArgument");
		}
		int i = 0;
		while (i < words.size() && words.get(i).startsWith("--")) {
			String flag = words.get(i).substring(2);
			int equals = flag.indexOf('=');
			String name = (equals < 0) ? flag : flag.substring(0, equals);
			if (!HEALTHCHECK_FLAGS.contains(name)) {
				throw new GradingException(line, 1, "dockerfile.healthcheck.flag.unknown", name);
			}
			if (equals < 0) {
				throw new GradingException(line, 1, "dockerfile.healthcheck.flag.noValue", name);
			}
			String value = flag.substring(equals + 1);
			try {
				if (name.equals("retries")) {
					if (!value.matches("[+-]?\\d{1,10}")) {
						throw new ProblemException("number.whole", value);
					}
					if (value.startsWith("-")) {
						throw new ProblemException("dockerfile.healthcheck.retries.negative");
					}
				}
				else if (!value.isEmpty()) {
					CliValues.duration(value);
				}
			}
			catch (ProblemException ex) {
				throw new GradingException(line, 1, "dockerfile.healthcheck.flag.value", name, ex.problem());
			}
			i++;
		}
		if (i >= words.size()) {
			throw new GradingException(line, 1, "dockerfile.healthcheck.noArgument");
		}
		String type = words.get(i).toUpperCase(Locale.ROOT);
		boolean command = i + 1 < words.size() && !words.get(i + 1).matches("\\[\\s*]");
		switch (type) {
			case "NONE" -> {
				if (i + 1 < words.size() || i > 0) {
					throw new GradingException(line, 1, "dockerfile.healthcheck.none.arguments");
				}
			}
			case "CMD" -> {
				if (!command) {
					throw new GradingException(line, 1, "dockerfile.healthcheck.cmd.missing");
				}
			}
			default -> throw new GradingException(line, 1, "dockerfile.healthcheck.type.unknown", words.get(i));
		}
	}

	/**
	 * The names and values, as written, that ENV or ARG declares: {@code NAME=value ...}, ENV's older
	 * {@code NAME value} (the rest of the line, {@code ;} and all), or ARG's {@code NAME} (a null value).
	 */
	private static Map<String, String> declarations(Instruction instruction, char escape) {
		String keyword = instruction.keyword();
		List<String> words = DockerfileWords.split(instruction.arguments(), escape);
		if (words.isEmpty()) {
			throw new GradingException(instruction.line(), 1, "dockerfile.declaration.noName", keyword);
		}
		Map<String, String> declared = new LinkedHashMap<>();
		if (keyword.equals("ENV") && !words.get(0).contains("=")) {
			String[] parts = instruction.arguments().strip().split("[ \\t\\x0B\\f\\r]+", 2);
			if (parts.length < 2) {
				throw new GradingException(instruction.line(), 1, "dockerfile.env.noValue", parts[0]);
			}
			declared.put(parts[0], parts[1]);
			return declared;
		}
		for (String word : words) {
			int equals = word.indexOf('=');
			if (equals == 0 || equals < 0 && keyword.equals("ENV")) {
				throw new GradingException(instruction.line(), 1, "dockerfile.declaration.syntax", keyword, word);
			}
			declared.put((equals < 0) ? word : word.substring(0, equals),
					(equals < 0) ? null : word.substring(equals + 1));
		}
		return declared;
	}

	private static String expand(String word, UnaryOperator<String> variables, char escape, Instruction instruction) {
		try {
			return DockerfileWords.expand(word, variables, escape);
		}
		catch (IllegalArgumentException ex) {
			Problem problem = Problem.of(ex);
			throw new GradingException(instruction.line(), 1, problem.key().contains(".word.")
					? "dockerfile.word.unreadable" : "dockerfile.variable.needed", instruction.keyword(), problem);
		}
	}

}
