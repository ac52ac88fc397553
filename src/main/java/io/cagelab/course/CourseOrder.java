package io.cagelab.course;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The order the course takes its labs and exercises in: module by module, each module's activities in the order its
 * page lists them.
 */
@Service
public class CourseOrder {

	private final CourseCatalog catalog;

	private final ModuleActivities activities;

	CourseOrder(CourseCatalog catalog, ModuleActivities activities) {
		this.catalog = catalog;
		this.activities = activities;
	}

	/** Return the course's path, with titles in the wanted language. */
	public Mono<CoursePath> path(Language language) {
		return this.catalog.modules()
			.flatMapMany(Flux::fromIterable)
			.concatMap((module) -> this.activities.activities(module.id(), language)
				.flatMapIterable((activities) -> activities)
				.map((activity) -> new CoursePath.Step(module, activity)))
			.collectList()
			.map(CoursePath::new);
	}

}
