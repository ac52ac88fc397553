package io.cagelab.exercise;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where the catalog finds the exercises published to learners, each publication a version frozen as it was proven:
 * the catalog reads them with the same reader as the folders. Authoring keeps them; the catalog only reads them, so
 * that this package never depends on the one that edits exercises.
 */
public interface PublishedExercises {

	/** None published: a catalog of the folders alone. */
	PublishedExercises NONE = new PublishedExercises() {

		@Override
		public Mono<List<Publication>> latest() {
			return Mono.just(List.of());
		}

		@Override
		public Mono<Publication> at(String exerciseId, int version) {
			return Mono.empty();
		}

	};

	/**
	 * One version of an exercise as it was published: its spec and instructions, never changed afterwards.
	 *
	 * @param version the authored version published, from 1
	 */
	record Publication(String exerciseId, int version, String module, String spec, String readmeEn, String readmeFr) {
	}

	/** The latest publication of each published exercise. */
	Mono<List<Publication>> latest();

	/** One version of an exercise as it was published, or nothing when that version was never published. */
	Mono<Publication> at(String exerciseId, int version);

}
