package io.cagelab.classroom;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import io.cagelab.progress.ClassProgress;
import io.cagelab.progress.ProgressExports;
import io.cagelab.progress.ProgressQueries;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A class's progress, as JSON and as CSV downloads, for its trainers, its assistants and admins; anyone else gets 404.
 */
@RestController
class ClassProgressController {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final ClassroomService classrooms;

	private final ProgressQueries progress;

	private final ProgressExports exports;

	ClassProgressController(ClassroomService classrooms, ProgressQueries progress, ProgressExports exports) {
		this.classrooms = classrooms;
		this.progress = progress;
		this.exports = exports;
	}

	@GetMapping("/api/classes/{id}/progress")
	Mono<ClassProgress> progress(Viewer viewer, @PathVariable String id) {
		return this.classrooms.get(viewer, id).flatMap((classroom) -> this.progress.classProgress(classroom.id()));
	}

	@GetMapping("/api/classes/{id}/gradebook.csv")
	Mono<ResponseEntity<String>> gradebook(Viewer viewer, @PathVariable String id) {
		return this.classrooms.get(viewer, id).flatMap((classroom) -> this.exports.gradebook(classroom.id())
			.map((csv) -> download(classroom, "gradebook", csv)));
	}

	@GetMapping("/api/classes/{id}/checks.csv")
	Mono<ResponseEntity<String>> checks(Viewer viewer, @PathVariable String id) {
		return this.classrooms.get(viewer, id).flatMap((classroom) -> this.exports.checks(classroom.id())
			.map((csv) -> download(classroom, "checks", csv)));
	}

	private static ResponseEntity<String> download(Classroom classroom, String what, String csv) {
		return ResponseEntity.ok()
			.contentType(CSV)
			.header("Content-Disposition", ContentDisposition.attachment()
				.filename(fileName(classroom.name()) + "-" + what + ".csv").build().toString())
			.body(csv);
	}

	/**
	 * Return a class name as a file name any system and browser keeps: accents dropped, anything but letters, digits,
	 * dots and dashes turned into dashes.
	 */
	private static String fileName(String className) {
		String ascii = Normalizer.normalize(className, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		String name = ascii.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
		return name.isEmpty() ? "class" : name;
	}

}
