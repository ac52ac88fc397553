package io.cagelab.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read a Dockerfile into the model of the container its final stage makes: parser directives (the escape
 * character), comments, line continuations, heredocs, JSON and shell forms, multi-stage builds, and ARG and ENV
 * substitution ({@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}).
 */
public final class DockerfileParser {

	private static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV",
			"ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
			"SHELL");

	private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([a-zA-Z]+)\\s*=\\s*(\\S+)\\s*");

	private static final Pattern HEREDOC = Pattern.compile("<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?");

	private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]{0,256}))?}"
			+ "|([A-Za-z_][A-Za-z0-9_]*))");

	/** One instruction of a stage, with its arguments after substitution, and the line it starts on. */
	public record Instruction(String keyword, String arguments, int line) {
	}

	public ContainerModel parse(String text) {
		List<Instruction> instructions = instructions(text);
		if (instructions.stream().noneMatch((i) -> i.keyword().equals("FROM"))) {
			throw new GradingException(1, 1, "a Dockerfile starts with FROM; none was found");
		}
		return model(instructions);
	}

	private static List<Instruction> instructions(String text) {
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
					throw new GradingException(i + 1, 1, "the escape directive takes \\ or `, not " + value);
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
			String current = lines[i];
			while (endsWithEscape(current, escape) && i + 1 < lines.length) {
				logical.append(current.stripTrailing(), 0, current.stripTrailing().length() - 1).append(' ');
				i++;
				// Comment lines inside a continued instruction are dropped, as the builder does.
				while (i < lines.length && lines[i].strip().startsWith("#")) {
					i++;
				}
				current = (i < lines.length) ? lines[i] : "";
			}
			logical.append(current.strip());
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
					throw new GradingException(start, heredoc.start() + 1, "the heredoc " + delimiter
							+ " is never closed");
				}
				i++;
				instruction = body.toString();
			}
			String[] parts = instruction.split("\\s+", 2);
			String keyword = parts[0].toUpperCase(Locale.ROOT);
			if (!INSTRUCTIONS.contains(keyword)) {
				throw new GradingException(start, 1, "unknown instruction " + parts[0]);
			}
			instructions.add(new Instruction(keyword, (parts.length > 1) ? parts[1] : "", start));
		}
		return instructions;
	}

	private static boolean endsWithEscape(String line, char escape) {
		String trimmed = line.stripTrailing();
		return !trimmed.strip().startsWith("#") && trimmed.endsWith(String.valueOf(escape));
	}

	/** Follow the stages and describe the container the last one makes. */
	private static ContainerModel model(List<Instruction> instructions) {
		Map<String, String> globalArgs = new HashMap<>();
		Map<String, String> stageBases = new HashMap<>();
		ContainerModel model = null;
		Map<String, String> variables = new LinkedHashMap<>();
		for (Instruction instruction : instructions) {
			String arguments = instruction.arguments();
			if (instruction.keyword().equals("FROM")) {
				String[] words = substitute(arguments, globalArgs).split("\\s+");
				String base = words[0].startsWith("--platform") && words.length > 1 ? words[1] : words[0];
				// A stage built FROM an earlier stage keeps that stage's external base image.
				String external = stageBases.getOrDefault(base.toLowerCase(Locale.ROOT), base);
				int as = indexOfIgnoreCase(words, "AS");
				if (as >= 0 && as + 1 < words.length) {
					stageBases.put(words[as + 1].toLowerCase(Locale.ROOT), external);
				}
				model = new ContainerModel(Kind.DOCKERFILE);
				model.wrote("container", instruction.line());
				model.image = external;
				model.wrote("image", instruction.line());
				variables = new LinkedHashMap<>(globalArgs);
				continue;
			}
			if (model == null) {
				if (!instruction.keyword().equals("ARG")) {
					throw new GradingException(instruction.line(), 1, instruction.keyword()
							+ " before the first FROM: only ARG may come before it");
				}
				declare(globalArgs, arguments, globalArgs);
				continue;
			}
			apply(model, instruction, variables);
		}
		return model;
	}

	private static void apply(ContainerModel model, Instruction instruction, Map<String, String> variables) {
		String arguments = instruction.arguments();
		int line = instruction.line();
		switch (instruction.keyword()) {
			case "USER" -> {
				model.user = substitute(arguments, variables).strip();
				model.wrote("user", line);
			}
			case "ENV", "ARG" -> {
				for (Map.Entry<String, String> pair : declare(variables, arguments, variables).entrySet()) {
					model.env.put(pair.getKey(), pair.getValue());
					model.wrote("env", line);
				}
			}
			case "EXPOSE" -> {
				for (String port : substitute(arguments, variables).strip().split("\\s+")) {
					if (port.isEmpty()) {
						continue;
					}
					try {
						model.ports.add(new ContainerModel.Port("", "", Ports.exposed(port)));
					}
					catch (IllegalArgumentException ex) {
						throw new GradingException(line, 1, "EXPOSE " + port + " cannot be read: " + ex.getMessage());
					}
					model.wrote("publish", line);
				}
			}
			case "HEALTHCHECK" -> {
				boolean none = arguments.strip().equalsIgnoreCase("NONE");
				model.healthCheck = !none;
				model.noHealthCheck = none;
				model.wrote("health-cmd", line);
			}
			default -> {
			}
		}
		model.buildSteps.add(new Instruction(instruction.keyword(), substitute(arguments, variables), line));
		model.wrote(instruction.keyword().toLowerCase(Locale.ROOT), line);
	}

	/** Declare {@code NAME=value ...}, {@code NAME value} (ENV's old form) or {@code NAME} (an ARG without default). */
	private static Map<String, String> declare(Map<String, String> into, String arguments, Map<String, String> scope) {
		Map<String, String> declared = new LinkedHashMap<>();
		List<String> words = ShellWords.commands(arguments).stream().findFirst()
			.map((command) -> command.stream().map(ShellWords.Word::text).toList()).orElse(List.of());
		if (words.size() >= 2 && !words.get(0).contains("=")) {
			declared.put(words.get(0), substitute(String.join(" ", words.subList(1, words.size())), scope));
		}
		else {
			for (String word : words) {
				int equals = word.indexOf('=');
				if (equals > 0) {
					declared.put(word.substring(0, equals), substitute(word.substring(equals + 1), scope));
				}
				else {
					declared.put(word, scope.getOrDefault(word, null));
				}
			}
		}
		into.putAll(declared);
		return declared;
	}

	static String substitute(String text, Map<String, String> variables) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(4);
			String value = variables.get(name);
			String operator = matcher.group(2);
			String replacement;
			if ("-".equals(operator)) {
				replacement = (value == null || value.isEmpty()) ? matcher.group(3) : value;
			}
			else if ("+".equals(operator)) {
				replacement = (value == null || value.isEmpty()) ? "" : matcher.group(3);
			}
			else {
				replacement = (value != null) ? value : matcher.group();
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static int indexOfIgnoreCase(String[] words, String wanted) {
		for (int i = 0; i < words.length; i++) {
			if (words[i].equalsIgnoreCase(wanted)) {
				return i;
			}
		}
		return -1;
	}

}
