package io.cagelab.authoring;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.springframework.util.FileSystemUtils;

/**
 * An exercise's folder as files: {@code exercise.yaml}, {@code README.en.md}, {@code README.fr.md}. Each file is
 * written to a temporary file beside it, flushed to disk, then renamed over the old one, so a crash leaves either
 * the old file or the new one, never half of one. Blocking: callers run it off the event loop.
 */
final class ExerciseFiles {

	static final String SPEC = "exercise.yaml";

	private ExerciseFiles() {
	}

	/** The texts of one exercise's folder; an instruction file that is missing reads as empty. */
	record Texts(String spec, String readmeEn, String readmeFr) {
	}

	static Texts read(Path folder) throws IOException {
		return new Texts(Files.readString(folder.resolve(SPEC)), readIfThere(folder.resolve("README.en.md")),
				readIfThere(folder.resolve("README.fr.md")));
	}

	static void write(Path folder, Texts texts) throws IOException {
		Files.createDirectories(folder);
		// The instructions first: the catalog notices a change by the spec, which comes last.
		atomically(folder.resolve("README.en.md"), texts.readmeEn());
		atomically(folder.resolve("README.fr.md"), texts.readmeFr());
		atomically(folder.resolve(SPEC), texts.spec());
	}

	static void delete(Path folder) throws IOException {
		FileSystemUtils.deleteRecursively(folder);
		Path module = folder.getParent();
		try (var left = Files.list(module)) {
			if (left.findAny().isEmpty()) {
				Files.delete(module);
			}
		}
	}

	private static void atomically(Path target, String text) throws IOException {
		Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				channel.write(StandardCharsets.UTF_8.encode(text));
				channel.force(true);
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static String readIfThere(Path file) throws IOException {
		return Files.isRegularFile(file) ? Files.readString(file) : "";
	}

}
