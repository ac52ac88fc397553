package io.cagelab.classroom;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.cagelab.security.Viewer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The classes JSON API: a trainer's own classes, an assistant's, every class for an admin; anything else is 404.
 */
@RestController
class ClassroomController {

	private final ClassroomService classrooms;

	ClassroomController(ClassroomService classrooms) {
		this.classrooms = classrooms;
	}

	@PostMapping("/api/classes")
	Mono<ResponseEntity<ClassView>> create(Viewer viewer, @RequestBody ClassroomService.Settings settings,
			ServerWebExchange exchange) {
		return this.classrooms.create(viewer, settings).flatMap((classroom) -> view(classroom, exchange))
			.map((view) -> ResponseEntity.created(URI.create("/api/classes/" + view.id())).body(view));
	}

	@GetMapping("/api/classes")
	Flux<ClassView> list(Viewer viewer, ServerWebExchange exchange) {
		return this.classrooms.list(viewer).concatMap((classroom) -> view(classroom, exchange)
			.map((view) -> viewer.teaches(classroom.id()) ? view : view.forLearner()));
	}

	@GetMapping("/api/classes/{id}")
	Mono<ClassView> get(Viewer viewer, @PathVariable String id, ServerWebExchange exchange) {
		return this.classrooms.get(viewer, id).flatMap((classroom) -> view(classroom, exchange));
	}

	@PatchMapping("/api/classes/{id}")
	Mono<ClassView> update(Viewer viewer, @PathVariable String id, @RequestBody ClassroomService.Settings settings,
			ServerWebExchange exchange) {
		return this.classrooms.update(viewer, id, settings).flatMap((classroom) -> view(classroom, exchange));
	}

	@DeleteMapping("/api/classes/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Viewer viewer, @PathVariable String id) {
		return this.classrooms.delete(viewer, id);
	}

	@PostMapping("/api/classes/{id}/join-code")
	Mono<ClassView> rotateJoinCode(Viewer viewer, @PathVariable String id, ServerWebExchange exchange) {
		return this.classrooms.rotateJoinCode(viewer, id).flatMap((classroom) -> view(classroom, exchange));
	}

	private Mono<ClassView> view(Classroom classroom, ServerWebExchange exchange) {
		String code = JoinCodes.display(classroom.joinCode());
		String joinUrl = (code != null) ? exchange.getRequest().getURI().resolve("/join/" + code).toString() : null;
		return Mono.zip(this.classrooms.assistantNames(classroom), this.classrooms.learnerCount(classroom.id()))
			.map((both) -> new ClassView(classroom.id(), classroom.name(), code, joinUrl, classroom.exercises(),
					classroom.opensAt(), classroom.closesAt(), classroom.seats(), both.getT1(), both.getT2(),
					classroom.createdAt()));
	}

	/**
	 * A class as its trainers see it; a learner sees its name, window and exercises, never its code.
	 */
	record ClassView(String id, String name, String joinCode, String joinUrl, List<String> exercises, Instant opensAt,
			Instant closesAt, Integer seats, List<String> assistants, Long learners, Instant createdAt) {

		ClassView forLearner() {
			return new ClassView(this.id, this.name, null, null, this.exercises, this.opensAt, this.closesAt, null,
					List.of(), null, this.createdAt);
		}

	}

}
