package io.cagelab.security;

import reactor.core.publisher.Mono;

/**
 * Where a trainer's scope comes from: the classes, which know who teaches whom.
 */
public interface TeachingScopes {

	/** Return the classes a trainer owns or assists in, with their learners and assigned exercises. */
	Mono<Viewer.TeachingScope> scopeOf(long trainerId);

}
