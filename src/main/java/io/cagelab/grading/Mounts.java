package io.cagelab.grading;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

	/** {@code [source:]target[:options]}, with no named volumes known. */
	static Mount fromVolume(String value) {
		return fromVolume(value, Map.of());
	}

	/**
	 * {@code [source:]target[:options]}, options as the engine checks them: at most one each of ro or rw, z or Z, a
	 * propagation mode, nocopy (for volumes only) and cached, delegated or consistent (which change nothing on
	 * Linux). A named volume whose driver options bind a host path ({@code docker volume create --opt o=bind
	 * --opt device=/etc}) is that bind mount.
	 */
	static Mount fromVolume(String value, Map<String, Map<String, String>> volumes) {
		String[] parts = value.split(":", -1);
		if (parts.length == 1) {
			return new Mount("volume", "", parts[0], false, "");
		}
		for (String part : parts) {
			if (part.isEmpty()) {
				throw new ProblemException("mount.volume.emptySection", value);
			}
		}
		if (parts.length > 3) {
			throw new ProblemException("mount.volume.syntax");
		}
		boolean readOnly = false;
		String propagation = "";
		boolean nocopy = false;
		if (parts.length == 3) {
			Map<String, Integer> kinds = new HashMap<>();
			for (String option : parts[2].split(",")) {
				String kind = switch (option) {
					case "ro", "rw" -> "access";
					case "z", "Z" -> "label";
					case "nocopy" -> "copy";
					case "cached", "delegated", "consistent" -> "consistency";
					default -> {
						if (!PROPAGATIONS.contains(option)) {
							throw new ProblemException("mount.volume.option.unknown", option);
						}
						yield "propagation";
					}
				};
				if (kinds.merge(kind, 1, Integer::sum) > 1) {
					throw new ProblemException("mount.volume.mode.invalid", parts[2]);
				}
				readOnly |= option.equals("ro");
				nocopy |= option.equals("nocopy");
				propagation = kind.equals("propagation") ? option : propagation;
			}
		}
		String source = parts[0];
		// A shell variable ($HOME, $PWD...) expands to a path: a volume name cannot hold a $.
		boolean hostPath = source.startsWith("/") || source.startsWith(".") || source.startsWith("~")
				|| source.startsWith("$");
		if (hostPath && nocopy) {
			throw new ProblemException("mount.volume.nocopy.bind", value);
		}
		if (!parts[1].startsWith("/") && !parts[1].startsWith("$")) {
			throw new ProblemException("mount.target.relative", parts[1]);
		}
		Mount mount = new Mount(hostPath ? "bind" : "volume", source, parts[1], readOnly, propagation);
		return hostPath ? mount : boundByDriver(mount, volumes.get(source));
	}

	/** {@code --mount ...}, with no named volumes known. */
	static Mount fromMount(String value) {
		return fromMount(value, Map.of());
	}

	/**
	 * {@code type=bind,source=/x,target=/y,readonly,bind-propagation=rshared}. As with the Docker CLI, keys, the type
	 * and the propagation are read in any case, and readonly takes the booleans Go reads ({@code 1}, {@code t},
	 * {@code FALSE}...). A volume whose {@code volume-opt}s bind a host path ({@code volume-opt=o=bind},
	 * {@code volume-opt=device=/etc}) is that bind mount, as the engine's local driver makes it.
	 */
	static Mount fromMount(String value, Map<String, Map<String, String>> volumes) {
		String type = "volume";
		String source = "";
		String target = null;
		boolean readOnly = false;
		String propagation = "";
		String driver = "local";
		Map<String, String> driverOptions = new HashMap<>();
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
				case "volume-opt" -> {
					String[] option = content.split("=", 2);
					driverOptions.put(option[0], (option.length > 1) ? option[1] : "");
				}
				case "volume-driver" -> driver = content;
				case "consistency", "bind-nonrecursive", "bind-recursive", "bind-create-src", "volume-nocopy",
						"volume-label", "volume-subpath", "tmpfs-size", "tmpfs-mode", "tmpfs-options", "image-subpath" -> {
					// They change nothing the rules check.
				}
				default -> throw new ProblemException("mount.key.unknown", pair[0], value);
			}
		}
		if (target == null) {
			throw new ProblemException("mount.target.missing");
		}
		switch (type) {
			case "bind" -> {
				if (source.isEmpty()) {
					throw new ProblemException("mount.source.missing");
				}
			}
			case "tmpfs" -> {
				if (!source.isEmpty()) {
					throw new ProblemException("mount.tmpfs.source", source);
				}
			}
			case "volume", "npipe", "cluster", "image" -> {
			}
			default -> throw new ProblemException("mount.type.unknown", type);
		}
		Mount mount = new Mount(type, source, target, readOnly, propagation);
		if (!type.equals("volume") || !driver.equals("local")) {
			return mount;
		}
		// Options given here make the volume; a volume made before keeps the options it was made with.
		return boundByDriver(mount, driverOptions.isEmpty() ? volumes.get(source) : driverOptions);
	}

	/**
	 * A volume of the local driver whose options say {@code o=bind} (or rbind) and name a device is a bind mount of
	 * that device: {@code type=none,o=bind,device=/var/run/docker.sock} mounts the engine's socket.
	 */
	static Mount boundByDriver(Mount volume, Map<?, ?> options) {
		if (options == null || options.get("device") == null || options.get("o") == null) {
			return volume;
		}
		boolean bind = List.of(String.valueOf(options.get("o")).split(",")).stream()
			.anyMatch((option) -> option.trim().equals("bind") || option.trim().equals("rbind"));
		if (!bind) {
			return volume;
		}
		return new Mount("bind", String.valueOf(options.get("device")), volume.target(), volume.readOnly(),
				volume.propagation());
	}

	/** A boolean as Go's strconv.ParseBool reads it, which is how the CLI reads {@code readonly=...}. */
	private static boolean goBoolean(String value) {
		Boolean on = CliValues.goBoolean(value);
		if (on == null) {
			throw new ProblemException("mount.readonly.notBoolean", value);
		}
		return on;
	}

}
