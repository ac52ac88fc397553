package io.cagelab.course;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * What a learner can do after reading a module: its labs and exercises, from wherever exercises come from.
 */
public interface ModuleActivities {

	/**
	 * One lab or exercise.
	 *
	 * @param kind {@code lab}, {@code quiz}, {@code run}, {@code dockerfile} or {@code compose}
	 */
	record Activity(String id, String kind, String title) {
	}

	Mono<List<Activity>> activities(String moduleId, Language language);

}
