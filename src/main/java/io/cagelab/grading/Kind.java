package io.cagelab.grading;

import java.util.Locale;

/**
 * What a learner hands in to be graded statically.
 */
public enum Kind {

	/** Shell text holding one or more {@code docker run} lines. */
	RUN,

	DOCKERFILE,

	COMPOSE;

	/** Guess the kind from a file name, as the Docker tools name their files. */
	public static Kind ofFileName(String fileName) {
		String name = fileName.substring(fileName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
		if (name.startsWith("dockerfile") || name.endsWith(".dockerfile") || name.startsWith("containerfile")) {
			return DOCKERFILE;
		}
		if (name.contains("compose") && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
			return COMPOSE;
		}
		return RUN;
	}

}
