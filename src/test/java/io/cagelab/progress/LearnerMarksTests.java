package io.cagelab.progress;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a learner goes on, among the course's exercises a, b, c, d in that order.
 */
class LearnerMarksTests {

	static final List<String> COURSE = List.of("a", "b", "c", "d");

	/** Each mark is exercise, passed or tried, and the minute of its last attempt. */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			b:tried:1                     | b
			a:passed:1 b:tried:2          | b
			b:tried:2 a:passed:1          | b
			a:passed:2 b:tried:1          | b
			b:passed:3 a:tried:1          | c
			c:passed:1 d:passed:2         | a
			a:passed:1 b:passed:1 c:passed:1 d:passed:2 | none
			x:tried:5                     | a
			x:tried:5 c:passed:1          | d
			""")
	void theLatestAttemptWhileNotPassedElseTheNextNotPassedComingRound(String marks, String expected) {
		assertThat(marks(marks).resumeAt(COURSE)).isEqualTo(Optional.ofNullable(expected));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			a:passed:1 b:tried:2 x:passed:3 | 1
			a:passed:1 c:passed:2           | 2
			b:tried:1                       | 0
			""")
	void onlyPassedExercisesOfTheListCount(String marks, int passed) {
		assertThat(marks(marks).passedAmong(COURSE)).isEqualTo(passed);
	}

	private static LearnerMarks marks(String marks) {
		return new LearnerMarks(Arrays.stream(marks.trim().split("\\s+")).map((mark) -> {
			String[] parts = mark.split(":");
			int best = parts[1].equals("passed") ? 5 : 3;
			return new ExerciseMark(parts[0], best, 5, 1, Instant.EPOCH.plusSeconds(60L * Integer.parseInt(parts[2])));
		}).collect(Collectors.toMap(ExerciseMark::exerciseId, Function.identity())));
	}

}
