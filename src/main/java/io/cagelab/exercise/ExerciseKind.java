package io.cagelab.exercise;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the learner of an exercise hands in, as {@code kind:} names it in exercise.yaml. */
public enum ExerciseKind {

	/** Work in the sandbox's terminal, checked by probes. */
	LAB,

	/** A {@code docker run} line. */
	RUN,

	/** A Dockerfile. */
	DOCKERFILE,

	/** A compose file. */
	COMPOSE,

	/** Answers to questions. */
	QUIZ;

	/** The kinds' names as the files write them, in the enum's order. */
	public static final List<String> CODES = Arrays.stream(values()).map(ExerciseKind::code).toList();

	/** The name exercise.yaml, the pages and the database use. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether learners hand in an artifact (a run line, a Dockerfile, a compose file) to be graded. */
	public boolean takesArtifact() {
		return this == RUN || this == DOCKERFILE || this == COMPOSE;
	}

	public static Optional<ExerciseKind> of(String code) {
		return Arrays.stream(values()).filter((kind) -> kind.code().equals(code)).findFirst();
	}

}
