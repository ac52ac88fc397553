package io.cagelab.authoring;

import java.util.List;
import java.util.Locale;

import io.cagelab.exercise.SpecProblem;

import org.springframework.context.MessageSource;

/** A spec's problem as the API shows it: where it is, and what is wrong in the reader's language. */
record ProblemView(String path, int line, int column, String message) {

	static List<ProblemView> of(List<SpecProblem> problems, MessageSource messages, Locale locale) {
		return problems.stream().map((problem) -> new ProblemView(problem.path(), problem.line(), problem.column(),
				messages.getMessage(problem, locale))).toList();
	}

}
