package io.cagelab.exercise;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.cagelab.grading.ContainerModel;

/**
 * The settings a {@code setting} check can read from a learner's container, each as text a pattern can match: what
 * no hardening rule says on its own, such as which API sections a socket proxy lets through.
 */
final class ArtifactSettings {

	static final List<String> NAMES = List.of("environment.<NAME>", "command", "volumes", "user", "image");

	private ArtifactSettings() {
	}

	static boolean isKnown(String setting) {
		return setting.startsWith("environment.") && setting.length() > "environment.".length()
				|| NAMES.contains(setting);
	}

	/** Return the setting's value as written, one item per line; empty when it is not set. */
	static String read(ContainerModel container, String setting) {
		if (setting.startsWith("environment.")) {
			String value = container.env().get(setting.substring("environment.".length()));
			return (value != null) ? value : "";
		}
		return switch (setting) {
			case "command" -> String.join("\n", container.command());
			case "volumes" -> container.mounts().stream()
				.map((mount) -> mount.source() + ":" + mount.target() + (mount.readOnly() ? ":ro" : ""))
				.collect(Collectors.joining("\n"));
			case "user" -> (container.user() != null) ? container.user() : "";
			case "image" -> (container.image() != null) ? container.image().toLowerCase(Locale.ROOT) : "";
			default -> throw new IllegalArgumentException("Unknown setting " + setting);
		};
	}

}
