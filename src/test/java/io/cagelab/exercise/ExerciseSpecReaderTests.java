package io.cagelab.exercise;

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

	@Test
	void aValidSpecIsRead() {
		Exercise exercise = this.reader.read(FILE, VALID);
		assertThat(exercise.title(Language.FR)).isEqualTo("Limiter les processus");
		assertThat(exercise.checks()).singleElement().satisfies((check) -> {
			assertThat(check.rule()).isEqualTo("HR-09");
			assertThat(check.points()).isEqualTo(2);
			assertThat(check.hint(Language.EN)).isEqualTo("Look at pids");
		});
		assertThat(exercise.maxScore()).isEqualTo(2);
		assertThat(exercise.takesArtifact()).isTrue();
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`rule: HR-09`                   | `rule: HR-99`                   | exercise.yaml:8: field 'checks[].rule' is 'HR-99', which is not a known rule id
			`rule: HR-09`                   | `rule: HR-32`                   | HR-32 does not apply to a run exercise
			`points: 2`                     | `points: none`                  | exercise.yaml:9: field 'checks[].points' must be a whole number above 0
			`kind: rule`                    | `kind: quiz`                    | field 'checks[].kind' is 'quiz'
			`hint: {en: Look at pids, fr: Regardez les pids}` | `hint: {en: Look at pids}` | field 'hint.fr' is missing
			`title: {en: Limit processes, fr: Limiter les processus}` | `title: {en: Limit processes}` | field 'title.fr' is missing
			`solution: docker run --pids-limit 10 app:1` | ``              | such an exercise needs checks and a solution
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

}
