package io.cagelab.grading;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.course.Language;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cagelab lint [--format text|json|sarif] [--kind run|dockerfile|compose] [--lang en|fr] FILE...}: grade
 * files against the hardening rules, as linters do: every file is reported, one that cannot be read with its
 * {@code file:line:column} error (in the format asked for: a JSON entry, a SARIF notification) and the others graded.
 * Exit with the worst status: 0 when nothing fails, 1 when something does, 2 on a usage error or a file that cannot
 * be read.
 */
public final class LintCommand {

	static final int PASSED = 0;

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	static final String USAGE = "usage: cagelab lint [--format text|json|sarif] [--kind run|dockerfile|compose]"
			+ " [--lang en|fr] FILE...";

	private final RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	/** One failed rule in one file, with the CIS controls it fails. */
	record Finding(String file, int line, String rule, List<String> cis, String severity, String message,
			String references) {
	}

	/** A file that cannot be read: where, and why. */
	record Unreadable(String file, int line, int column, String error) {
	}

	public static void main(String[] args) {
		System.exit(new LintCommand().run(args, System.out, System.err));
	}

	int run(String[] args, PrintStream out, PrintStream err) {
		String format = "text";
		Kind kind = null;
		Language language = Language.EN;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (arg) {
				case "--format" -> {
					format = value;
					i++;
				}
				case "--kind" -> {
					try {
						kind = Kind.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
					}
					catch (IllegalArgumentException ex) {
						err.println("cagelab lint: --kind takes run, dockerfile or compose, not " + value);
						return UNUSABLE;
					}
					i++;
				}
				case "--lang" -> {
					language = Language.fromTag(value).orElse(null);
					if (language == null) {
						err.println("cagelab lint: --lang takes en or fr, not " + value);
						return UNUSABLE;
					}
					i++;
				}
				default -> {
					if (arg.startsWith("-")) {
						err.println("cagelab lint: unknown option " + arg + "\n" + USAGE);
						return UNUSABLE;
					}
					files.add(Path.of(arg));
				}
			}
		}
		if (files.isEmpty() || !List.of("text", "json", "sarif").contains(format)) {
			err.println(USAGE);
			return UNUSABLE;
		}
		List<Finding> findings = new ArrayList<>();
		List<Unreadable> unreadable = new ArrayList<>();
		for (Path file : files) {
			try {
				findings.addAll(lint(file, (kind != null) ? kind : Kind.ofFileName(file.toString()), language));
			}
			catch (GradingException ex) {
				unreadable.add(new Unreadable(file.toString(), ex.line(), ex.column(), ex.problem(language)));
			}
			catch (IOException ex) {
				unreadable.add(new Unreadable(file.toString(), 1, 1,
						Problem.of("file.unreadable", String.valueOf(ex.getMessage())).text(language)));
			}
		}
		switch (format) {
			case "json" -> {
				List<Map<String, Object>> entries = new ArrayList<>();
				findings.forEach((f) -> entries.add(JsonMapper.builder().build().convertValue(f, Map.class)));
				unreadable.forEach((u) -> entries.add(JsonMapper.builder().build().convertValue(u, Map.class)));
				out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(entries));
			}
			case "sarif" -> out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
				.writeValueAsString(sarif(findings, unreadable)));
			default -> {
				findings.forEach((f) -> out.println(f.file() + ":" + f.line() + ": " + f.severity() + " " + f.rule()
						+ (f.cis().isEmpty() ? "" : " (CIS " + String.join(", ", f.cis()) + ")") + " " + f.message()));
			}
		}
		unreadable.forEach((u) -> err.println(u.file() + ":" + u.line() + ":" + u.column() + ": " + u.error()));
		return !unreadable.isEmpty() ? UNUSABLE : findings.isEmpty() ? PASSED : FAILED;
	}

	List<Finding> lint(Path file, Kind kind, Language language) throws IOException {
		String text = readText(file);
		List<ContainerModel> containers = switch (kind) {
			case RUN -> new RunLineParser().parse(text).stream().map(RunLineParser.ParsedRun::container).toList();
			case DOCKERFILE -> List.of(new DockerfileParser().parse(text));
			case COMPOSE -> new ComposeParser(System.getenv(), (path) -> sibling(file, path)).parse(text).stream()
				.map(ComposeParser.ParsedService::container).toList();
		};
		List<Finding> findings = new ArrayList<>();
		for (ContainerModel container : containers) {
			for (RuleVerdict verdict : this.engine.grade(container, language)) {
				if (!verdict.passed()) {
					findings.add(new Finding(file.toString(), verdict.line(), verdict.rule(), verdict.controls(),
							verdict.severity().name(), verdict.message(), verdict.references()));
				}
			}
		}
		return findings;
	}

	/** The text of a file an extends names, by its path relative to the compose file's folder; null if none. */
	private static String sibling(Path file, String path) {
		Path folder = file.toAbsolutePath().getParent();
		Path other = folder.resolve(path).normalize();
		if (!other.startsWith(folder) || !Files.isRegularFile(other)) {
			return null;
		}
		try {
			return readText(other);
		}
		catch (IOException | GradingException ex) {
			return null;
		}
	}

	/** Text only: a binary file would give pages of nonsense findings. */
	private static String readText(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		try {
			String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes)).toString();
			if (text.indexOf('\0') >= 0) {
				throw new GradingException(1, 1, "file.binary");
			}
			return text;
		}
		catch (CharacterCodingException ex) {
			throw new GradingException(1, 1, "file.notUtf8");
		}
	}

	/** SARIF 2.1.0, as code-scanning tools load it. */
	private static Map<String, Object> sarif(List<Finding> findings, List<Unreadable> unreadable) {
		List<Map<String, Object>> rules = HardeningRules.ALL.stream().map((rule) -> {
			Map<String, Object> descriptor = new LinkedHashMap<>();
			descriptor.put("id", rule.id());
			descriptor.put("shortDescription", Map.of("text", rule.id() + (rule.cis().isEmpty() ? "" : " (CIS Docker "
					+ "Benchmark " + rule.cis() + ")")));
			descriptor.put("properties", Map.of("cis", rule.controls(), "references", rule.references(), "severity",
					rule.severity().name()));
			return descriptor;
		}).toList();
		List<Map<String, Object>> results = findings.stream().map((finding) -> {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("ruleId", finding.rule());
			result.put("level", switch (finding.severity()) {
				case "CRITICAL", "HIGH" -> "error";
				case "MEDIUM" -> "warning";
				default -> "note";
			});
			result.put("message", Map.of("text", finding.message()));
			result.put("properties", Map.of("cis", finding.cis(), "severity", finding.severity()));
			result.put("locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation",
					Map.of("uri", finding.file()), "region", Map.of("startLine", finding.line())))));
			return result;
		}).toList();
		Map<String, Object> driver = new LinkedHashMap<>();
		driver.put("name", "cagelab");
		driver.put("informationUri", "https://cagelab.invalid/rules");
		driver.put("rules", rules);
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("tool", Map.of("driver", driver));
		run.put("results", results);
		// A file that cannot be read is no result of a rule: the tool says it could not read it.
		List<Map<String, Object>> notifications = unreadable.stream().map((u) -> {
			Map<String, Object> notification = new LinkedHashMap<>();
			notification.put("level", "error");
			notification.put("message", Map.of("text", u.error()));
			notification.put("locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation",
					Map.of("uri", u.file()), "region", Map.of("startLine", u.line(), "startColumn", u.column())))));
			return notification;
		}).toList();
		Map<String, Object> invocation = new LinkedHashMap<>();
		invocation.put("executionSuccessful", unreadable.isEmpty());
		invocation.put("toolExecutionNotifications", notifications);
		run.put("invocations", List.of(invocation));
		Map<String, Object> log = new LinkedHashMap<>();
		log.put("version", "2.1.0");
		log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
		log.put("runs", List.of(run));
		return log;
	}

}
