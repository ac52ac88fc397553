package io.cagelab.exercise;

import java.nio.file.Path;
import java.util.List;

/**
 * One exercise folder the catalog found, valid or not: what trainers and admins see, problems included; learners see
 * only the valid shipped ones, and the publications of authored ones, never an authored folder itself.
 *
 * @param id the exercise's id, from its folder's name
 * @param module its module, from the folder above
 * @param folder where {@code exercise.yaml} and the instructions are
 * @param shipped whether it comes from the installation's exercises folder, rather than the authored tree under the
 * data folder
 * @param exercise the exercise, null when its spec has problems
 * @param problems what is wrong with its spec, empty when valid
 */
public record CatalogEntry(String id, String module, Path folder, boolean shipped, Exercise exercise,
		List<SpecProblem> problems) {

	public CatalogEntry {
		problems = List.copyOf(problems);
	}

	public boolean valid() {
		return this.problems.isEmpty();
	}

}
