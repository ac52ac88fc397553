package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExerciseSpecReaderTests {

	static final Path FILE = Path.of("exercises", "best-practices", "ex-1", "exercise.yaml");

	static final String VALID = """
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

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`rule: HR-09`                   | `rule: HR-99`                   | exercise.yaml:8: field 'checks[].rule' is 'HR-99', which is not a known rule id
			`rule: HR-09`                   | `rule: HR-32`                   | uses HR-32, which does not apply to a run
			`points: 2`                     | `points: none`                  | exercise.yaml:9: field 'checks[].points' is 'none'; expected a whole number
			`points: 2`                     | `points: 0`                     | exercise.yaml:9: field 'checks[].points' must be a whole number above 0
			`kind: rule`                    | `kind: essay`                   | field 'checks[].kind' is 'essay'
			`kind: rule`                    | `kind: probe`                   | exercise.yaml:8: field 'checks[].rule' does not belong to a probe check
			`kind: run`                     | `kind: dockerfile`              | uses HR-09, which does not apply to a dockerfile
			`hint: {en: Look at pids, fr: Regardez les pids}` | `hint: {en: Look at pids}` | field 'hint.fr' is missing
			`title: {en: Limit processes, fr: Limiter les processus}` | `title: {en: Limit processes}` | field 'title.fr' is missing
			`solution: docker run --pids-limit 10 app:1` | ``              | such an exercise needs a solution that earns full marks
			`id: ex-1`                      | `id: ex-2`                      | exercise.yaml:1: field 'id' is 'ex-2' but the exercise's folder is 'ex-1'
			`kind: run`                     | `kind: essay`                   | exercise.yaml:3: field 'kind' is 'essay'
			`module: best-practices`        | `module: best-practices\\ncolour: blue` | field 'colour' is not a known field
			`module: best-practices`        | `module: best-practices\\nsandbox: {capabilities: [SYS_MODULE]}` | no sandbox may have
			""")
	void mistakesAreNamedWithFileLineAndField(String original, String replacement, String message) {
		String spec = VALID.replace(original, replacement.replace("\\n", "\n"));
		assertThatThrownBy(() -> this.reader.read(FILE, spec)).isInstanceOf(ExerciseSpecException.class)
			.hasMessageContaining(message);
	}

	@Test
	void aCheckIdUsedTwiceIsRefused() {
		String spec = VALID.replace("solution:", """
				  - id: pids
				    kind: rule
				    rule: HR-12
				    points: 1
				    hint: {en: a, fr: b}
				solution:""");
		assertThatThrownBy(() -> this.reader.read(FILE, spec)).hasMessageContaining("'pids' is used twice");
	}


	static final String QUIZ = """
			id: ex-1
			module: best-practices
			kind: quiz
			title: {en: Namespaces, fr: Espaces de noms}
			checks:
			  - id: hostname
			    kind: quiz
			    question: {en: "Which namespace isolates the host name?", fr: "Quel espace de noms isole le nom d'hôte ?"}
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
			`answer: [1]`                   | `answer: [2]`                   | exercise.yaml:12: field 'checks[].answer' holds '2'; choices are numbered from 0 to 1
			`answer: [1]`                   | `answer: [0, 1]`                | must name exactly one choice; set 'multiple: true'
			`answer: [1]`                   | `answer: 1`                     | field 'checks[].answer' must be a list of choice numbers
			`answer: [1]`                   | `answer: [1]\n    multiple: maybe` | field 'checks[].multiple' is 'maybe'; use true or false
			`      - {en: UTS, fr: UTS}`    | `      - {en: UTS}`             | field 'checks[].choices[].fr' is missing
			`      - {en: mount, fr: mount}\n` | ``                          | must be a list of at least two choices
			`    explanation: {en: UTS stands for Unix Time-sharing System., fr: UTS signifie Unix Time-sharing System.}\n` | `` | field 'explanation' is missing
			`fails: {hostname: uname}`      | `fails: {hostnames: uname}`     | field 'wrong-answers[].fails' names 'hostnames', which is not a check of this exercise
			`answers: {hostname: [0]}`      | `answers: {hostname: [5]}`      | choices are numbered from 0 to 1
			`title: {en: Namespaces`        | `solution: yes\ntitle: {en: Namespaces` | field 'solution' does not belong to a quiz
			`    kind: quiz`                | `    kind: runtime`             | does not belong to a runtime check
			""")
	void quizMistakesAreNamed(String original, String replacement, String message) {
		String spec = QUIZ.replace(original.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
		assertThatThrownBy(() -> this.reader.read(FILE, spec)).isInstanceOf(ExerciseSpecException.class)
			.hasMessageContaining(message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			run        | ``                 | ``
			compose    | `    service: web` | ``
			dockerfile | ``                 | a runtime check, which starts a container from a run line or a compose service
			lab        | ``                 | a runtime check, which starts a container
			run        | `    service: web` | names a service, which only a compose file has
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
			assertThatThrownBy(() -> this.reader.read(FILE, spec)).hasMessageContaining(refusal);
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
		assertThatThrownBy(() -> this.reader.read(FILE, lab))
			.hasMessageContaining("needs a solution that earns full marks (for a lab, the shell commands that do it)");
		assertThat(this.reader.read(FILE, lab + "solution: echo done\n").solution()).isEqualTo("echo done");
	}


	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			environment.POST | `{output: "^0$"}` | ``
			volumes          | `{output: "ro$"}` | ``
			environment.     | `{output: "x"}`   | exercise.yaml:8: field 'checks[].setting' is 'environment.'; use one of [environment.<NAME>, command, volumes, user, image]
			ports            | `{output: "x"}`   | field 'checks[].setting' is 'ports'
			volumes          | `{exit: 0}`       | field 'checks[].expect' of a setting check is an output pattern only
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
			assertThatThrownBy(() -> this.reader.read(FILE, spec)).hasMessageContaining(refusal);
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
		assertThatThrownBy(() -> this.reader.read(FILE, probe.formatted("")))
			.hasMessageContaining("exercise.yaml:6: field 'checks[].title' is missing: a probe check needs a title");
		assertThatThrownBy(() -> this.reader.read(FILE, probe.formatted("    title: {en: Seen}")))
			.hasMessageContaining("field 'title.fr' is missing");
		Check check = this.reader.read(FILE, probe.formatted("    title: {en: Seen, fr: Vu}")).checks().get(0);
		assertThat(check.title(io.cagelab.course.Language.FR)).isEqualTo("Vu");
		assertThat(this.reader.read(FILE, VALID).checks().get(0).title(io.cagelab.course.Language.EN))
			.as("a rule check is named by its rule").isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`feedback: {fix-after: 2, solution-after: 4}`  | ``
			`feedback: {solution-after: 0}`                | field 'feedback.solution-after' must be an attempt number, 1 or more
			`feedback: {fix-after: 5, solution-after: 3}`  | field 'feedback.fix-after' is 5, after the solution (attempt 3)
			`feedback: {hints-after: 2}`                   | field 'feedback.hints-after' is not a known field
			`starter: docker run web:1.4`                  | ``
			""")
	void feedbackAndStarterAreReadAndChecked(String field, String refusal) {
		String spec = VALID.replace("solution:", field + "\nsolution:");
		if (refusal.isEmpty()) {
			Exercise exercise = this.reader.read(FILE, spec);
			assertThat(exercise.feedback().solutionAfter()).isIn(4, Exercise.Feedback.NEVER);
		}
		else {
			assertThatThrownBy(() -> this.reader.read(FILE, spec)).hasMessageContaining(refusal);
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
