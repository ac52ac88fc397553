package io.cagelab.authoring;

import java.util.Locale;

/** Where an authored exercise stands: written, proven on the engine, or published to learners. */
public enum ExerciseState {

	/** Saved, not proven: only its owner and admins see it. Every save makes an exercise a draft again. */
	DRAFT,

	/** Its reference solution and wrong answers were proven on the real engine at its current version. */
	PROVEN,

	/** Its current version is the one learners are served, assignable to classes. */
	PUBLISHED;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
