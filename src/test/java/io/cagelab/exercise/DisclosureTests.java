package io.cagelab.exercise;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What an attempt discloses, by its number: the hint, then a stronger one, the fix, the solution and the answers. */
class DisclosureTests {

	@Test
	void theFirstAttemptGetsTheHintTheSecondAStrongerOneAndTheThirdTheSolution() {
		Exercise.Feedback feedback = new Exercise.Feedback(2, 3);
		Disclosure first = new Disclosure(1, feedback);
		assertThat(first.strongerHints()).isFalse();
		assertThat(first.fixes()).isFalse();
		assertThat(first.solution(false)).isFalse();
		assertThat(first.answer(false)).isFalse();
		assertThat(first.answer(true)).as("a question answered right shows its answer").isTrue();
		assertThat(first.solution(true)).as("full marks show the solution").isTrue();

		Disclosure second = new Disclosure(2, feedback);
		assertThat(second.strongerHints()).isTrue();
		assertThat(second.fixes()).isTrue();
		assertThat(second.solution(false)).isFalse();

		Disclosure third = new Disclosure(3, feedback);
		assertThat(third.solution(false)).isTrue();
		assertThat(third.answer(false)).isTrue();
	}

	@Test
	void byDefaultEveryFixIsShownAtOnceAndTheSolutionOnlyOnceEarned() {
		Disclosure first = new Disclosure(1, Exercise.Feedback.DEFAULT);
		assertThat(first.fixes()).isTrue();
		assertThat(first.solution(false)).isFalse();
		assertThat(new Disclosure(1000, Exercise.Feedback.DEFAULT).solution(false)).isFalse();
		assertThat(new Disclosure(1000, Exercise.Feedback.DEFAULT).afterTheAnswers()).isFalse();
		assertThat(new Disclosure(1, Exercise.Feedback.DEFAULT).solution(true)).isTrue();
		assertThat(Disclosure.everything().solution(false)).isTrue();
	}

	@Test
	void attemptsAfterTheOneThatShowedTheAnswersArePractice() {
		Exercise.Feedback third = new Exercise.Feedback(1, 3);
		assertThat(new Disclosure(3, third).afterTheAnswers()).isFalse();
		assertThat(new Disclosure(4, third).afterTheAnswers()).isTrue();
	}

	/** Every rule message says what is wrong and why in its first sentence; what is held back is only the rest. */
	@ParameterizedTest
	@ValueSource(strings = { "grading/rules.properties", "grading/rules_fr.properties" })
	void everyRuleMessageNamesTheProblemBeforeItsFix(String bundle) throws IOException {
		Properties messages = new Properties();
		try (Reader reader = new InputStreamReader(getClass().getClassLoader().getResourceAsStream(bundle),
				StandardCharsets.UTF_8)) {
			messages.load(reader);
		}
		assertThat(messages.stringPropertyNames()).isNotEmpty();
		for (String key : messages.stringPropertyNames()) {
			if (!key.contains(".fail")) {
				continue;
			}
			String message = messages.getProperty(key);
			String problem = TextRenderer.withoutFix(message);
			assertThat(problem).as(key).isNotBlank().endsWith(".");
			assertThat(problem.length()).as(key + ": something left to disclose").isLessThan(message.length());
		}
	}

	@Test
	void theFixIsWhatComesAfterTheFirstSentence() {
		assertThat(TextRenderer.withoutFix("No valid process limit: one fork bomb (:(){ :|:& };:) can exhaust the"
				+ " host's process table. Add --pids-limit, for example --pids-limit 100."))
			.isEqualTo("No valid process limit: one fork bomb (:(){ :|:& };:) can exhaust the host's process table.");
		assertThat(TextRenderer.withoutFix("The container keeps 14 capabilities (CHOWN, SETUID...), most unused. Drop"
				+ " them.")).isEqualTo("The container keeps 14 capabilities (CHOWN, SETUID...), most unused.");
	}

}
