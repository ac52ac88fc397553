package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer against every shipped exercise: what it writes reads back as the same exercise, writing that again
 * gives the same text, and the text keeps what the author wrote but comments.
 */
class ExerciseSpecWriterTests {

	static final Path EXERCISES = Path.of("exercises");

	final ExerciseSpecReader reader = new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor());

	static List<Path> shippedSpecs() throws IOException {
		try (Stream<Path> files = Files.find(EXERCISES, 3, (path, attributes) -> path.endsWith("exercise.yaml"))) {
			return files.sorted().toList();
		}
	}

	@ParameterizedTest
	@MethodSource("shippedSpecs")
	void writingThenReadingGivesTheSameExercise(Path file) throws IOException {
		Exercise read = this.reader.read(file, Files.readString(file));
		String written = ExerciseSpecWriter.write(read);
		assertThat(this.reader.read(file, written)).isEqualTo(read);
		assertThat(ExerciseSpecWriter.write(this.reader.read(file, written))).as("a written spec is written the same")
			.isEqualTo(written);
	}

	/**
	 * The canonical form against the hand-written file: the top-level keys in their fixed order, a solution of
	 * several lines as a literal block.
	 */
	@ParameterizedTest
	@MethodSource("shippedSpecs")
	void aHandWrittenSpecIsWrittenInTheCanonicalOrder(Path file) throws IOException {
		String original = Files.readString(file);
		Exercise exercise = this.reader.read(file, original);
		String written = ExerciseSpecWriter.write(exercise);
		List<String> keys = written.lines().filter((line) -> line.matches("[a-z-]+:.*"))
			.map((line) -> line.substring(0, line.indexOf(':'))).toList();
		List<String> order = List.of("id", "module", "kind", "title", "feedback", "sandbox", "checks", "starter",
				"solution", "wrong-answers");
		assertThat(keys).isSubsetOf(order).isSortedAccordingTo(java.util.Comparator.comparing(order::indexOf));
		if (exercise.solution().contains("\n")) {
			assertThat(written).contains("\nsolution: |\n");
		}
	}

	/**
	 * How close the canonical form stays to the hand-written files: the share of their lines, comments and blank
	 * lines left out, that the written spec has as they are. Measured, and kept above a floor.
	 */
	@Test
	void theCanonicalFormKeepsMostHandWrittenLines() throws IOException {
		long kept = 0;
		long total = 0;
		for (Path file : shippedSpecs()) {
			String original = Files.readString(file);
			java.util.Set<String> written = new java.util.HashSet<>(
					ExerciseSpecWriter.write(this.reader.read(file, original)).lines().toList());
			for (String line : original.lines().toList()) {
				if (line.isBlank() || line.strip().startsWith("#")) {
					continue;
				}
				total++;
				kept += written.contains(line) ? 1 : 0;
			}
		}
		System.out.printf("Canonical form: %d of %d hand-written lines kept as they are (%.0f%%)%n", kept, total,
				100.0 * kept / total);
		assertThat(100.0 * kept / total).isGreaterThan(60);
	}

	@Test
	void changingOneHintChangesOnlyItsLine() throws IOException {
		Path file = EXERCISES.resolve("capabilities/capabilities-quiz/exercise.yaml");
		Exercise exercise = this.reader.read(file, Files.readString(file));
		List<Check> checks = new ArrayList<>(exercise.checks());
		Check.Quiz second = (Check.Quiz) checks.get(1);
		Map<Language, String> hints = new EnumMap<>(second.hints());
		hints.put(Language.EN, "Read the run reference's section on --privileged.");
		checks.set(1, new Check.Quiz(second.id(), second.question(), second.choices(), second.multiple(),
				second.answer(), second.explanation(), second.points(), hints, second.strongerHints()));
		Exercise edited = new Exercise(exercise.id(), exercise.module(), exercise.kind(), exercise.titles(),
				exercise.sandbox(), exercise.folder(), checks, exercise.solution(), exercise.wrongAnswers(),
				exercise.feedback(), exercise.starter());
		List<String> before = ExerciseSpecWriter.write(exercise).lines().toList();
		List<String> after = ExerciseSpecWriter.write(edited).lines().toList();
		assertThat(after).hasSameSizeAs(before);
		List<Integer> changed = new ArrayList<>();
		for (int i = 0; i < before.size(); i++) {
			if (!before.get(i).equals(after.get(i))) {
				changed.add(i);
			}
		}
		assertThat(changed).singleElement();
		assertThat(after.get(changed.get(0))).isEqualTo("      en: Read the run reference's section on --privileged.");
	}

	@Test
	void theWrittenFormIsTheDocumentedOne() {
		Exercise exercise = this.reader.read(ExerciseSpecReaderTests.FILE, """
				id: ex-1
				module: best-practices
				kind: run
				title: {en: "Limit: processes", fr: Limiter les processus}
				feedback: {fix-after: 2}
				sandbox: {memory: 128MB, cpus: 0.50, capabilities: [NET_BIND_SERVICE]}
				checks:
				  - id: pids
				    kind: rule
				    rule: HR-09
				    points: 2
				    hint: {en: Look at pids, fr: "Regardez les pids\u202f!"}
				  - id: user
				    kind: runtime
				    title: {en: "1000", fr: "1000"}
				    command: id -u
				    expect: {exit: 0, output: "^1000$"}
				    points: 1
				    hint: {en: a, fr: b}
				solution: |
				  docker run --pids-limit 10 \\
				    --user 1000 app:1
				wrong-answers:
				  - content: docker run app:1
				    fails: {user: "uid", pids: pids}
				""");
		assertThat(ExerciseSpecWriter.write(exercise)).isEqualTo("""
				id: ex-1
				module: best-practices
				kind: run
				title:
				  en: 'Limit: processes'
				  fr: Limiter les processus
				feedback:
				  fix-after: 2
				sandbox:
				  capabilities: [NET_BIND_SERVICE]
				  memory: 128MB
				  cpus: 0.5
				checks:
				  - id: pids
				    kind: rule
				    rule: HR-09
				    points: 2
				    hint:
				      en: Look at pids
				      fr: Regardez les pids\u202f!
				  - id: user
				    kind: runtime
				    title:
				      en: '1000'
				      fr: '1000'
				    command: id -u
				    expect:
				      exit: 0
				      output: ^1000$
				    points: 1
				    hint:
				      en: a
				      fr: b
				solution: |
				  docker run --pids-limit 10 \\
				    --user 1000 app:1
				wrong-answers:
				  - content: docker run app:1
				    fails:
				      pids: pids
				      user: uid
				""");
	}

	@Test
	void sizesAreWrittenInTheirLargestWholeUnit() {
		assertThat(ExerciseSpecWriter.size(DataSize.parse("128MB"))).isEqualTo("128MB");
		assertThat(ExerciseSpecWriter.size(DataSize.parse("1536KB"))).isEqualTo("1536KB");
		assertThat(ExerciseSpecWriter.size(DataSize.parse("2GB"))).isEqualTo("2GB");
		assertThat(ExerciseSpecWriter.size(DataSize.parse("1000B"))).isEqualTo("1000B");
	}

}
