package io.cagelab.classroom;

import java.time.Instant;

import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The classes page: the classes a learner joined, or the ones a trainer teaches.
 */
@Controller
class ClassesPageController {

	private final ClassroomService classrooms;

	ClassesPageController(ClassroomService classrooms) {
		this.classrooms = classrooms;
	}

	/** A class as a card shows it. */
	record ClassCard(String id, String name, Instant opensAt, Instant closesAt, int exerciseCount, String joinCode,
			boolean teaching) {
	}

	@GetMapping("/classes")
	Mono<String> page(Viewer viewer, @RequestParam(required = false) String joined, Model model) {
		return this.classrooms.list(viewer)
			.map((classroom) -> new ClassCard(classroom.id(), classroom.name(), classroom.opensAt(), classroom.closesAt(),
					classroom.exercises().size(),
					viewer.teaches(classroom.id()) ? JoinCodes.display(classroom.joinCode()) : null,
					viewer.teaches(classroom.id())))
			.collectList()
			.map((cards) -> {
				model.addAttribute("classes", cards);
				model.addAttribute("joinedName", cards.stream().filter((card) -> card.id().equals(joined))
					.map(ClassCard::name).findFirst().orElse(null));
				return "classes/list";
			});
	}

}
