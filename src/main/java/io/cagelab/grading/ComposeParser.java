package io.cagelab.grading;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Read the services of a compose file into container models: anchors and merge keys resolved, {@code x-}
 * extensions ignored, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+other}},
 * {@code ${VAR:?message}} and {@code $$} interpolated as docker compose does, short and long syntax for ports and
 * volumes, and the limits under {@code deploy.resources}.
 */
public final class ComposeParser {

	/** Aliases a compose file may use before it counts as an expansion bomb. */
	static final int MAX_ALIASES = 50;

	/** Values one service may hold, all settings together, once aliases are expanded. */
	static final int MAX_VALUES = 10_000;

	/** The service settings the rules read; the others are neither interpolated nor walked. */
	private static final Set<String> READ_KEYS = Set.of("image", "user", "privileged", "cap_add", "cap_drop",
			"security_opt", "pids_limit", "mem_limit", "memswap_limit", "cpus", "cpu_quota", "cpu_shares", "read_only",
			"tmpfs", "network_mode", "pid", "ipc", "uts", "userns_mode", "cgroup_parent", "volumes", "volumes_from",
			"devices", "device_cgroup_rules", "gpus", "ports", "ulimits", "restart", "healthcheck", "environment",
			"deploy");

	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)"
			+ "(?:(:?)([-+?])([^}]{0,256}))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

	private final Map<String, String> environment;

	public ComposeParser(Map<String, String> environment) {
		this.environment = Map.copyOf(environment);
	}

	/** A service of the file, by name, with the line its name is on. */
	public record ParsedService(String name, ContainerModel container, int line) {
	}

	public List<ParsedService> parse(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(MAX_ALIASES);
		options.setAllowDuplicateKeys(false);
		Object document;
		Node root;
		try {
			document = yaml(options).load(text);
			root = yaml(options).compose(new StringReader(text));
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 1;
			int column = (ex.getProblemMark() != null) ? ex.getProblemMark().getColumn() + 1 : 1;
			throw new GradingException(line, column, "not valid YAML: " + ex.getProblem());
		}
		catch (YAMLException ex) {
			throw new GradingException(1, 1, "not a compose file this grader reads: " + ex.getMessage());
		}
		if (!(document instanceof Map<?, ?> file) || !file.containsKey("services")) {
			throw new GradingException(1, 1, "the compose file defines no services: it needs a services: mapping, with"
					+ " one entry per service");
		}
		Node key = keyOf(root, "services");
		int servicesLine = (key != null) ? key.getStartMark().getLine() + 1 : 1;
		int servicesColumn = (key != null) ? key.getStartMark().getColumn() + 1 : 1;
		if (file.get("services") == null || file.get("services") instanceof Map<?, ?> none && none.isEmpty()) {
			throw new GradingException(servicesLine, servicesColumn, "the compose file defines no services");
		}
		if (!(file.get("services") instanceof Map<?, ?> services)) {
			throw new GradingException(servicesLine, servicesColumn, "services is a mapping with one entry per service,"
					+ " such as services: {web: {image: nginx:1.27}}");
		}
		Map<String, Map<String, Integer>> lines = lines(root);
		List<ParsedService> parsed = new ArrayList<>();
		for (Map.Entry<?, ?> entry : services.entrySet()) {
			String name = String.valueOf(entry.getKey());
			Map<String, Integer> serviceLines = lines.getOrDefault(name, Map.of());
			int line = serviceLines.getOrDefault("", 1);
			if (!(entry.getValue() instanceof Map<?, ?> service)) {
				throw new GradingException(line, 1, "the service " + name + " must be a mapping");
			}
			parsed.add(new ParsedService(name, service(name, service, serviceLines, line), line));
		}
		return parsed;
	}

	private static Yaml yaml(LoaderOptions options) {
		DumperOptions dumping = new DumperOptions();
		return new Yaml(new SafeConstructor(options), new Representer(dumping), dumping, options, new ComposeResolver());
	}

	/**
	 * Plain scalars as compose reads them, after YAML 1.2 rather than 1.1: only true and false are booleans (restart: no
	 * is the word no, not false), 8080:80 is text rather than a number in base 60, and dates stay text.
	 */
	private static final class ComposeResolver extends Resolver {

		@Override
		protected void addImplicitResolvers() {
			addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
			addImplicitResolver(Tag.INT, Pattern.compile("^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*"
					+ "|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*)$"), "-+0123456789");
			addImplicitResolver(Tag.FLOAT, Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
					+ "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
					+ "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"), "-+0123456789.");
			addImplicitResolver(Tag.MERGE, MERGE, "<");
			addImplicitResolver(Tag.NULL, NULL, "~nN\0");
			addImplicitResolver(Tag.NULL, EMPTY, null);
		}

	}

	/** The line of each service ("" key) and of each key written directly in it. */
	private static Map<String, Map<String, Integer>> lines(Node root) {
		Map<String, Map<String, Integer>> lines = new HashMap<>();
		Node services = child(root, "services");
		if (services instanceof MappingNode mapping) {
			for (NodeTuple service : mapping.getValue()) {
				if (service.getKeyNode() instanceof ScalarNode name) {
					Map<String, Integer> keys = new HashMap<>();
					keys.put("", name.getStartMark().getLine() + 1);
					if (service.getValueNode() instanceof MappingNode settings) {
						for (NodeTuple setting : settings.getValue()) {
							if (setting.getKeyNode() instanceof ScalarNode key) {
								keys.put(key.getValue(), key.getStartMark().getLine() + 1);
							}
						}
					}
					lines.put(name.getValue(), keys);
				}
			}
		}
		return lines;
	}

	private static Node keyOf(Node node, String key) {
		if (node instanceof MappingNode mapping) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
					return scalar;
				}
			}
		}
		return null;
	}

	private static Node child(Node node, String key) {
		if (node instanceof MappingNode mapping) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
					return tuple.getValueNode();
				}
			}
		}
		return null;
	}

	private ContainerModel service(String name, Map<?, ?> service, Map<String, Integer> lines, int serviceLine) {
		ContainerModel model = new ContainerModel(Kind.COMPOSE);
		model.wrote("container", serviceLine);
		int[] budget = { MAX_VALUES };
		// deploy.restart_policy wins over restart, wherever each is written, as in docker compose: read deploy last.
		List<Map.Entry<?, ?>> entries = new ArrayList<>(service.entrySet());
		entries.sort(Comparator.comparing((entry) -> "deploy".equals(String.valueOf(entry.getKey()))));
		for (Map.Entry<?, ?> entry : entries) {
			String key = String.valueOf(entry.getKey());
			if (!READ_KEYS.contains(key)) {
				continue;
			}
			Object value = interpolate(entry.getValue(), budget, lines.getOrDefault(key, serviceLine));
			int line = lines.getOrDefault(key, serviceLine);
			try {
				apply(model, key, value, line);
			}
			catch (IllegalArgumentException | ClassCastException ex) {
				throw new GradingException(line, 1, "service " + name + ", " + key + ": " + ex.getMessage());
			}
		}
		return model;
	}

	private static void apply(ContainerModel model, String key, Object value, int line) {
		String setting = switch (key) {
			case "image" -> set(() -> model.image = text(value), "image");
			case "user" -> set(() -> model.user = text(value), "user");
			case "privileged" -> set(() -> model.privileged = bool(value), "privileged");
			case "cap_add" -> set(() -> list(value).forEach((c) -> model.capAdd.add(ContainerModel.capabilityName(c))), "cap-add");
			case "cap_drop" -> set(() -> list(value).forEach((c) -> model.capDrop.add(ContainerModel.capabilityName(c))), "cap-drop");
			case "security_opt" -> set(() -> model.securityOpts.addAll(list(value)), "security-opt");
			case "pids_limit" -> set(() -> model.pidsLimit = Long.parseLong(text(value)), "pids-limit");
			case "mem_limit" -> set(() -> model.memory = Sizes.bytes(text(value)), "memory");
			case "memswap_limit" -> set(() -> model.memorySwap = text(value).equals("-1") ? -1L : Sizes.bytes(text(value)),
					"memory-swap");
			case "cpus" -> set(() -> model.cpus = Double.parseDouble(text(value)), "cpus");
			case "cpu_quota" -> set(() -> model.cpuQuota = Long.parseLong(text(value)), "cpus");
			case "cpu_shares" -> set(() -> model.cpuShares = Long.parseLong(text(value)), "cpu-shares");
			case "read_only" -> set(() -> model.readOnly = bool(value), "read-only");
			case "tmpfs" -> set(() -> model.tmpfs.addAll(list(value)), "tmpfs");
			case "network_mode" -> set(() -> model.network = text(value), "network");
			case "pid" -> set(() -> model.pid = text(value), "pid");
			case "ipc" -> set(() -> model.ipc = text(value), "ipc");
			case "uts" -> set(() -> model.uts = text(value), "uts");
			case "userns_mode" -> set(() -> model.userns = text(value), "userns");
			case "cgroup_parent" -> set(() -> model.cgroupParent = text(value), "cgroup-parent");
			case "volumes" -> set(() -> volumes(model, value), "volume");
			case "volumes_from" -> set(() -> model.volumesFrom.addAll(list(value)), "volumes-from");
			case "devices" -> set(() -> list(value).forEach((d) -> model.devices.add("device=" + d)), "device");
			case "device_cgroup_rules" -> set(() -> list(value).forEach((d) -> model.devices.add("rule=" + d)), "device");
			case "gpus" -> set(() -> model.devices.add("gpus=" + value), "device");
			case "ports" -> set(() -> ports(model, value), "publish");
			case "ulimits" -> set(() -> ulimits(model, value), "ulimit");
			case "restart" -> set(() -> model.restart = text(value), "restart");
			case "healthcheck" -> set(() -> healthcheck(model, value), "health-cmd");
			case "environment" -> set(() -> environment(model, value), "env");
			case "deploy" -> set(() -> deploy(model, value, line), "deploy");
			default -> null;
		};
		if (setting != null) {
			model.wrote(setting, line);
		}
	}

	private static String set(Runnable assignment, String setting) {
		assignment.run();
		return setting;
	}

	private static void deploy(ContainerModel model, Object value, int line) {
		Object limits = path(value, "resources", "limits");
		if (limits instanceof Map<?, ?> map) {
			if (map.get("pids") != null) {
				model.pidsLimit = Long.parseLong(text(map.get("pids")));
				model.wrote("pids-limit", line);
			}
			if (map.get("memory") != null) {
				model.memory = Sizes.bytes(text(map.get("memory")));
				model.wrote("memory", line);
			}
			if (map.get("cpus") != null) {
				model.cpus = Double.parseDouble(text(map.get("cpus")));
				model.wrote("cpus", line);
			}
		}
		// Devices reserved for the service (GPUs, mostly) are host devices given to it, as --gpus is.
		if (path(value, "resources", "reservations", "devices") instanceof List<?> reserved && !reserved.isEmpty()) {
			reserved.forEach((device) -> model.devices.add("reservation=" + device));
			model.wrote("device", line);
		}
		Object restart = path(value, "restart_policy", "condition");
		if (restart != null) {
			Object attempts = path(value, "restart_policy", "max_attempts");
			// The engine's names for swarm's conditions: none is no restart at all, any is always.
			model.restart = switch (text(restart)) {
				case "none", "no" -> "no";
				case "any", "always" -> "always";
				case "on-failure" -> (attempts != null) ? "on-failure:" + text(attempts) : "on-failure";
				default -> text(restart);
			};
			model.overwrote("restart", line);
		}
	}

	private static void volumes(ContainerModel model, Object value) {
		for (Object volume : asList(value)) {
			if (volume instanceof Map<?, ?> mount) {
				Object target = mount.get("target");
				if (target == null) {
					throw new IllegalArgumentException("a volume in long syntax needs a target");
				}
				Object propagation = path(mount, "bind", "propagation");
				model.mounts.add(new ContainerModel.Mount(textOr(mount.get("type"), "volume"), textOr(mount.get("source"), ""),
						text(target), bool(mount.containsKey("read_only") ? mount.get("read_only") : false),
						textOr(propagation, "")));
			}
			else {
				model.mounts.add(Mounts.fromVolume(text(volume)));
			}
		}
	}

	private static void ports(ContainerModel model, Object value) {
		for (Object port : asList(value)) {
			if (port instanceof Map<?, ?> mapping) {
				String published = Ports.canonical(textOr(mapping.get("published"), ""));
				String target = Ports.canonical(text(mapping.get("target")));
				model.ports.add(new ContainerModel.Port(textOr(mapping.get("host_ip"), ""), published, target));
			}
			else {
				model.ports.add(Ports.parse(text(port)));
			}
		}
	}

	private static void ulimits(ContainerModel model, Object value) {
		if (!(value instanceof Map<?, ?> limits)) {
			throw new IllegalArgumentException("ulimits is a mapping, such as nproc: 512");
		}
		for (Map.Entry<?, ?> limit : limits.entrySet()) {
			Object setting = limit.getValue();
			model.ulimits.put(text(limit.getKey()), (setting instanceof Map<?, ?> range)
					? text(range.get("soft")) + ":" + text(range.get("hard")) : text(setting));
		}
	}

	private static void healthcheck(ContainerModel model, Object value) {
		if (!(value instanceof Map<?, ?> check)) {
			throw new IllegalArgumentException("healthcheck is a mapping with a test");
		}
		boolean disabled = bool(check.containsKey("disable") ? check.get("disable") : false)
				|| check.get("test") instanceof List<?> test && !test.isEmpty() && "NONE".equals(String.valueOf(test.get(0)));
		model.noHealthCheck = disabled;
		model.healthCheck = !disabled && check.get("test") != null;
	}

	private static void environment(ContainerModel model, Object value) {
		if (value instanceof Map<?, ?> variables) {
			variables.forEach((name, content) -> model.env.put(text(name), (content != null) ? text(content) : null));
		}
		else {
			for (String pair : list(value)) {
				int equals = pair.indexOf('=');
				model.env.put((equals < 0) ? pair : pair.substring(0, equals), (equals < 0) ? null : pair.substring(equals + 1));
			}
		}
	}

	/** Replace {@code ${VAR}}, {@code ${VAR:-default}} and {@code $VAR} in every string; {@code $$} is a dollar. */
	private Object interpolate(Object value, int[] budget, int line) {
		if (--budget[0] < 0) {
			// Aliases can make a small file describe an enormous tree; no real service needs this many values.
			throw new GradingException(line, 1, "this compose file expands to more than " + MAX_VALUES
					+ " values; aliases that expand this far are refused");
		}
		if (value instanceof String text) {
			Matcher matcher = INTERPOLATION.matcher(text);
			StringBuilder result = new StringBuilder();
			while (matcher.find()) {
				String replacement;
				if (matcher.group().equals("$$")) {
					replacement = "$";
				}
				else {
					String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(5);
					replacement = variable(name, matcher.group(2), matcher.group(3), matcher.group(4), line);
				}
				matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
			}
			matcher.appendTail(result);
			return result.toString();
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, interpolate(v, budget, line)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return list.stream().map((item) -> interpolate(item, budget, line)).toList();
		}
		return value;
	}

	/**
	 * The value of {@code ${NAME}} and of its forms with an operator: {@code -} for a default, {@code +} for an
	 * alternative, {@code ?} for a required variable; after a colon, an empty value counts as unset.
	 */
	private String variable(String name, String colon, String operator, String argument, int line) {
		// Graded away from the learner's shell, HOME is still somebody's home directory.
		String value = (name.equals("HOME") && !this.environment.containsKey(name)) ? "~" : this.environment.get(name);
		if (operator == null) {
			return (value != null) ? value : "";
		}
		boolean unset = value == null || !colon.isEmpty() && value.isEmpty();
		return switch (operator) {
			case "-" -> unset ? argument : value;
			case "+" -> unset ? "" : argument;
			default -> {
				if (unset) {
					// As docker compose refuses the file rather than run it with an empty value.
					throw new GradingException(line, 1, "required variable " + name + " is missing a value"
							+ (argument.isEmpty() ? "" : ": " + argument));
				}
				yield value;
			}
		};
	}

	private static Object path(Object value, String... keys) {
		Object current = value;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	private static List<?> asList(Object value) {
		if (value instanceof List<?> list) {
			return list;
		}
		throw new IllegalArgumentException("expected a list");
	}

	private static List<String> list(Object value) {
		if (value instanceof String single) {
			return List.of(single);
		}
		return asList(value).stream().map(ComposeParser::text).toList();
	}

	private static String text(Object value) {
		if (value == null || value instanceof Map || value instanceof List) {
			throw new IllegalArgumentException("expected a single value");
		}
		return String.valueOf(value);
	}

	private static String textOr(Object value, String fallback) {
		return (value != null) ? text(value) : fallback;
	}

	private static boolean bool(Object value) {
		String text = text(value).toLowerCase(Locale.ROOT);
		if (text.equals("true") || text.equals("false")) {
			return Boolean.parseBoolean(text);
		}
		throw new IllegalArgumentException("expected true or false, not " + value);
	}

}
