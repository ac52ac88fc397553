package io.cagelab.exercise;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

public class ExerciseSpecReaderTests {

	static final Path FILE = Path.of("exercises", "best-practices", "ex-1", "exercise.yaml");

	/** A valid spec of the smallest kind, for tests of the reader and of whatever stores specs. */
	public static final String VALID = """
			id: ex-1
			module: best-practices
			kind: run
			title: {en: Limit processes, fr: Limiter les processus}
			checks:
			  - id: pids
			    kind: rule
			    rule: HR-09
			    points: 2
			    hint: {en: Look at pids, fr: Regardez les pids}
			solution: docker run --pids-limit 10 app:1
			""";

	ExerciseSpecReader reader = new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor());

	/** A quiz is answered by ticking: three tries, then the answers, so no learner is left guessing for ever. */
	@Test
	void everyShippedQuizShowsItsAnswersAtTheThirdAttempt() throws IOException {
		for (Path file : ExerciseSpecWriterTests.shippedSpecs()) {
			Exercise exercise = this.reader.read(file, Files.readString(file));
			if (exercise.kind() == ExerciseKind.QUIZ) {
				assertThat(exercise.feedback().solutionAfter()).as(exercise.id()).isEqualTo(3);
			}
		}
	}

	@Test
	void aValidSpecIsRead() {
		Exercise exercise = this.reader.read(FILE, VALID);
		assertThat(exercise.title(Language.FR)).isEqualTo("Limiter les processus");
		assertThat(exercise.checks()).singleElement().satisfies((check) -> {
			assertThat(((Check.Rule) check).rule()).isEqualTo("HR-09");
			assertThat(check.points()).isEqualTo(2);
			assertThat(check.hint(Language.EN)).isEqualTo("Look at pids");
		});
		assertThat(exercise.maxScore()).isEqualTo(2);
		assertThat(exercise.takesArtifact()).isTrue();
	}

	/** Each mistake gives its problem: the path into the spec, the line and column, and the message key. */
	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`rule: HR-09`                   | `rule: HR-99`                   | checks[0].rule 8:11 spec.rule
			`rule: HR-09`                   | `rule: HR-32`                   | checks[0] 6:5 spec.check-misplaced.rule-kind
			`points: 2`                     | `points: none`                  | checks[0].points 9:13 spec.number
			`points: 2`                     | `points: [2]`                   | checks[0].points 9:13 spec.scalar
			`points: 2`                     | `points: 0`                     | checks[0].points 9:13 spec.points
			`    points: 2\n`              | ``                              | checks[0].points 6:5 spec.missing
			`kind: rule`                    | `kind: essay`                   | checks[0].kind 7:11 spec.check-kind
			`kind: rule`                    | `kind: probe`                   | checks[0].rule 8:5 spec.check-field
			`kind: run`                     | `kind: dockerfile`              | checks[0] 6:5 spec.check-misplaced.rule-kind
			`kind: run`                     | `kind: quiz`                    | checks[0] 6:5 spec.check-misplaced.rule
			`kind: run`                     | `kind: lab`                     | checks[0] 6:5 spec.check-misplaced.rule
			`hint: {en: Look at pids, fr: Regardez les pids}` | `hint: {en: Look at pids}` | checks[0].hint.fr 10:11 spec.language.fr
			`hint: {en: Look at pids, fr: Regardez les pids}` | `hint: {fr: Regardez les pids}` | checks[0].hint.en 10:11 spec.language.en
			`hint: {en: Look at pids, fr: Regardez les pids}` | `hint: Look at pids` | checks[0].hint 10:11 spec.mapping
			`title: {en: Limit processes, fr: Limiter les processus}` | `title: {en: Limit processes}` | title.fr 4:8 spec.language.fr
			`title: {en: Limit processes, fr: Limiter les processus}` | `title: {en: Limit processes, de: Prozesse}` | title.de 4:30 spec.unknown-field
			`title: {en: Limit processes, fr: Limiter les processus}` | `title: {en: Limit processes` | . 5:7 spec.yaml
			`solution: docker run --pids-limit 10 app:1` | ``              | solution 3:7 spec.solution-needed
			`solution: docker run --pids-limit 10 app:1` | `solution: " "` | solution 11:11 spec.blank
			`id: ex-1`                      | `id: ex-2`                      | id 1:5 spec.id-folder
			`module: best-practices`        | `module: course`                | module 2:9 spec.module-folder
			`kind: run`                     | `kind: essay`                   | kind 3:7 spec.kind
			`module: best-practices`        | `module: best-practices\ncolour: blue` | colour 3:1 spec.unknown-field
			`checks:`                       | `checks: none\nrest:`          | checks 5:9 spec.checks-list
			`module: best-practices`        | `module: best-practices\nsandbox: {capabilities: [SYS_MODULE]}` | sandbox 3:10 sandbox.floor.capability
			`module: best-practices`        | `module: best-practices\nsandbox: {memory: lots}` | sandbox.memory 3:19 spec.sandbox.memory
			`module: best-practices`        | `module: best-practices\nsandbox: {capabilities: NET_RAW}` | sandbox.capabilities 3:25 spec.capabilities
			`solution:`                     | `starter: docker run --pids-limit 10 app:1\nsolution:` | starter 11:10 spec.starter-solution
			`id: ex-1`                      | `id: ../../etc`                 | id 1:5 spec.name
			`module: best-practices`        | `module: /tmp`                  | module 2:9 spec.name
			`id: ex-1`                      | `id: Ex-1`                      | id 1:5 spec.name
			`rule: HR-09`                   | `rule: HR-09\n    allowed-capabilities: []` | checks[0].allowed-capabilities 9:5 spec.allowed-capabilities-rule
			`rule: HR-09`                   | `rule: HR-04\n    allowed-capabilities: [CHOWN, SYS_ADMIN]` | checks[0].allowed-capabilities 9:35 spec.allowed-capability
			`rule: HR-09`                   | `rule: HR-04\n    allowed-capabilities: NET_RAW` | checks[0].allowed-capabilities 9:27 spec.allowed-capabilities-list
			""")
	void eachMistakeIsAProblemWithItsPathLineAndColumn(String original, String replacement, String problem) {
		String spec = VALID.replace(original.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
		assertThat(problems(spec)).contains(problem);
	}

	/** An exercise may narrow what HR-04 lets through, to nothing at all, or name the harmless few it needs. */
	@Test
	void aCapabilityCheckReadsTheCapabilitiesItsExerciseAllows() {
		Exercise none = this.reader.read(FILE, VALID.replace("rule: HR-09", "rule: HR-04\n    allowed-capabilities: []"));
		assertThat(((Check.Rule) none.checks().get(0)).allowedCapabilities()).isEmpty();
		Exercise some = this.reader.read(FILE,
				VALID.replace("rule: HR-09", "rule: HR-04\n    allowed-capabilities: [SETUID, CHOWN, SETUID]"));
		assertThat(((Check.Rule) some.checks().get(0)).allowedCapabilities()).containsExactly("SETUID", "CHOWN");
		assertThat(((Check.Rule) this.reader.read(FILE, VALID).checks().get(0)).allowedCapabilities()).isNull();
		assertThat(messages().getMessage("spec.allowed-capability", new Object[] { "SYS_ADMIN", "CHOWN, KILL" },
				Locale.FRENCH)).startsWith("«\u202fSYS_ADMIN\u202f» ne peut pas être permise\u00a0: un exercice");
	}

	@Test
	void everyProblemIsFoundNotOnlyTheFirst() {
		String spec = VALID.replace("id: ex-1", "id: ex-2")
			.replace("kind: run", "kind: run\ncolour: blue")
			.replace("fr: Limiter les processus", "de: Prozesse")
			.replace("HR-09", "HR-99")
			.replace("points: 2", "points: -1")
			.replace("{en: Look at pids, fr: Regardez les pids}", "{en: Look at pids}");
		assertThat(problems(spec)).containsExactly("id 1:5 spec.id-folder", "colour 4:1 spec.unknown-field",
				"title.fr 5:8 spec.language.fr", "title.de 5:30 spec.unknown-field", "checks[0].rule 9:11 spec.rule",
				"checks[0].points 10:13 spec.points", "checks[0].hint.fr 11:11 spec.language.fr");
	}

	@Test
	void aCheckIdUsedTwiceIsAProblemAtItsSecondUse() {
		String spec = VALID.replace("solution:", """
				  - id: pids
				    kind: rule
				    rule: HR-12
				    points: 1
				    hint: {en: a, fr: b}
				solution:""");
		assertThat(problems(spec)).containsExactly("checks[1].id 11:9 spec.check-id-twice");
	}

	@Test
	void aSpecThatIsNotAMappingOrIsEmptyIsOneProblem() {
		assertThat(problems("")).containsExactly(". 1:1 spec.empty");
		assertThat(problems("- a\n- b\n")).containsExactly(". 1:1 spec.mapping");
	}

	@Test
	void yamlAliasesThatWouldBlowUpAreRefused() {
		StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
		for (char name = 'b'; name <= 'z'; name++) {
			bomb.append(name).append(": &").append(name).append(" [");
			bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*" + (char) (name - 1)))).append("]\n");
		}
		assertThat(this.reader.check(FILE, bomb.toString()).problems()).singleElement()
			.satisfies((problem) -> assertThat(problem.key()).isEqualTo("spec.yaml"));
	}

	@Test
	void aProblemIsToldInTheReadersLanguage() {
		SpecProblem problem = this.reader.check(FILE, VALID.replace("HR-09", "HR-99")).problems().get(0);
		MessageSource messages = messages();
		assertThat(messages.getMessage(problem, Locale.ENGLISH))
			.isEqualTo("'HR-99' is not a known rule id (HR-01 to HR-32).");
		assertThat(messages.getMessage(problem, Locale.FRENCH))
			.isEqualTo("«\u202fHR-99\u202f» n'est pas un identifiant de règle connu (de HR-01 à HR-32).");
		assertThat(problem.located()).isEqualTo("8:11: checks[0].rule: 'HR-99' is not a known rule id (HR-01 to HR-32).");
	}

	/** Every key the validator can give is written in both languages, with the same arguments, typeset in French. */
	@Test
	void everyProblemKeyIsInBothBundlesWithFrenchTypography() throws IOException {
		Properties english = bundle("messages.properties");
		Properties french = bundle("messages_fr.properties");
		String source = Files.readString(Path.of("src/main/java/io/cagelab/exercise/ExerciseSpecReader.java"));
		Matcher literal = Pattern.compile("\"(spec\\.[a-z.-]+)\"").matcher(source);
		Set<String> used = new TreeSet<>();
		while (literal.find()) {
			used.add(literal.group(1));
		}
		assertThat(used).hasSizeGreaterThan(40);
		Set<String> keys = english.stringPropertyNames().stream().filter((key) -> key.startsWith("spec."))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(used).allSatisfy((key) -> assertThat(keys)
			.as("a key, or a prefix of keys, the reader uses").anyMatch((known) -> key.endsWith(".") ? known.startsWith(key)
					: known.equals(key)));
		assertThat(french.stringPropertyNames().stream().filter((key) -> key.startsWith("spec."))).containsExactlyInAnyOrderElementsOf(keys);
		MessageSource messages = messages();
		assertThat(keys).allSatisfy((key) -> {
			assertThat(arguments(french.getProperty(key))).as(key).isEqualTo(arguments(english.getProperty(key)));
			String text = messages.getMessage(key, new Object[] { "a", "b", "c" }, Locale.FRENCH);
			assertThat(text).as(key).doesNotContain(" :", "\u202f:", " ;", "\u00a0;", " ?", " !", "« ", " »", "''");
			assertThat(messages.getMessage(key, new Object[] { "a", "b", "c" }, Locale.ENGLISH)).as(key)
				.doesNotContain("''").isNotEqualTo(text);
		});
	}

	@ParameterizedTest
	@MethodSource("io.cagelab.exercise.ExerciseSpecWriterTests#shippedSpecs")
	void theValidatorFindsNoProblemInAnyShippedExercise(Path file) throws IOException {
		assertThat(this.reader.check(file, Files.readString(file)).problems()).isEmpty();
	}

	static MessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
		messages.setAlwaysUseMessageFormat(true);
		return messages;
	}

	private static Properties bundle(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ExerciseSpecReaderTests.class.getClassLoader().getResourceAsStream(name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

	private static Set<String> arguments(String pattern) {
		Set<String> arguments = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\{(\\d+)[^}]*}").matcher(pattern);
		while (matcher.find()) {
			arguments.add(matcher.group(1));
		}
		return arguments;
	}

	/** The problem as one readable line: path, line:column and key. */
	List<String> problems(String spec) {
		SpecReading reading = this.reader.check(FILE, spec);
		assertThat(reading.valid()).as("the spec has problems").isFalse();
		return reading.problems().stream()
			.map((problem) -> (problem.path().isEmpty() ? "." : problem.path()) + " " + problem.line() + ":" + problem.column() + " " + problem.key())
			.toList();
	}

	static final String QUIZ = """
			id: ex-1
			module: best-practices
			kind: quiz
			title: {en: Namespaces, fr: Espaces de noms}
			checks:
			  - id: hostname
			    kind: quiz
			    question: {en: "Which namespace isolates the host name?", fr: "Quel espace de noms isole le nom d'hôte\u202f?"}
			    choices:
			      - {en: mount, fr: mount}
			      - {en: UTS, fr: UTS}
			    answer: [1]
			    explanation: {en: UTS stands for Unix Time-sharing System., fr: UTS signifie Unix Time-sharing System.}
			    points: 1
			    hint: {en: Think of uname., fr: Pensez à uname.}
			wrong-answers:
			  - answers: {hostname: [0]}
			    fails: {hostname: uname}
			""";

	@Test
	void aQuizIsReadWithItsAnswerAndWrongAnswers() {
		Exercise exercise = this.reader.read(FILE, QUIZ);
		Check.Quiz quiz = ((Check.Quiz) exercise.checks().get(0));
		assertThat(quiz.choices(Language.FR)).containsExactly("mount", "UTS");
		assertThat(quiz.answer()).containsExactly(1);
		assertThat(quiz.multiple()).isFalse();
		assertThat(exercise.referenceSubmission().answers()).containsEntry("hostname", java.util.List.of(1));
		assertThat(exercise.wrongAnswers()).singleElement()
			.satisfies((wrong) -> assertThat(wrong.fails()).containsEntry("hostname", "uname"));
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`answer: [1]`                   | `answer: [2]`                   | checks[0].answer 12:14 spec.answer-index
			`answer: [1]`                   | `answer: [0, 1]`                | checks[0].answer 12:13 spec.answer-one
			`answer: [1]`                   | `answer: []`                    | checks[0].answer 12:13 spec.answer-some
			`answer: [1]`                   | `answer: 1`                     | checks[0].answer 12:13 spec.answer-list
			`answer: [1]`                   | `answer: [1]\n    multiple: maybe` | checks[0].multiple 13:15 spec.boolean
			`      - {en: UTS, fr: UTS}`    | `      - {en: UTS}`             | checks[0].choices[1].fr 11:9 spec.language.fr
			`      - {en: mount, fr: mount}\n` | ``                          | checks[0].choices 10:7 spec.choices
			`    explanation: {en: UTS stands for Unix Time-sharing System., fr: UTS signifie Unix Time-sharing System.}\n` | `` | checks[0].explanation 6:5 spec.missing
			`fails: {hostname: uname}`      | `fails: {hostnames: uname}`     | wrong-answers[0].fails.hostnames 18:13 spec.wrong-answer-check
			`fails: {hostname: uname}`      | `fails: {}`                     | wrong-answers[0].fails 18:12 spec.fails-empty
			`answers: {hostname: [0]}`      | `answers: {hostname: [5]}`      | wrong-answers[0].answers.hostname 17:26 spec.answer-index
			`answers: {hostname: [0]}`      | `answers: {hostnames: [0]}`     | wrong-answers[0].answers.hostnames 17:15 spec.wrong-answer-quiz
			`title: {en: Namespaces`        | `solution: yes\ntitle: {en: Namespaces` | solution 4:1 spec.solution-quiz
			`    kind: quiz`                | `    kind: runtime`             | checks[0].question 8:5 spec.check-field
			""")
	void quizMistakesAreProblemsWithTheirPlace(String original, String replacement, String problem) {
		String spec = QUIZ.replace(original.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
		assertThat(problems(spec)).contains(problem);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			run        | ``                 | ``
			compose    | `    service: web` | ``
			dockerfile | ``                 | checks[0] 6:5 spec.check-misplaced.runtime
			lab        | ``                 | checks[0] 6:5 spec.check-misplaced.runtime
			run        | `    service: web` | checks[0] 6:5 spec.check-misplaced.service
			""")
	void runtimeChecksBelongToRunLinesAndComposeServices(String kind, String service, String refusal) {
		String spec = """
				id: ex-1
				module: best-practices
				kind: %s
				title: {en: T, fr: T}
				checks:
				  - id: nnp
				    kind: runtime
				%s
				    command: grep NoNewPrivs /proc/self/status
				    expect: {output: "NoNewPrivs:.*1"}
				    points: 1
				    hint: {en: a, fr: b}
				    title: {en: t, fr: t}
				solution: x
				""".formatted(kind, service);
		if (refusal.isEmpty()) {
			assertThat(((Check.Runtime) this.reader.read(FILE, spec).checks().get(0)).service()).isEqualTo(service.isEmpty() ? null : "web");
		}
		else {
			assertThat(problems(spec)).containsExactly(refusal);
		}
	}

	@Test
	void aLabWithProbesNeedsTheScriptThatDoesIt() {
		String lab = """
				id: ex-1
				module: best-practices
				kind: lab
				title: {en: T, fr: T}
				checks:
				  - id: p
				    kind: probe
				    command: "true"
				    expect: {exit: 0}
				    points: 1
				    hint: {en: a, fr: b}
				    title: {en: t, fr: t}
				""";
		assertThat(problems(lab)).containsExactly("solution 3:7 spec.solution-needed-lab");
		assertThat(this.reader.read(FILE, lab + "solution: echo done\n").solution()).isEqualTo("echo done");
	}


	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			environment.POST | `{output: "^0$"}` | ``
			volumes          | `{output: "ro$"}` | ``
			environment.     | `{output: "x"}`   | checks[0].setting 8:14 spec.setting
			ports            | `{output: "x"}`   | checks[0].setting 8:14 spec.setting
			volumes          | `{exit: 0}`       | checks[0].expect 10:13 spec.setting-expect
			volumes          | `{output: "ro("}` | checks[0].expect.output 10:22 spec.regex
			volumes          | `{output: "x", code: 0}` | checks[0].expect.code 10:27 spec.unknown-field
			volumes          | `{}`              | checks[0].expect 10:13 spec.expect
			volumes          | `"ro$"`           | checks[0].expect 10:13 spec.mapping
			""")
	void settingChecksReadOneValueOfAComposeService(String setting, String expect, String refusal) {
		String spec = """
				id: ex-1
				module: best-practices
				kind: compose
				title: {en: T, fr: T}
				checks:
				  - id: s
				    kind: setting
				    setting: %s
				    service: proxy
				    expect: %s
				    points: 1
				    hint: {en: a, fr: b}
				    title: {en: t, fr: t}
				solution: x
				""".formatted(setting, expect);
		if (refusal.isEmpty()) {
			Check.Setting check = (Check.Setting) this.reader.read(FILE, spec).checks().get(0);
			assertThat(check.setting()).isEqualTo(setting);
			assertThat(check.service()).isEqualTo("proxy");
		}
		else {
			assertThat(problems(spec)).containsExactly(refusal);
		}
	}


	@Test
	void aCheckRunInASandboxOrAContainerNeedsATitleInBothLanguages() {
		String probe = """
				id: ex-1
				module: best-practices
				kind: lab
				title: {en: T, fr: T}
				checks:
				  - id: p
				    kind: probe
				    command: "true"
				    expect: {exit: 0}
				    points: 1
				    hint: {en: a, fr: b}
				%s
				solution: echo done
				""";
		assertThat(problems(probe.formatted(""))).containsExactly("checks[0].title 6:5 spec.check-title");
		assertThat(problems(probe.formatted("    title: {en: Seen}")))
			.containsExactly("checks[0].title.fr 12:12 spec.language.fr");
		Check check = this.reader.read(FILE, probe.formatted("    title: {en: Seen, fr: Vu}")).checks().get(0);
		assertThat(check.title(io.cagelab.course.Language.FR)).isEqualTo("Vu");
		assertThat(this.reader.read(FILE, VALID).checks().get(0).title(io.cagelab.course.Language.EN))
			.as("a rule check is named by its rule").isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`feedback: {fix-after: 2, solution-after: 4}`  | ``
			`feedback: {solution-after: 0}`                | feedback.solution-after 11:28 spec.attempt
			`feedback: {fix-after: 5, solution-after: 3}`  | feedback.fix-after 11:23 spec.fix-after-late
			`feedback: {hints-after: 2}`                   | feedback.hints-after 11:12 spec.unknown-field
			`starter: docker run web:1.4`                  | ``
			""")
	void feedbackAndStarterAreReadAndChecked(String field, String refusal) {
		String spec = VALID.replace("solution:", field + "\nsolution:");
		if (refusal.isEmpty()) {
			Exercise exercise = this.reader.read(FILE, spec);
			assertThat(exercise.feedback().solutionAfter()).isIn(4, Exercise.Feedback.NEVER);
		}
		else {
			assertThat(problems(spec)).containsExactly(refusal);
		}
	}

	@Test
	void withoutFeedbackTheSolutionComesOnlyOnceEarnedAndEveryFixAtOnce() {
		Exercise exercise = this.reader.read(FILE, VALID);
		assertThat(exercise.feedback()).isEqualTo(Exercise.Feedback.DEFAULT);
		assertThat(exercise.feedback().fixAfter()).isEqualTo(1);
		assertThat(exercise.feedback().solutionAfter()).isEqualTo(Exercise.Feedback.NEVER);
		assertThat(exercise.starter()).isEmpty();
	}

}
