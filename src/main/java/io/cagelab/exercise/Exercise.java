package io.cagelab.exercise;

import java.nio.file.Path;
import java.util.Map;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxProfile;

/**
 * An exercise as its trainer wrote it.
 *
 * @param id unique across the course, the name of its folder
 * @param module the course module it belongs to
 * @param kind what the learner hands in: {@code lab} (work in the sandbox), {@code run}, {@code dockerfile},
 * {@code compose} or {@code quiz}
 * @param sandbox what its sandbox needs, within the floor
 * @param folder where its spec and instructions ({@code README.en.md}, {@code README.fr.md}) are
 */
public record Exercise(String id, String module, String kind, Map<Language, String> titles, SandboxProfile sandbox,
		Path folder) {

	public String title(Language language) {
		return this.titles.getOrDefault(language, this.titles.get(Language.EN));
	}

}
