package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cagelab.CagelabProperties;
import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog over a shipped tree and an authored tree in temporary folders: an invalid spec is kept with its
 * problems, learners are served only valid shipped exercises and publications, and an id taken in another module is a
 * problem.
 */
class CatalogTreesTests {

	static final String SPEC = ExerciseSpecReaderTests.VALID.replace("id: ex-1", "id: %s")
		.replace("module: best-practices", "module: %s");

	@TempDir
	Path root;

	@Test
	void invalidSpecsAreKeptWithTheirProblemsAndIdsAreUniqueAcrossBothTrees() throws IOException {
		Path shipped = this.root.resolve("exercises");
		Path data = this.root.resolve("data");
		write(shipped, "best-practices", "limit", SPEC.formatted("limit", "best-practices"));
		write(shipped, "best-practices", "broken", SPEC.formatted("broken", "best-practices").replace("HR-09", "HR-99"));
		write(data.resolve("exercises"), "capabilities", "limit", SPEC.formatted("limit", "capabilities"));
		write(data.resolve("exercises"), "best-practices", "limit", SPEC.formatted("limit", "best-practices"));
		write(data.resolve("exercises"), "best-practices", "mine", SPEC.formatted("mine", "best-practices"));
		ExerciseCatalog catalog = new ExerciseCatalog(new CagelabProperties(data, null, this.root, shipped),
				new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor()), PublishedExercises.NONE);

		List<CatalogEntry> entries = catalog.entries().block();
		assertThat(entries).extracting((entry) -> entry.module() + "/" + entry.id() + (entry.shipped() ? " shipped" : ""))
			.containsExactly("best-practices/broken shipped", "best-practices/limit shipped", "best-practices/limit",
					"best-practices/mine", "capabilities/limit");
		assertThat(entries.get(0).problems()).extracting(SpecProblem::located)
			.containsExactly("8:11: checks[0].rule: 'HR-99' is not a known rule id (HR-01 to HR-32).");
		assertThat(entries.get(2).valid()).as("an authored copy of a shipped exercise, same module and id").isTrue();
		assertThat(entries.get(4).problems()).extracting(SpecProblem::key).containsExactly("spec.id-taken");
		assertThat(entries.get(4).exercise()).isNull();
		assertThat(catalog.exercises().block()).as("learners: the valid shipped exercises only")
			.extracting(Exercise::id).containsExactly("limit");
		assertThat(catalog.exercises().block().get(0).folder()).isEqualTo(shipped.resolve("best-practices/limit"));
	}

	/**
	 * Learners are served the latest publication of each exercise beside the shipped ones, a publication of a
	 * shipped exercise's id in its place, never a draft's files; a past version is found as it was published.
	 */
	@Test
	void learnersAreServedTheLatestPublicationsBesideAndInPlaceOfTheShippedOnes() throws IOException {
		Path shipped = this.root.resolve("exercises");
		Path data = this.root.resolve("data");
		write(shipped, "best-practices", "limit", SPEC.formatted("limit", "best-practices"));
		write(shipped, "best-practices", "other", SPEC.formatted("other", "best-practices"));
		// The drafts as they are now: neither is what learners see.
		write(data.resolve("exercises"), "best-practices", "limit",
				SPEC.formatted("limit", "best-practices").replace("points: 2", "points: 9"));
		write(data.resolve("exercises"), "best-practices", "mine",
				SPEC.formatted("mine", "best-practices").replace("points: 2", "points: 9"));
		List<PublishedExercises.Publication> latest = List.of(
				new PublishedExercises.Publication("limit", 3, "best-practices",
						SPEC.formatted("limit", "best-practices").replace("points: 2", "points: 5"), "# Limit 3", "# L 3"),
				new PublishedExercises.Publication("mine", 2, "best-practices",
						SPEC.formatted("mine", "best-practices").replace("points: 2", "points: 4"), "# Mine", "# À moi"),
				new PublishedExercises.Publication("broken", 1, "best-practices", "id: broken\nkind: essay\n", "", ""));
		PublishedExercises publications = new PublishedExercises() {

			@Override
			public Mono<List<Publication>> latest() {
				return Mono.just(latest);
			}

			@Override
			public Mono<Publication> at(String exerciseId, int version) {
				return (exerciseId.equals("mine") && version == 1) ? Mono.just(new Publication("mine", 1,
						"best-practices", SPEC.formatted("mine", "best-practices"), "# Mine 1", "# À moi 1"))
						: Mono.empty();
			}

		};
		ExerciseCatalog catalog = new ExerciseCatalog(new CagelabProperties(data, null, this.root, shipped),
				new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor()), publications);

		List<Exercise> served = catalog.exercises().block();
		assertThat(served).extracting((exercise) -> exercise.id() + "@" + exercise.version() + " " + exercise.maxScore())
			.as("a publication the reader refuses is kept from learners")
			.containsExactly("limit@3 5", "mine@2 4", "other@0 2");
		assertThat(served.get(0).instructions()).containsEntry(Language.EN, "# Limit 3");
		assertThat(served.get(2).folder()).isEqualTo(shipped.resolve("best-practices/other"));
		assertThat(catalog.exerciseAt("limit", Exercise.SHIPPED).block().folder())
			.as("the shipped exercise, for attempts graded before its copy was published")
			.isEqualTo(shipped.resolve("best-practices/limit"));
		assertThat(catalog.exerciseAt("mine", 1).block().maxScore()).isEqualTo(2);
		assertThat(catalog.exerciseAt("mine", 7).blockOptional()).isEmpty();
		assertThat(catalog.exerciseAt("mine", Exercise.SHIPPED).blockOptional()).as("a draft is no version").isEmpty();
	}

	private static void write(Path tree, String module, String id, String spec) throws IOException {
		Path folder = Files.createDirectories(tree.resolve(module).resolve(id));
		Files.writeString(folder.resolve("exercise.yaml"), spec);
	}

}
