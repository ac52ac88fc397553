package io.cagelab.classroom;

import java.time.Instant;

import io.cagelab.progress.LearnerProgress;
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

	private final LearnerProgress progress;

	ClassesPageController(ClassroomService classrooms, LearnerProgress progress) {
		this.classrooms = classrooms;
		this.progress = progress;
	}

	/**
	 * A class as a card shows it.
	 *
	 * @param passed how many of its exercises the viewer passed, when the viewer learns in it
	 */
	record ClassCard(String id, String name, Instant opensAt, Instant closesAt, int exerciseCount, String joinCode,
			boolean teaching, int passed) {
	}

	@GetMapping("/classes")
	Mono<String> page(Viewer viewer, @RequestParam(required = false) String joined, Model model) {
		return this.progress.marks(viewer, viewer.accountId()).flatMap((marks) -> this.classrooms.list(viewer)
			.map((classroom) -> new ClassCard(classroom.id(), classroom.name(), classroom.opensAt(), classroom.closesAt(),
					classroom.exercises().size(),
					viewer.teaches(classroom.id()) ? JoinCodes.display(classroom.joinCode()) : null,
					viewer.teaches(classroom.id()), marks.passedAmong(classroom.exercises())))
			.collectList())
			.map((cards) -> {
				model.addAttribute("classes", cards);
				model.addAttribute("mayCreate", viewer.mayTeach());
				model.addAttribute("joinedName", cards.stream().filter((card) -> card.id().equals(joined))
					.map(ClassCard::name).findFirst().orElse(null));
				return "classes/list";
			});
	}

}
