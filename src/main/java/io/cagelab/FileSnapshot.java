package io.cagelab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What was loaded from a set of files, loaded again only when a file is added, removed or changed: trainers
 * see their edits without a restart, and readers do not pay for parsing on every request.
 *
 * @param <T> what the files are loaded into
 */
public final class FileSnapshot<T> {

	private final Function<List<Path>, T> loader;

	private final AtomicReference<Entry<T>> current = new AtomicReference<>();

	public FileSnapshot(Function<List<Path>, T> loader) {
		this.loader = loader;
	}

	/** Return what these files hold, from the last load when none of them changed since. */
	public T of(List<Path> files) throws IOException {
		String fingerprint = fingerprint(files);
		Entry<T> known = this.current.get();
		if (known != null && known.fingerprint().equals(fingerprint)) {
			return known.value();
		}
		T value = this.loader.apply(files);
		this.current.set(new Entry<>(fingerprint, value));
		return value;
	}

	private static String fingerprint(List<Path> files) throws IOException {
		StringBuilder fingerprint = new StringBuilder();
		for (Path file : files) {
			fingerprint.append(file).append('@').append(Files.getLastModifiedTime(file).toMillis()).append(';');
		}
		return fingerprint.toString();
	}

	private record Entry<T>(String fingerprint, T value) {
	}

}
