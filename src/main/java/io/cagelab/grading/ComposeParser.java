package io.cagelab.grading;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
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
 * {@code ${VAR:?message}} and {@code $$} interpolated as docker compose does, {@code extends} within the file merged
 * as compose merges it, short and long syntax for ports and volumes, and the limits under {@code deploy.resources}.
 */
public final class ComposeParser {

	/** Aliases a compose file may use before it counts as an expansion bomb. */
	static final int MAX_ALIASES = 50;

	/** Values one service may hold, all settings together, once aliases are expanded. */
	static final int MAX_VALUES = 10_000;

	/** Characters a compose file may hold: sixteen times what a submission may, and a third of SnakeYAML's default. */
	static final int MAX_CODE_POINTS = 1024 * 1024;

	/** The service settings the rules read; the others are neither interpolated nor walked. */
	private static final Set<String> READ_KEYS = Set.of("image", "user", "privileged", "cap_add", "cap_drop",
			"security_opt", "pids_limit", "mem_limit", "memswap_limit", "cpus", "cpu_quota", "cpu_shares", "read_only",
			"tmpfs", "network_mode", "pid", "ipc", "uts", "userns_mode", "cgroup_parent", "volumes", "volumes_from",
			"devices", "device_cgroup_rules", "gpus", "ports", "ulimits", "restart", "healthcheck", "environment",
			"deploy", "command", "use_api_socket");

	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)"
			+ "(?:(:?)([-+?])([^}]{0,256}))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

	private final Map<String, String> environment;

	/** The text of another file of the submission, by its path relative to the compose file; null when absent. */
	private final Function<String, String> files;

	/** The folder of the file being read, relative to the compose file first submitted. */
	private final String folder;

	/** How many files deep extends has gone to come to this one. */
	private final int depth;

	/** Files an extends may go through, one extending a service of the next. */
	static final int MAX_FILES = 8;

	/** The top-level volumes of the file being read, by name: their driver and driver options. */
	private Map<?, ?> namedVolumes = Map.of();

	public ComposeParser(Map<String, String> environment) {
		this(environment, null);
	}

	/**
	 * A parser that also reads the files an {@code extends: {file: ...}} names, through {@code files}, which gives the
	 * text of a file by its path relative to the compose file (or null when the submission has no such file).
	 */
	public ComposeParser(Map<String, String> environment, Function<String, String> files) {
		this(environment, files, "", 0);
	}

	private ComposeParser(Map<String, String> environment, Function<String, String> files, String folder, int depth) {
		this.environment = Map.copyOf(environment);
		this.files = files;
		this.folder = folder;
		this.depth = depth;
	}

	/** A service of the file, by name, with the line its name is on. */
	public record ParsedService(String name, ContainerModel container, int line) {
	}

	public List<ParsedService> parse(String text) {
		Loaded loaded = load(text);
		List<ParsedService> parsed = new ArrayList<>();
		for (String name : loaded.declared().keySet()) {
			int line = line(loaded.marks(), name, "");
			parsed.add(new ParsedService(name, service(name, resolve(name, loaded.declared(), loaded.marks(),
					loaded.resolved()), line, this.namedVolumes), line));
		}
		return parsed;
	}

	/** Refuse services that depend on each other in a circle, as compose does (dependency cycle detected). */
	private static void dependencyCycle(Map<String, Map<?, ?>> declared, Map<String, Map<String, Mark>> marks) {
		Map<String, List<String>> edges = new LinkedHashMap<>();
		declared.forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			List<String> targets = new ArrayList<>();
			if (dependsOn instanceof Map<?, ?> map) {
				map.keySet().forEach((key) -> targets.add(String.valueOf(key)));
			}
			else if (dependsOn instanceof List<?> list) {
				list.forEach((item) -> targets.add(String.valueOf(item)));
			}
			edges.put(name, targets);
		});
		Set<String> done = new HashSet<>();
		for (String start : edges.keySet()) {
			Deque<String> path = new java.util.ArrayDeque<>();
			Deque<java.util.Iterator<String>> next = new java.util.ArrayDeque<>();
			if (done.contains(start)) {
				continue;
			}
			path.push(start);
			next.push(edges.get(start).iterator());
			while (!path.isEmpty()) {
				if (!next.peek().hasNext()) {
					done.add(path.pop());
					next.pop();
					continue;
				}
				String target = next.peek().next();
				if (path.contains(target)) {
					List<String> circle = new ArrayList<>(path);
					java.util.Collections.reverse(circle);
					circle = circle.subList(circle.indexOf(target), circle.size());
					throw errorAt(marks, circle.get(circle.size() - 1), "depends_on", Problem.of("compose.dependsOn.cycle",
							String.join(" -> ", circle) + " -> " + target));
				}
				if (!done.contains(target) && edges.containsKey(target)) {
					path.push(target);
					next.push(edges.get(target).iterator());
				}
			}
		}
	}

	/** A file read: its services as written, where their keys are, and those whose settings are resolved. */
	private record Loaded(Map<String, Map<?, ?>> declared, Map<String, Map<String, Mark>> marks,
			Map<String, Settings> resolved) {
	}

	private Loaded load(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(MAX_ALIASES);
		// SnakeYAML's own guard on its recursion, at the depth YamlDepth refuses first in the learner's language.
		options.setNestingDepthLimit(YamlDepth.MAX_DEPTH);
		options.setCodePointLimit(MAX_CODE_POINTS);
		options.setAllowDuplicateKeys(false);
		Object document;
		Node root;
		try {
			// Before any tree is built: a tree that is infinite or too deep overflows the stack of whatever walks it.
			YamlDepth.check(yaml(options).parse(new StringReader(text)));
			document = yaml(options).load(text);
			root = yaml(options).compose(new StringReader(text));
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 1;
			int column = (ex.getProblemMark() != null) ? ex.getProblemMark().getColumn() + 1 : 1;
			// SnakeYAML's own words, which are English only.
			throw new GradingException(line, column, "compose.yaml.invalid", ex.getProblem());
		}
		catch (YAMLException ex) {
			// The limits are this grader's own: say so in the learner's language rather than in SnakeYAML's words.
			if (String.valueOf(ex.getMessage()).startsWith("Number of aliases")) {
				throw new GradingException(1, 1, "compose.aliases.tooMany", MAX_ALIASES);
			}
			if (String.valueOf(ex.getMessage()).startsWith("The incoming YAML document exceeds the limit")) {
				throw new GradingException(1, 1, "compose.tooLong", MAX_CODE_POINTS);
			}
			throw new GradingException(1, 1, "compose.unreadable", ex.getMessage());
		}
		if (!(document instanceof Map<?, ?> file) || !file.containsKey("services")) {
			throw new GradingException(1, 1, "compose.services.missing");
		}
		Node key = keyOf(root, "services");
		int servicesLine = (key != null) ? key.getStartMark().getLine() + 1 : 1;
		int servicesColumn = (key != null) ? key.getStartMark().getColumn() + 1 : 1;
		if (file.get("services") == null || file.get("services") instanceof Map<?, ?> none && none.isEmpty()) {
			throw new GradingException(servicesLine, servicesColumn, "compose.services.empty");
		}
		if (!(file.get("services") instanceof Map<?, ?> services)) {
			throw new GradingException(servicesLine, servicesColumn, "compose.services.notMapping");
		}
		Map<String, Map<String, Mark>> marks = marks(root);
		Map<String, Map<?, ?>> declared = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : services.entrySet()) {
			String name = String.valueOf(entry.getKey());
			if (entry.getValue() == null) {
				// A service left empty is a service with no settings, as compose reads it.
				declared.put(name, Map.of());
				continue;
			}
			if (!(entry.getValue() instanceof Map<?, ?> service)) {
				throw new GradingException(line(marks, name, ""), 1, "compose.service.notMapping", name);
			}
			declared.put(name, service);
		}
		dependencyCycle(declared, marks);
		if (file.get("volumes") instanceof Map<?, ?> volumes) {
			this.namedVolumes = (Map<?, ?>) interpolate(volumes, new int[] { MAX_VALUES }, 1);
		}
		return new Loaded(declared, marks, new HashMap<>());
	}

	/** The settings the rules read, interpolated, and the line each is written on. */
	private record Settings(Map<String, Object> values, Map<String, Integer> lines) {
	}

	private static int line(Map<String, Map<String, Mark>> marks, String service, String key) {
		Mark mark = marks.getOrDefault(service, Map.of()).get(key);
		return (mark != null) ? mark.getLine() + 1 : line(marks, service);
	}

	private static int line(Map<String, Map<String, Mark>> marks, String service) {
		Mark mark = marks.getOrDefault(service, Map.of()).get("");
		return (mark != null) ? mark.getLine() + 1 : 1;
	}

	/** A service's own settings, merged over those of the services it extends, in the same file. */
	private Settings resolve(String name, Map<String, Map<?, ?>> declared, Map<String, Map<String, Mark>> marks,
			Map<String, Settings> resolved) {
		// Follow extends up to a service already resolved, or to one that extends nothing; merge on the way back.
		Set<String> chain = new LinkedHashSet<>();
		String current = name;
		Settings foreign = null;
		while (current != null && !resolved.containsKey(current)) {
			if (!chain.add(current)) {
				throw errorAt(marks, name, "extends", Problem.of("compose.extends.circle", String.join(" -> ", chain)
						+ " -> " + current));
			}
			String service = current;
			current = extended(current, declared, marks);
			if (current == null) {
				foreign = foreignBase(service, declared, marks);
			}
		}
		Settings settings = (current != null) ? resolved.get(current) : foreign;
		List<String> services = new ArrayList<>(chain);
		for (int i = services.size() - 1; i >= 0; i--) {
			String service = services.get(i);
			Settings own = own(service, declared.get(service), marks);
			settings = (settings != null) ? merged(service, settings, own, line(marks, service)) : own;
			resolved.put(service, settings);
		}
		return settings;
	}

	/** The name of the service that {@code name} extends, or null; a service of another file cannot be read here. */
	private static String extended(String name, Map<String, Map<?, ?>> declared, Map<String, Map<String, Mark>> marks) {
		Object extendsValue = declared.get(name).get("extends");
		if (extendsValue == null) {
			return null;
		}
		Object base = (extendsValue instanceof Map<?, ?> reference) ? reference.get("service") : extendsValue;
		if (extendsValue instanceof Map<?, ?> reference && reference.get("file") != null) {
			return null;
		}
		if (base == null || base instanceof Map || base instanceof List) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.notName", name));
		}
		if (!declared.containsKey(String.valueOf(base))) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.undefined", name, base));
		}
		return String.valueOf(base);
	}

	/**
	 * The settings of the service of another file that {@code name} extends, read from the submission's files and
	 * resolved in that file; or null when it extends none. Refused, with the reason, when the submission has no such
	 * file or the file no such service.
	 */
	private Settings foreignBase(String name, Map<String, Map<?, ?>> declared, Map<String, Map<String, Mark>> marks) {
		if (!(declared.get(name).get("extends") instanceof Map<?, ?> reference) || reference.get("file") == null) {
			return null;
		}
		Object base = reference.get("service");
		String file = String.valueOf(reference.get("file"));
		String path = java.nio.file.Path.of(this.folder).resolve(file).normalize().toString();
		String text = (this.files != null && !path.startsWith("..") && !file.startsWith("/")) ? this.files.apply(path)
				: null;
		if (text == null) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.otherFile", name, base, file));
		}
		if (this.depth + 1 >= MAX_FILES) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.tooManyFiles", name, MAX_FILES));
		}
		java.nio.file.Path parent = java.nio.file.Path.of(path).getParent();
		ComposeParser other = new ComposeParser(this.environment, this.files, (parent != null) ? parent.toString() : "",
				this.depth + 1);
		Loaded loaded;
		try {
			loaded = other.load(text);
		}
		catch (GradingException ex) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.otherFile.unreadable", file, ex.line(),
					ex.problemKeyed()));
		}
		if (base == null || !loaded.declared().containsKey(String.valueOf(base))) {
			throw errorAt(marks, name, "extends", Problem.of("compose.extends.otherFile.undefined", name, base, file));
		}
		return other.resolve(String.valueOf(base), loaded.declared(), loaded.marks(), loaded.resolved());
	}

	/** A problem with a key of a service, at the key's line and column (or the service's line). */
	private static GradingException errorAt(Map<String, Map<String, Mark>> marks, String service, String key,
			Problem problem) {
		Mark mark = marks.getOrDefault(service, Map.of()).get(key);
		return (mark != null) ? new GradingException(mark.getLine() + 1, mark.getColumn() + 1, problem)
				: new GradingException(line(marks, service), 1, problem);
	}

	/** The settings a service writes itself, interpolated. */
	private Settings own(String name, Map<?, ?> service, Map<String, Map<String, Mark>> marks) {
		int[] budget = { MAX_VALUES };
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, Integer> lines = new HashMap<>();
		for (Map.Entry<?, ?> entry : service.entrySet()) {
			String key = String.valueOf(entry.getKey());
			if (READ_KEYS.contains(key)) {
				int line = line(marks, name, key);
				values.put(key, interpolate(entry.getValue(), budget, line));
				lines.put(key, line);
			}
		}
		return new Settings(values, lines);
	}

	/** Merge a service's own settings over those of the service it extends, as docker compose merges them. */
	private static Settings merged(String name, Settings base, Settings own, int line) {
		Map<String, Object> values = new LinkedHashMap<>(base.values());
		own.values().forEach((key, value) -> values.merge(key, value, (inherited, written) -> merge(key, inherited,
				written)));
		if (count(values, MAX_VALUES + 1) > MAX_VALUES) {
			throw new GradingException(line, 1, "compose.extends.tooManyValues", name, MAX_VALUES);
		}
		Map<String, Integer> lines = new HashMap<>(base.lines());
		lines.putAll(own.lines());
		return new Settings(values, lines);
	}

	/**
	 * Merge one setting: mappings key by key, sequences appended without repeats (volumes replaced by target), the
	 * health check's test and any single value replaced, after the compose specification's merge rules.
	 */
	static Object merge(String path, Object base, Object override) {
		// !reset drops what is inherited, !override replaces it whole: what the file says wins, as it is.
		if (override == RESET || override instanceof Overridden) {
			return override;
		}
		if (base == RESET || base instanceof Overridden) {
			return override;
		}
		if (path.equals("environment")) {
			Map<Object, Object> merged = environmentMap(base);
			merged.putAll(environmentMap(override));
			return merged;
		}
		if (path.equals("healthcheck.test")) {
			return override;
		}
		if (base instanceof Map<?, ?> inherited && override instanceof Map<?, ?> written) {
			Map<Object, Object> merged = new LinkedHashMap<>(inherited);
			written.forEach((key, value) -> merged.merge(key, value, (a, b) -> merge(path + "." + key, a, b)));
			return merged;
		}
		if (base instanceof List || override instanceof List) {
			List<Object> merged = new ArrayList<>();
			if (path.equals("volumes")) {
				Set<String> targets = new HashSet<>();
				items(override).forEach((volume) -> targets.add(volumeTarget(volume)));
				items(base).stream().filter((volume) -> !targets.contains(volumeTarget(volume))).forEach(merged::add);
				merged.addAll(items(override));
				return merged;
			}
			Set<Object> seen = new HashSet<>();
			for (Object item : items(base)) {
				if (seen.add(item)) {
					merged.add(item);
				}
			}
			for (Object item : items(override)) {
				if (seen.add(item)) {
					merged.add(item);
				}
			}
			return merged;
		}
		return override;
	}

	/** A sequence, or a single value as a sequence of one (tmpfs: /tmp). */
	private static List<?> items(Object value) {
		return (value instanceof List<?> list) ? list : (value != null) ? List.of(value) : List.of();
	}

	/** environment as a mapping, whether it was written as one or as a list of NAME=value. */
	private static Map<Object, Object> environmentMap(Object value) {
		Map<Object, Object> variables = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			variables.putAll(map);
		}
		else {
			for (Object item : items(value)) {
				String pair = String.valueOf(item);
				int equals = pair.indexOf('=');
				variables.put((equals < 0) ? pair : pair.substring(0, equals),
						(equals < 0) ? null : pair.substring(equals + 1));
			}
		}
		return variables;
	}

	private static String volumeTarget(Object volume) {
		if (volume instanceof Map<?, ?> mount) {
			return String.valueOf(mount.get("target"));
		}
		try {
			return Mounts.fromVolume(String.valueOf(volume)).target();
		}
		catch (IllegalArgumentException ex) {
			return String.valueOf(volume);
		}
	}

	/** How many values a tree holds, counting no further than {@code limit}. */
	private static int count(Object value, int limit) {
		int count = 1;
		if (value instanceof Map<?, ?> map) {
			for (Object item : map.values()) {
				count += count(item, limit - count);
				if (count >= limit) {
					return count;
				}
			}
		}
		else if (value instanceof List<?> list) {
			for (Object item : list) {
				count += count(item, limit - count);
				if (count >= limit) {
					return count;
				}
			}
		}
		return count;
	}

	/** What {@code !reset} makes of a value: nothing, whatever was inherited. */
	static final Object RESET = new Object() {

		@Override
		public String toString() {
			return "!reset";
		}

	};

	/** What {@code !override} makes of a value: this value, in place of what was inherited rather than merged with it. */
	record Overridden(Object value) {
	}

	/** The values of a service as the rules read them: !reset ones gone, !override ones as they are. */
	static Object clean(Object value) {
		if (value == RESET) {
			return null;
		}
		if (value instanceof Overridden override) {
			return clean(override.value());
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> cleaned = new LinkedHashMap<>();
			map.forEach((key, item) -> {
				if (item != RESET) {
					cleaned.put(key, clean(item));
				}
			});
			return cleaned;
		}
		if (value instanceof List<?> list) {
			return list.stream().filter((item) -> item != RESET).map(ComposeParser::clean).toList();
		}
		return value;
	}

	/** SnakeYAML's safe constructor, and compose's own tags: !reset and !override. */
	private static final class ComposeConstructor extends SafeConstructor {

		ComposeConstructor(LoaderOptions options) {
			super(options);
			this.yamlConstructors.put(new Tag("!reset"), new org.yaml.snakeyaml.constructor.AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					return RESET;
				}
			});
			this.yamlConstructors.put(new Tag("!override"), new org.yaml.snakeyaml.constructor.AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					node.setTag((node instanceof MappingNode) ? Tag.MAP
							: (node instanceof org.yaml.snakeyaml.nodes.SequenceNode) ? Tag.SEQ : Tag.STR);
					return new Overridden(getConstructor(node).construct(node));
				}
			});
		}

	}

	private static Yaml yaml(LoaderOptions options) {
		DumperOptions dumping = new DumperOptions();
		return new Yaml(new ComposeConstructor(options), new Representer(dumping), dumping, options,
				new ComposeResolver());
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

	/** Where each service's name ("" key) and each key written directly in it start. */
	private static Map<String, Map<String, Mark>> marks(Node root) {
		Map<String, Map<String, Mark>> marks = new HashMap<>();
		Node services = child(root, "services");
		if (services instanceof MappingNode mapping) {
			for (NodeTuple service : mapping.getValue()) {
				if (service.getKeyNode() instanceof ScalarNode name) {
					Map<String, Mark> keys = new HashMap<>();
					keys.put("", name.getStartMark());
					if (service.getValueNode() instanceof MappingNode settings) {
						for (NodeTuple setting : settings.getValue()) {
							if (setting.getKeyNode() instanceof ScalarNode key) {
								keys.put(key.getValue(), key.getStartMark());
							}
						}
					}
					marks.put(name.getValue(), keys);
				}
			}
		}
		return marks;
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

	private static ContainerModel service(String name, Settings settings, int serviceLine, Map<?, ?> namedVolumes) {
		ContainerModel model = new ContainerModel(Kind.COMPOSE);
		model.wrote("container", serviceLine);
		// deploy.restart_policy wins over restart, wherever each is written, as in docker compose: read deploy last.
		List<Map.Entry<String, Object>> entries = new ArrayList<>(settings.values().entrySet());
		entries.sort(Comparator.comparing((entry) -> entry.getKey().equals("deploy")));
		for (Map.Entry<String, Object> entry : entries) {
			String key = entry.getKey();
			Object value = entry.getValue();
			int line = settings.lines().getOrDefault(key, serviceLine);
			try {
				apply(model, key, clean(value), line, namedVolumes);
			}
			catch (IllegalArgumentException | ClassCastException ex) {
				throw new GradingException(line, 1, "compose.setting.unreadable", name, key, Problem.of(ex));
			}
		}
		return model;
	}

	private static void apply(ContainerModel model, String key, Object value, int line, Map<?, ?> namedVolumes) {
		if (value == null) {
			// Left without a value, or reset with !reset: not set.
			return;
		}
		String setting = switch (key) {
			case "image" -> set(() -> model.image = text(value), "image");
			case "user" -> set(() -> model.user = text(value), "user");
			case "command" -> set(() -> model.command.addAll(list(value)), "command");
			case "privileged" -> set(() -> model.privileged = bool(value), "privileged");
			case "cap_add" -> set(() -> list(value).forEach((c) -> model.capAdd.add(CliValues.capability(c))), "cap-add");
			case "cap_drop" -> set(() -> list(value).forEach((c) -> model.capDrop.add(CliValues.capability(c))), "cap-drop");
			case "security_opt" -> set(() -> list(value).forEach((option) -> {
				CliValues.securityOption(option);
				model.securityOpts.add(option);
			}), "security-opt");
			case "use_api_socket" -> set(() -> {
				// docker compose binds the engine's socket into the container, as docker run --use-api-socket does.
				if (bool(value)) {
					model.mounts.add(RunLineParser.API_SOCKET);
				}
			}, "volume");
			case "pids_limit" -> set(() -> model.pidsLimit = Numbers.whole(text(value)), "pids-limit");
			case "mem_limit" -> set(() -> model.memory = Sizes.bytes(text(value)), "memory");
			case "memswap_limit" -> set(() -> model.memorySwap = text(value).equals("-1") ? -1L : Sizes.bytes(text(value)),
					"memory-swap");
			case "cpus" -> set(() -> model.cpus = Numbers.decimal(text(value)), "cpus");
			case "cpu_quota" -> set(() -> model.cpuQuota = Numbers.whole(text(value)), "cpus");
			case "cpu_shares" -> set(() -> model.cpuShares = Numbers.whole(text(value)), "cpu-shares");
			case "read_only" -> set(() -> model.readOnly = bool(value), "read-only");
			case "tmpfs" -> set(() -> model.tmpfs.addAll(list(value)), "tmpfs");
			case "network_mode" -> set(() -> model.network = text(value), "network");
			case "pid" -> set(() -> model.pid = text(value), "pid");
			case "ipc" -> set(() -> model.ipc = text(value), "ipc");
			case "uts" -> set(() -> model.uts = text(value), "uts");
			case "userns_mode" -> set(() -> model.userns = text(value), "userns");
			case "cgroup_parent" -> set(() -> model.cgroupParent = text(value), "cgroup-parent");
			case "volumes" -> set(() -> volumes(model, value, namedVolumes), "volume");
			case "volumes_from" -> set(() -> model.volumesFrom.addAll(list(value)), "volumes-from");
			case "devices" -> set(() -> asList(value).forEach((d) -> model.devices.add("device=" + ((d instanceof Map<?, ?> device)
					? text(device.get("source")) : text(d)))), "device");
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
				model.pidsLimit = Numbers.whole(text(map.get("pids")));
				model.wrote("pids-limit", line);
			}
			if (map.get("memory") != null) {
				model.memory = Sizes.bytes(text(map.get("memory")));
				model.wrote("memory", line);
			}
			if (map.get("cpus") != null) {
				model.cpus = Numbers.decimal(text(map.get("cpus")));
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

	/**
	 * Volumes in short or long syntax. A named volume that the file's top-level {@code volumes:} gives driver options
	 * binding a host path ({@code driver_opts: {type: none, o: bind, device: /var/run/docker.sock}}) is that bind
	 * mount, as the engine's local driver makes it.
	 */
	private static void volumes(ContainerModel model, Object value, Map<?, ?> namedVolumes) {
		for (Object volume : asList(value)) {
			if (volume instanceof Map<?, ?> mount) {
				Object target = mount.get("target");
				if (target == null) {
					throw new ProblemException("compose.volume.target");
				}
				Object propagation = path(mount, "bind", "propagation");
				ContainerModel.Mount read = new ContainerModel.Mount(textOr(mount.get("type"), "volume"),
						textOr(mount.get("source"), ""), text(target),
						bool(mount.containsKey("read_only") ? mount.get("read_only") : false), textOr(propagation, ""));
				model.mounts.add(read.type().equals("volume") ? boundByDriver(read, namedVolumes) : read);
			}
			else {
				ContainerModel.Mount read = Mounts.fromVolume(text(volume));
				model.mounts.add(read.type().equals("volume") ? boundByDriver(read, namedVolumes) : read);
			}
		}
	}

	private static ContainerModel.Mount boundByDriver(ContainerModel.Mount volume, Map<?, ?> namedVolumes) {
		if (!(namedVolumes.get(volume.source()) instanceof Map<?, ?> definition)) {
			return volume;
		}
		Object driver = definition.get("driver");
		if (driver != null && !String.valueOf(driver).equals("local")) {
			return volume;
		}
		return (definition.get("driver_opts") instanceof Map<?, ?> options) ? Mounts.boundByDriver(volume, options)
				: volume;
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
			throw new ProblemException("compose.ulimits.notMapping");
		}
		for (Map.Entry<?, ?> limit : limits.entrySet()) {
			Object setting = limit.getValue();
			// soft alone is a soft limit, the hard one left as it is.
			model.ulimits.put(text(limit.getKey()), (setting instanceof Map<?, ?> range)
					? text(range.get("soft")) + ((range.get("hard") != null) ? ":" + text(range.get("hard")) : "")
					: text(setting));
		}
	}

	private static void healthcheck(ContainerModel model, Object value) {
		if (!(value instanceof Map<?, ?> check)) {
			throw new ProblemException("compose.healthcheck.notMapping");
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
			throw new GradingException(line, 1, "compose.tooManyValues", MAX_VALUES);
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
		if (value instanceof Overridden override) {
			return new Overridden(interpolate(override.value(), budget, line));
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
					throw argument.isEmpty() ? new GradingException(line, 1, "compose.variable.required", name)
							: new GradingException(line, 1, "compose.variable.requiredMessage", name, argument);
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
		throw new ProblemException("compose.value.list");
	}

	private static List<String> list(Object value) {
		if (value instanceof String single) {
			return List.of(single);
		}
		return asList(value).stream().map(ComposeParser::text).toList();
	}

	private static String text(Object value) {
		if (value == null || value instanceof Map || value instanceof List) {
			throw new ProblemException("compose.value.single");
		}
		return String.valueOf(value);
	}

	private static String textOr(Object value, String fallback) {
		return (value != null) ? text(value) : fallback;
	}

	/** A boolean as compose-go converts one: true, 1, yes, y, on and their false, in any case. */
	private static boolean bool(Object value) {
		String text = text(value).toLowerCase(Locale.ROOT);
		if (List.of("true", "1", "yes", "y", "on").contains(text)) {
			return true;
		}
		if (List.of("false", "0", "no", "n", "off").contains(text)) {
			return false;
		}
		throw new ProblemException("compose.value.notBoolean", value);
	}

}
