package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.cagelab.course.CoursePath;
import io.cagelab.course.Language;

/**
 * One module's labs as the list of labs shows them: the module's number and title in the reader's language, then its
 * labs in the course's order.
 *
 * @param number the module's place in the course, or 0 for labs outside every module
 * @param moduleId the module's id, or {@code null} for labs outside every module
 */
record LabGroup(int number, String moduleId, String title, List<Lab> labs) {

	/** A lab in the list: what it is called and what the learner hands in ({@code lab} for the terminal). */
	record Lab(String id, String kind, String title) {
	}

	/** Group the exercises by the course's modules, in its order; those the course does not list go last. */
	static List<LabGroup> of(CoursePath path, List<Exercise> exercises, Language language) {
		Map<String, LabGroup> groups = new LinkedHashMap<>();
		for (CoursePath.Step step : path.steps()) {
			groups.computeIfAbsent(step.module().id(), (id) -> new LabGroup(step.module().number(), id,
					step.module().page(language).title(), new ArrayList<>()))
				.labs()
				.add(new Lab(step.activity().id(), step.activity().kind(), step.activity().title()));
		}
		Set<String> listed = path.steps().stream().map((step) -> step.activity().id()).collect(Collectors.toSet());
		List<Lab> others = exercises.stream().filter((exercise) -> !listed.contains(exercise.id()))
			.map((exercise) -> new Lab(exercise.id(), exercise.kind().code(), exercise.title(language)))
			.toList();
		List<LabGroup> all = new ArrayList<>(groups.values());
		if (!others.isEmpty()) {
			all.add(new LabGroup(0, null, null, others));
		}
		return all.stream().map((group) -> new LabGroup(group.number(), group.moduleId(), group.title(),
				List.copyOf(group.labs()))).toList();
	}

}
