package io.cagelab.grading;

import java.util.Locale;
import java.util.Set;

import io.cagelab.grading.ContainerModel.Mount;

/**
 * Mounts as {@code -v} and {@code --mount} write them.
 */
final class Mounts {

	private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private",
			"rprivate");

	private Mounts() {
	}

	/** {@code [source:]target[:options]}, options among ro, rw, z, Z, nocopy and the propagation modes. */
	static Mount fromVolume(String value) {
		String[] parts = value.split(":", -1);
		if (parts.length == 1) {
			return new Mount("volume", "", parts[0], false, "");
		}
		if (parts.length > 3 || parts[1].isEmpty()) {
			throw new ProblemException("mount.volume.syntax");
		}
		boolean readOnly = false;
		String propagation = "";
		if (parts.length == 3) {
			for (String option : parts[2].split(",")) {
				switch (option) {
					case "ro", "readonly" -> readOnly = true;
					case "rw", "z", "Z", "nocopy", "" -> {
					}
					default -> {
						if (!PROPAGATIONS.contains(option)) {
							throw new ProblemException("mount.volume.option.unknown", option);
						}
						propagation = option;
					}
				}
			}
		}
		String source = parts[0];
		// A shell variable ($HOME, $PWD...) expands to a path: a volume name cannot hold a $.
		boolean hostPath = source.startsWith("/") || source.startsWith(".") || source.startsWith("~")
				|| source.startsWith("$");
		return new Mount(hostPath ? "bind" : "volume", source, parts[1], readOnly, propagation);
	}

	/**
	 * {@code type=bind,source=/x,target=/y,readonly,bind-propagation=rshared}. As with the Docker CLI, keys, the type
	 * and the propagation are read in any case, and readonly takes the booleans Go reads ({@code 1}, {@code t},
	 * {@code FALSE}...).
	 */
	static Mount fromMount(String value) {
		String type = "volume";
		String source = "";
		String target = null;
		boolean readOnly = false;
		String propagation = "";
		for (String field : value.split(",")) {
			String[] pair = field.split("=", 2);
			String key = pair[0].trim().toLowerCase(Locale.ROOT);
			String content = (pair.length > 1) ? pair[1].trim() : "true";
			switch (key) {
				case "type" -> type = content.toLowerCase(Locale.ROOT);
				case "source", "src" -> source = content;
				case "target", "destination", "dst" -> target = content;
				case "readonly", "ro" -> readOnly = goBoolean(content);
				case "bind-propagation" -> propagation = content.toLowerCase(Locale.ROOT);
				default -> {
					// Other keys (consistency, volume-opt, tmpfs-size...) change nothing the rules check.
				}
			}
		}
		if (target == null) {
			throw new ProblemException("mount.target.missing");
		}
		return new Mount(type, source, target, readOnly, propagation);
	}

	/** A boolean as Go's strconv.ParseBool reads it, which is how the CLI reads {@code readonly=...}. */
	private static boolean goBoolean(String value) {
		return switch (value) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> throw new ProblemException("mount.readonly.notBoolean", value);
		};
	}

}
