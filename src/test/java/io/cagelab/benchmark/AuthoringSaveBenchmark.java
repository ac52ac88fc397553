package io.cagelab.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.Percentiles;
import org.junit.jupiter.api.Test;

/**
 * Saving an exercise through the authoring API, from request to answer: the spec validated, the version claimed, three
 * files written and flushed, the exercise read back. 50 saves of a shipped exercise's spec with its instructions,
 * reported in {@code target/benchmarks/authoring-save.txt}, not asserted. Not part of the test suite:
 * {@code ./mvnw test -Dtest=AuthoringSaveBenchmark}.
 */
class AuthoringSaveBenchmark extends IntegrationTest {

	@Test
	void timeToSaveAnExercise() throws Exception {
		BrowserSession trainer = loggedIn("bench-author", "TRAINER");
		Path shipped = Path.of("exercises/best-practices/harden-a-run-line");
		String spec = Files.readString(shipped.resolve("exercise.yaml")).replace("id: harden-a-run-line", "id: bench-save");
		java.util.Map<String, Object> body = new java.util.HashMap<>(java.util.Map.of("spec", spec, "readme",
				java.util.Map.of("en", Files.readString(shipped.resolve("README.en.md")), "fr",
						Files.readString(shipped.resolve("README.fr.md")))));
		trainer.postJson("/api/authoring/exercises", body).expectStatus().isCreated();
		List<Double> saves = new ArrayList<>();
		for (int version = 1; version <= 50; version++) {
			body.put("version", version);
			long started = System.nanoTime();
			trainer.client().put().uri("/api/authoring/exercises/bench-save").header("X-XSRF-TOKEN", trainer.csrfToken())
				.bodyValue(body).exchange().expectStatus().isOk();
			saves.add((System.nanoTime() - started) / 1e6);
		}
		String report = "Saving an exercise (PUT /api/authoring/exercises/{id}, " + spec.length() + " chars of spec), 50 saves:\n"
				+ "  p50 " + Math.round(Percentiles.of(saves, 0.5)) + " ms, p95 " + Math.round(Percentiles.of(saves, 0.95))
				+ " ms, max " + Math.round(saves.stream().mapToDouble(Double::doubleValue).max().orElse(0)) + " ms\n";
		System.out.print(report);
		Files.writeString(Files.createDirectories(Path.of("target", "benchmarks")).resolve("authoring-save.txt"), report);
	}

}
