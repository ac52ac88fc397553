package io.cagelab.sandbox;

import reactor.core.publisher.Mono;

/**
 * Where sandbox profiles come from: the exercises, which know what each of their labs needs.
 */
public interface SandboxProfiles {

	/** Return the profile of an exercise's sandbox, or nothing when there is no such exercise. */
	Mono<SandboxProfile> profileFor(String exerciseId);

	/** Return the profile of a lab's own sandbox, or nothing when the exercise is not a lab or does not exist. */
	Mono<SandboxProfile> labProfileFor(String exerciseId);

	/**
	 * Return the profile a lab's draft asks for as its files are now (the folder authoring edits, served to learners
	 * or not), or nothing when there is no such lab or its spec has problems: what a preview's sandbox runs with.
	 */
	Mono<SandboxProfile> draftLabProfileFor(String exerciseId);

}
