package io.cagelab.grading;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference corpora in {@code shared/corpora}, read where they are: beside the project's folder
 * ({@code ../shared/corpora} from the project root, as in every work tree), beside the work tree a local clone came
 * from, or where the system property {@code cagelab.corpora} says. A missing corpus fails the test that needs it, saying where it was looked
 * for: nothing is skipped silently.
 */
final class Corpora {

	private Corpora() {
	}

	static Path root() {
		String configured = System.getProperty("cagelab.corpora");
		Path root = (configured != null) ? Path.of(configured) : besideTheProject();
		assertThat(root.resolve("README.md"))
			.as("the reference corpora (shared/corpora) are not at %s: put the shared folder beside the project, or set"
					+ " -Dcagelab.corpora=/path/to/corpora", root.toAbsolutePath().normalize())
			.isRegularFile();
		return root;
	}

	/**
	 * {@code ../shared/corpora}, beside this folder or, for a clone of a local work tree (CI's clean clone in
	 * {@code /tmp}), beside the work tree it was cloned from.
	 */
	private static Path besideTheProject() {
		Path here = Path.of("..", "shared", "corpora");
		if (Files.isDirectory(here)) {
			return here;
		}
		try {
			Process git = new ProcessBuilder("git", "remote", "get-url", "origin").redirectErrorStream(true).start();
			String origin = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
			if (git.waitFor() == 0 && origin.startsWith("/")) {
				Path cloned = Path.of(origin).normalize().resolveSibling("shared").resolve("corpora");
				if (Files.isDirectory(cloned)) {
					return cloned;
				}
			}
		}
		catch (java.io.IOException ex) {
			// No git: only the folder beside this one counts.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return here;
	}

	static Path folder(String name) {
		Path folder = root().resolve(name);
		assertThat(folder).as("corpus %s", name).isDirectory();
		assertThat(Files.exists(folder.resolve("SOURCE-COMMIT"))).as("%s/SOURCE-COMMIT", name).isTrue();
		return folder;
	}

}
