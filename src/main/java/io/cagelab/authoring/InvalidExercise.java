package io.cagelab.authoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.exercise.SpecProblem;
import io.cagelab.web.Refusal;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;

/** A body that cannot be saved: 422 with every problem found in it, each with its place, nothing saved. */
class InvalidExercise extends Refusal {

	private final transient List<SpecProblem> problems;

	InvalidExercise(List<SpecProblem> problems) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "authoring.invalid", problems.size());
		this.problems = List.copyOf(problems);
	}

	List<SpecProblem> problems() {
		return this.problems;
	}

	@Override
	public Map<String, Object> properties(MessageSource messages, Locale locale) {
		return Map.of("problems", ProblemView.of(this.problems, messages, locale));
	}

}
