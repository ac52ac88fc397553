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
 * files against the hardening rules. Exit 0 when nothing fails, 1 when something does, 2 on a usage or parse error.
 */
public final class LintCommand {

	static final int PASSED = 0;

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	static final String USAGE = "usage: cagelab lint [--format text|json|sarif] [--kind run|dockerfile|compose]"
			+ " [--lang en|fr] FILE...";

	private final RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	/** One failed rule in one file. */
	record Finding(String file, int line, String rule, String cis, String severity, String message, String references) {
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
		for (Path file : files) {
			try {
				findings.addAll(lint(file, (kind != null) ? kind : Kind.ofFileName(file.toString()), language));
			}
			catch (GradingException ex) {
				err.println(file + ":" + ex.line() + ":" + ex.column() + ": " + ex.problem(language));
				return UNUSABLE;
			}
			catch (IOException ex) {
				err.println(file + ": cannot be read: " + ex.getMessage());
				return UNUSABLE;
			}
		}
		switch (format) {
			case "json" -> out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
				.writeValueAsString(findings));
			case "sarif" -> out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
				.writeValueAsString(sarif(findings)));
			default -> findings.forEach((f) -> out.println(f.file() + ":" + f.line() + ": " + f.severity() + " " + f.rule()
					+ (f.cis().isEmpty() ? "" : " (CIS " + f.cis() + ")") + " " + f.message()));
		}
		return findings.isEmpty() ? PASSED : FAILED;
	}

	List<Finding> lint(Path file, Kind kind, Language language) throws IOException {
		String text = readText(file);
		List<ContainerModel> containers = switch (kind) {
			case RUN -> new RunLineParser().parse(text).stream().map(RunLineParser.ParsedRun::container).toList();
			case DOCKERFILE -> List.of(new DockerfileParser().parse(text));
			case COMPOSE -> new ComposeParser(System.getenv()).parse(text).stream()
				.map(ComposeParser.ParsedService::container).toList();
		};
		List<Finding> findings = new ArrayList<>();
		for (ContainerModel container : containers) {
			for (RuleVerdict verdict : this.engine.grade(container, language)) {
				if (!verdict.passed()) {
					findings.add(new Finding(file.toString(), verdict.line(), verdict.rule(), verdict.cis(),
							verdict.severity().name(), verdict.message(), verdict.references()));
				}
			}
		}
		return findings;
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
	private static Map<String, Object> sarif(List<Finding> findings) {
		List<Map<String, Object>> rules = HardeningRules.ALL.stream().map((rule) -> {
			Map<String, Object> descriptor = new LinkedHashMap<>();
			descriptor.put("id", rule.id());
			descriptor.put("shortDescription", Map.of("text", rule.id() + (rule.cis().isEmpty() ? "" : " (CIS Docker "
					+ "Benchmark " + rule.cis() + ")")));
			descriptor.put("properties", Map.of("cis", rule.cis(), "references", rule.references(), "severity",
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
		Map<String, Object> log = new LinkedHashMap<>();
		log.put("version", "2.1.0");
		log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
		log.put("runs", List.of(run));
		return log;
	}

}
