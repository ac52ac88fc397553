package io.cagelab.grading;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference corpora in {@code shared/corpora}, read where they are: beside the project's folder
 * ({@code ../shared/corpora} from the project root, as in every work tree and in CI's clone), or where the system
 * property {@code cagelab.corpora} says. A missing corpus fails the test that needs it, saying where it was looked
 * for: nothing is skipped silently.
 */
final class Corpora {

	private Corpora() {
	}

	static Path root() {
		String configured = System.getProperty("cagelab.corpora");
		Path root = (configured != null) ? Path.of(configured) : Path.of("..", "shared", "corpora");
		assertThat(root.resolve("README.md"))
			.as("the reference corpora (shared/corpora) are not at %s: put the shared folder beside the project, or set"
					+ " -Dcagelab.corpora=/path/to/corpora", root.toAbsolutePath().normalize())
			.isRegularFile();
		return root;
	}

	static Path folder(String name) {
		Path folder = root().resolve(name);
		assertThat(folder).as("corpus %s", name).isDirectory();
		assertThat(Files.exists(folder.resolve("SOURCE-COMMIT"))).as("%s/SOURCE-COMMIT", name).isTrue();
		return folder;
	}

}
