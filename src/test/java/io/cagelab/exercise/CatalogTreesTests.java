package io.cagelab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cagelab.CagelabProperties;
import io.cagelab.sandbox.SandboxFloorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog over a shipped tree and an authored tree in temporary folders: an invalid spec is kept with its
 * problems, learners are served only valid shipped exercises, and an id taken in another module is a problem.
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
				new ExerciseSpecReader(SandboxFloorTestSupport.defaultFloor()));

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

	private static void write(Path tree, String module, String id, String spec) throws IOException {
		Path folder = Files.createDirectories(tree.resolve(module).resolve(id));
		Files.writeString(folder.resolve("exercise.yaml"), spec);
	}

}
