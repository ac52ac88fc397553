package io.cagelab.progress;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A learner's marks on every exercise they tried, by exercise id; an exercise they never handed in has none.
 */
public record LearnerMarks(Map<String, ExerciseMark> byExercise) {

	public static final LearnerMarks NONE = new LearnerMarks(Map.of());

	public LearnerMarks {
		byExercise = Map.copyOf(byExercise);
	}

	/** Return the mark on an exercise, or {@code null} when the learner has not handed it in. */
	public ExerciseMark mark(String exerciseId) {
		return this.byExercise.get(exerciseId);
	}

	public boolean passed(String exerciseId) {
		ExerciseMark mark = mark(exerciseId);
		return mark != null && mark.passed();
	}

	/** Count the exercises among these that the learner passed. */
	public int passedAmong(Collection<String> exerciseIds) {
		return (int) exerciseIds.stream().filter(this::passed).count();
	}

	/** Tell whether the learner has handed in anything yet. */
	public boolean isEmpty() {
		return this.byExercise.isEmpty();
	}

	/**
	 * Return where the learner should go on, among exercises in course order: the exercise of their latest attempt
	 * while it is not passed, else the next one not passed after it, coming round to the start; nothing when every
	 * exercise is passed.
	 */
	public Optional<String> resumeAt(List<String> courseOrder) {
		Optional<ExerciseMark> latest = courseOrder.stream().map(this::mark).filter(Objects::nonNull)
			.max(Comparator.comparing(ExerciseMark::lastAttemptAt));
		if (latest.isPresent() && !latest.get().passed()) {
			return Optional.of(latest.get().exerciseId());
		}
		int from = latest.map((mark) -> courseOrder.indexOf(mark.exerciseId())).orElse(-1);
		for (int step = 1; step <= courseOrder.size(); step++) {
			String exerciseId = courseOrder.get(Math.floorMod(from + step, courseOrder.size()));
			if (!passed(exerciseId)) {
				return Optional.of(exerciseId);
			}
		}
		return Optional.empty();
	}

}
