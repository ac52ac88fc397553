package io.cagelab.exercise;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * @param checks what is graded, in order
 * @param solution the reference answer, which must earn full marks; empty for labs done in the sandbox
 */
public record Exercise(String id, String module, String kind, Map<Language, String> titles, SandboxProfile sandbox,
		Path folder, List<Check> checks, String solution) {

	/** Whether learners hand in an artifact (a run line, a Dockerfile, a compose file) to be graded. */
	public boolean takesArtifact() {
		return ARTIFACT_KINDS.contains(this.kind);
	}

	static final Set<String> ARTIFACT_KINDS = Set.of("run", "dockerfile", "compose");

	public int maxScore() {
		return this.checks.stream().mapToInt(Check::points).sum();
	}

	public String title(Language language) {
		return this.titles.getOrDefault(language, this.titles.get(Language.EN));
	}

}
