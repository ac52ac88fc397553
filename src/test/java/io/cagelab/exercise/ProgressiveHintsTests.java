package io.cagelab.exercise;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a learner's results disclose, attempt by attempt, on every shipped exercise: a hint, then a stronger one, the
 * rules' exact fixes and the reference solution only after the attempts a hand-in sets.
 */
class ProgressiveHintsTests {

	/** An option of a run line ({@code --pids-limit}) or a key of a compose file ({@code pids_limit}). */
	private static final Pattern FIX_TOKEN = Pattern.compile("--[a-z][a-z-]+|\\b[a-z]+_[a-z_]+\\b");

	final ExerciseSpecReader reader = new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor());

	@Test
	void everyCheckButAQuestionHasAStrongerHintInBothLanguagesThatIsNotItsHint() throws IOException {
		List<String> faults = new ArrayList<>();
		int checks = 0;
		for (Exercise exercise : shipped()) {
			for (Check check : exercise.checks()) {
				if (check instanceof Check.Quiz) {
					continue;
				}
				checks++;
				for (Language language : List.of(Language.EN, Language.FR)) {
					String hint = check.hints().get(language);
					String stronger = check.strongerHints().get(language);
					if (stronger == null || stronger.isBlank()) {
						faults.add(exercise.id() + "/" + check.id() + ": no stronger hint in " + language);
					}
					else if (stronger.strip().equalsIgnoreCase((hint != null) ? hint.strip() : "")) {
						faults.add(exercise.id() + "/" + check.id() + ": the stronger hint is the hint, in " + language);
					}
				}
			}
		}
		assertThat(checks).as("checks that are not questions").isGreaterThan(100);
		assertThat(faults).isEmpty();
	}

	/** A hand-in holds each rule's exact fix back for one attempt, and shows its solution after a few more. */
	@Test
	void everyHandInHoldsItsFixesBackThenShowsItsSolution() throws IOException {
		List<Exercise> handIns = shipped().stream().filter(Exercise::takesArtifact).toList();
		assertThat(handIns).hasSizeGreaterThanOrEqualTo(14);
		for (Exercise exercise : handIns) {
			assertThat(exercise.feedback().fixAfter()).as(exercise.id() + " fix-after").isEqualTo(2);
			assertThat(exercise.feedback().solutionAfter()).as(exercise.id() + " solution-after").isBetween(3, 4);
		}
	}

	/**
	 * A lab's solution is a script played in the sandbox, never shown to a learner, and its probes are earned by doing
	 * the work: a solution-after would show nothing and only turn the later attempts into practice, never recorded.
	 */
	@Test
	void noLabSetsASolutionAfter() throws IOException {
		for (Exercise exercise : shipped()) {
			if (exercise.kind() == ExerciseKind.LAB) {
				assertThat(exercise.feedback()).as(exercise.id()).isEqualTo(Exercise.Feedback.DEFAULT);
			}
		}
	}

	/**
	 * While a rule's fix is held back, its hint is shown beside the message's first sentence: it must not name the
	 * option or the compose key that the rest of the message gives as the fix.
	 */
	@Test
	void aHintShownWhileTheFixIsHeldBackDoesNotNameTheFix() throws IOException {
		Properties rules = new Properties();
		try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/grading/rules.properties"))) {
			rules.load(in);
		}
		List<String> faults = new ArrayList<>();
		for (Exercise exercise : shipped()) {
			if (exercise.feedback().fixAfter() < 2) {
				continue;
			}
			for (Check check : exercise.checks()) {
				if (!(check instanceof Check.Rule rule)) {
					continue;
				}
				Set<String> fixes = new TreeSet<>();
				rules.stringPropertyNames().stream().filter((key) -> key.startsWith(rule.rule() + ".fail"))
					.map(rules::getProperty)
					.forEach((message) -> tokens(message.substring(TextRenderer.withoutFix(message).length()), fixes));
				Set<String> named = new TreeSet<>();
				tokens(check.hint(Language.EN), named);
				named.retainAll(fixes);
				if (!named.isEmpty()) {
					faults.add(exercise.id() + "/" + check.id() + " names " + named + " in its hint");
				}
			}
		}
		assertThat(faults).isEmpty();
	}

	private static void tokens(String text, Set<String> into) {
		Matcher token = FIX_TOKEN.matcher(text);
		while (token.find()) {
			into.add(token.group());
		}
	}

	private List<Exercise> shipped() throws IOException {
		List<Exercise> exercises = new ArrayList<>();
		for (Path file : ExerciseSpecWriterTests.shippedSpecs()) {
			exercises.add(this.reader.read(file, Files.readString(file)));
		}
		return exercises;
	}

}
