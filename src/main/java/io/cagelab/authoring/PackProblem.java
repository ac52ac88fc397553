package io.cagelab.authoring;

import java.util.List;
import java.util.Locale;

import io.cagelab.exercise.SpecProblem;

import org.springframework.context.MessageSource;

/**
 * One thing wrong with an imported pack: the entry it concerns, as its path inside the archive
 * ({@code best-practices/x/exercise.yaml}; empty for the whole pack), and the problem, placed in that file.
 */
record PackProblem(String file, SpecProblem problem) {

	static PackProblem of(String file, String key, Object... arguments) {
		return new PackProblem(file, new SpecProblem("", 0, 0, key, List.of(arguments)));
	}

	/** A pack's problem as the API shows it: the file, then the place in it and what is wrong, in the reader's language. */
	record View(String file, String path, int line, int column, String message) {

		static List<View> of(List<PackProblem> problems, MessageSource messages, Locale locale) {
			return problems.stream().map((problem) -> new View(problem.file(), problem.problem().path(),
					problem.problem().line(), problem.problem().column(),
					messages.getMessage(problem.problem(), locale))).toList();
		}

	}

}
