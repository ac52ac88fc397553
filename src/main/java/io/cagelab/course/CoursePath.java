package io.cagelab.course;

import java.util.List;
import java.util.Optional;

/**
 * Every lab and exercise of the course, in the order the course takes them.
 */
public record CoursePath(List<Step> steps) {

	/** One lab or exercise, with the module it belongs to. */
	public record Step(CourseModule module, ModuleActivities.Activity activity) {
	}

	public CoursePath {
		steps = List.copyOf(steps);
	}

	/** Return the exercise ids in course order. */
	public List<String> exerciseIds() {
		return this.steps.stream().map((step) -> step.activity().id()).toList();
	}

	/** Return the ids of one module's exercises, in course order. */
	public List<String> exerciseIds(String moduleId) {
		return this.steps.stream().filter((step) -> step.module().id().equals(moduleId))
			.map((step) -> step.activity().id()).toList();
	}

	public Optional<Step> step(String exerciseId) {
		return this.steps.stream().filter((step) -> step.activity().id().equals(exerciseId)).findFirst();
	}

	/** Return the step after an exercise: nothing after the last one, or for an exercise outside the course. */
	public Optional<Step> after(String exerciseId) {
		List<String> ids = exerciseIds();
		int index = ids.indexOf(exerciseId);
		return (index >= 0 && index < ids.size() - 1) ? Optional.of(this.steps.get(index + 1)) : Optional.empty();
	}

}
