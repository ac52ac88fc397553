package io.cagelab.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.DockerCli;
import io.cagelab.DockerCli.Result;
import io.cagelab.grading.ContainerModel.Mount;
import io.cagelab.grading.ContainerModel.Port;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker is the oracle for run lines: every line of {@code grading/differential/docker-run-lines.txt} is created on
 * the real engine with {@code docker create} (image replaced by the sandbox image, never started), inspected, and
 * compared field by field with what {@link RunLineParser} reads. A line the CLI or the engine refuses must be refused
 * by the grader too. The few differences that are meant are listed, each with its reason, in
 * {@code grading/differential/intended-differences.txt}; the report of a run is written to
 * {@code target/differential/docker-run.txt}.
 */
@Tag("engine")
class DockerRunDifferentialTests {

	static final String IMAGE = "cagelab/sandbox:1";

	static final String INSTALLATION = io.cagelab.IntegrationTest.INSTALLATION;

	/** Every container this test creates carries it, so that none is left behind even after a crash. */
	static final String LABEL = "io.cagelab.test=" + INSTALLATION + "-differential";

	static final String PEER = INSTALLATION + "-diff-peer";

	static final String VOLUME = INSTALLATION + "-diff-vol";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The flags of docker run that take a value, and those that do not, as the CLI's own help lists them. */
	static final Map<String, Boolean> TAKES_VALUE = new ConcurrentHashMap<>();

	/** What the engine makes of a line that sets nothing: the value of every field a line leaves alone. */
	static Map<String, String> defaults;

	static Set<String> volumesBefore;

	static String peerId;

	static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

	static final Instant STARTED = Instant.now();

	@BeforeAll
	static void learnTheCli() {
		Result help = DockerCli.docker("run", "--help");
		assertThat(help.exitCode()).as(help.output()).isZero();
		Matcher flag = Pattern.compile("(?m)^\\s+(?:-(\\w), )?--([a-z0-9-]+)( [a-z0-9-]+)?\\s").matcher(help.output());
		while (flag.find()) {
			boolean valued = flag.group(3) != null;
			TAKES_VALUE.put("--" + flag.group(2), valued);
			if (flag.group(1) != null) {
				TAKES_VALUE.put("-" + flag.group(1), valued);
			}
		}
		// Aliases the help does not list.
		TAKES_VALUE.put("--net", true);
		TAKES_VALUE.put("--net-alias", true);
		assertThat(TAKES_VALUE).containsEntry("--user", true).containsEntry("--privileged", false)
			.containsEntry("-d", false).containsEntry("-p", true);
		removeLeftovers();
		volumesBefore = new HashSet<>(List.of(DockerCli.docker("volume", "ls", "-q").output().split("\\s+")));
		Result peer = DockerCli.docker("create", "--label", LABEL, "--name", PEER, "-v", "/data", IMAGE);
		assertThat(peer.exitCode()).as(peer.output()).isZero();
		peerId = lastLine(peer.output());
		Result bare = DockerCli.docker("create", "--label", LABEL, IMAGE);
		assertThat(bare.exitCode()).as(bare.output()).isZero();
		try {
			defaults = engineFields(inspect(bare.output().trim()), null);
		}
		finally {
			DockerCli.docker("rm", "-f", "-v", bare.output().trim());
		}
	}

	@AfterAll
	static void removeLeftovers() {
		String ids = DockerCli.docker("ps", "-a", "-q", "--filter", "label=" + LABEL).output().trim();
		for (String id : ids.isEmpty() ? new String[0] : ids.split("\\s+")) {
			DockerCli.docker("rm", "-f", "-v", id);
		}
		DockerCli.docker("volume", "rm", VOLUME);
	}

	/** One line: what the engine made of it and what the grader read, or why each refused it. */
	record Outcome(String line, Map<String, String> engine, String engineRefusal, Map<String, String> ours,
			String ourRefusal, Set<String> adapted) {

		boolean bothRefuse() {
			return this.engineRefusal != null && this.ourRefusal != null;
		}

		boolean refusalDiffers() {
			return (this.engineRefusal == null) != (this.ourRefusal == null);
		}

		/** The fields that differ, when both read the line. */
		List<String> differingFields() {
			if (this.engine == null || this.ours == null) {
				return List.of();
			}
			List<String> differing = new ArrayList<>();
			this.engine.forEach((field, value) -> {
				if (!this.adapted.contains(field) && !value.equals(this.ours.get(field))) {
					differing.add(field);
				}
			});
			return differing;
		}

	}

	@Test
	void everyLineReadsAsDockerReadsIt() throws Exception {
		List<String> lines = corpus();
		assertThat(lines).as("the corpus has at least 300 lines").hasSizeGreaterThanOrEqualTo(300);
		Map<String, String> intended = intendedDifferences();
		List<Outcome> outcomes = new ArrayList<>();
		ExecutorService workers = Executors.newFixedThreadPool(3);
		try {
			List<Future<Outcome>> pending = new ArrayList<>();
			for (String line : lines) {
				pending.add(workers.submit(() -> outcome(line)));
			}
			for (Future<Outcome> future : pending) {
				outcomes.add(future.get(5, TimeUnit.MINUTES));
			}
		}
		finally {
			workers.shutdownNow();
		}
		int agreeingLines = 0;
		int fields = 0;
		int agreeingFields = 0;
		List<String> report = new ArrayList<>();
		List<String> unexpected = new ArrayList<>();
		Set<String> used = new HashSet<>();
		for (Outcome outcome : outcomes) {
			List<String> differences = new ArrayList<>();
			if (outcome.refusalDiffers()) {
				differences.add("refusal");
				fields += defaults.size() - 1;
			}
			else if (outcome.bothRefuse()) {
				fields += defaults.size() - 1;
				agreeingFields += defaults.size() - 1;
			}
			else {
				differences.addAll(outcome.differingFields());
				fields += outcome.engine().size();
				agreeingFields += outcome.engine().size() - differences.size();
			}
			if (differences.isEmpty()) {
				agreeingLines++;
				continue;
			}
			for (String field : differences) {
				String key = outcome.line() + "\t" + field;
				String reason = intended.get(key);
				String detail = field.equals("refusal")
						? "docker: " + Objects.toString(outcome.engineRefusal(), "accepted") + " / grader: "
								+ Objects.toString(outcome.ourRefusal(), "accepted")
						: "docker: " + outcome.engine().get(field) + " / grader: " + outcome.ours().get(field);
				report.add(((reason != null) ? "intended " : "DIFFERS  ") + outcome.line() + "\n    " + field + ": "
						+ detail + ((reason != null) ? "\n    because " + reason : ""));
				if (reason != null) {
					used.add(key);
				}
				else {
					unexpected.add(outcome.line() + " [" + field + "] " + detail);
				}
			}
		}
		String summary = String.format(Locale.ROOT,
				"%d lines, %d agree whole (%.1f %%); %d fields, %d agree (%.2f %%); %d intended differences listed",
				lines.size(), agreeingLines, 100.0 * agreeingLines / lines.size(), fields, agreeingFields,
				100.0 * agreeingFields / fields, intended.size());
		Path out = Path.of("target", "differential", "docker-run.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, summary + "\n\n" + String.join("\n", report) + "\n", StandardCharsets.UTF_8);
		System.out.println("Differential, docker run: " + summary + " (details in " + out + ")");
		assertThat(unexpected).as("lines the grader reads otherwise than Docker (see %s)", out).isEmpty();
		Set<String> stale = new TreeSet<>(intended.keySet());
		stale.removeAll(used);
		assertThat(stale).as("intended differences that no longer occur: remove them from the list").isEmpty();
	}

	/** The corpus, PEER and VOL replaced by this run's own container and volume. */
	static List<String> corpus() throws IOException {
		List<String> lines = new ArrayList<>();
		for (String line : resource("docker-run-lines.txt")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				lines.add(line.replace("PEER", PEER).replace("VOL", VOLUME));
			}
		}
		return lines;
	}

	/** {@code line TAB field TAB reason}: a difference meant, with the reason it is. */
	static Map<String, String> intendedDifferences() throws IOException {
		Map<String, String> intended = new LinkedHashMap<>();
		for (String line : resource("intended-differences.txt")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] parts = line.split("\t", 3);
			assertThat(parts).as("line TAB field TAB reason: %s", line).hasSize(3);
			intended.put(parts[0].replace("PEER", PEER).replace("VOL", VOLUME) + "\t" + parts[1], parts[2]);
		}
		return intended;
	}

	private static List<String> resource(String name) throws IOException {
		try (var in = DockerRunDifferentialTests.class.getResourceAsStream("/grading/differential/" + name)) {
			assertThat(in).as("test resource grading/differential/%s", name).isNotNull();
			return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
		}
	}

	static Outcome outcome(String line) {
		Map<String, String> ours = null;
		String ourRefusal = null;
		ContainerModel model = null;
		try {
			List<RunLineParser.ParsedRun> runs = new RunLineParser().parse(line);
			if (runs.size() != 1) {
				ourRefusal = "read " + runs.size() + " containers";
			}
			else {
				model = runs.get(0).container();
				ours = ourFields(model);
			}
		}
		catch (GradingException ex) {
			ourRefusal = ex.getMessage();
		}
		catch (RuntimeException ex) {
			ourRefusal = "CRASH " + ex;
		}
		List<String> arguments = createArguments(line);
		Set<String> adapted = new HashSet<>();
		Result created = DockerCli.docker(arguments.toArray(String[]::new));
		if (created.exitCode() != 0 && created.output().contains("user namespaces")) {
			// This engine remaps user namespaces: host namespaces and privileged mode need --userns=host beside them.
			arguments.add(2, "--userns=host");
			adapted.add("usernsMode");
			created = DockerCli.docker(arguments.toArray(String[]::new));
		}
		if (created.exitCode() != 0) {
			return new Outcome(line, null, firstLine(created.output()), ours, ourRefusal, adapted);
		}
		String id = lastLine(created.output());
		JsonNode inspected = null;
		try {
			inspected = inspect(id);
			return new Outcome(line, engineFields(inspected, model), null, ours, ourRefusal, adapted);
		}
		finally {
			removeWithItsVolumes(id, inspected);
		}
	}

	private static String firstLine(String output) {
		for (String line : output.split("\n")) {
			if (!line.isBlank() && !line.startsWith("Unable to find image")) {
				return line.trim();
			}
		}
		return output.trim();
	}

	private static String lastLine(String output) {
		String[] lines = output.trim().split("\n");
		return lines[lines.length - 1].trim();
	}

	static JsonNode inspect(String id) {
		Result result = DockerCli.docker("inspect", id);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return JSON.readTree(result.output()).get(0);
	}

	/**
	 * Remove a container and the named volumes it alone made: those that did not exist before this test. Its mounts
	 * come from the inspection already made, one docker command fewer per line of the corpus.
	 */
	private static void removeWithItsVolumes(String id, JsonNode inspected) {
		List<String> names = new ArrayList<>();
		for (JsonNode mount : ((inspected != null) ? inspected : inspect(id)).path("Mounts")) {
			if (mount.path("Type").asString("").equals("volume") && mount.hasNonNull("Name")) {
				names.add(mount.get("Name").asString());
			}
		}
		DockerCli.docker("rm", "-f", "-v", id);
		for (String name : names) {
			if (!volumesBefore.contains(name)) {
				Result created = DockerCli.docker("volume", "inspect", "--format", "{{.CreatedAt}}", name);
				if (created.exitCode() == 0) {
					DockerCli.docker("volume", "rm", name);
				}
			}
		}
	}

	/**
	 * The words of the line as bash splits them, {@code run} made {@code create}, a label added, the image replaced by
	 * the sandbox image (found with the CLI's own table of flags) and the flags of run alone left out.
	 */
	static List<String> createArguments(String line) {
		List<String> words = bashWords(line);
		List<String> arguments = new ArrayList<>();
		int i = 1;
		arguments.add("create");
		arguments.add("--label=" + LABEL);
		if (i < words.size() && words.get(i).equals("container")) {
			i++;
		}
		i++;
		boolean imageDone = false;
		while (i < words.size()) {
			String word = words.get(i);
			if (imageDone) {
				arguments.add(word);
				i++;
				continue;
			}
			if (word.equals("--")) {
				arguments.add(word);
				i++;
				if (i < words.size()) {
					arguments.add(IMAGE);
					i++;
				}
				imageDone = true;
				continue;
			}
			if (word.startsWith("--")) {
				String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
				boolean runOnly = name.equals("--detach") || name.equals("--sig-proxy") || name.equals("--detach-keys");
				boolean valued = Boolean.TRUE.equals(TAKES_VALUE.get(name)) && !word.contains("=");
				if (!runOnly) {
					arguments.add(uniqueName(name, word));
					if (valued && i + 1 < words.size()) {
						arguments.add(uniqueName(name, words.get(i + 1)));
					}
				}
				i += (valued ? 2 : 1);
				continue;
			}
			if (word.startsWith("-") && word.length() > 1) {
				StringBuilder kept = new StringBuilder("-");
				boolean valueNext = false;
				for (int k = 1; k < word.length(); k++) {
					String name = "-" + word.charAt(k);
					Boolean valued = TAKES_VALUE.get(name);
					if (Boolean.TRUE.equals(valued)) {
						kept.append(word.substring(k));
						valueNext = (k == word.length() - 1);
						break;
					}
					if (!name.equals("-d")) {
						kept.append(word.charAt(k));
					}
				}
				if (kept.length() > 1) {
					arguments.add(kept.toString());
				}
				if (valueNext && i + 1 < words.size()) {
					arguments.add(words.get(i + 1));
					i++;
				}
				i++;
				continue;
			}
			arguments.add(IMAGE);
			imageDone = true;
			i++;
		}
		return arguments;
	}

	/** A container name made this run's own, as valid or invalid as it was: lines run side by side. */
	private static String uniqueName(String flag, String word) {
		if (!flag.equals("--name") || word.startsWith("--name") && !word.contains("=")) {
			return word;
		}
		return word + "-" + INSTALLATION + "-" + NAMES.incrementAndGet();
	}

	/** Split a line as bash does, with HOME set to /home/user as the grader takes it to be. */
	static List<String> bashWords(String line) {
		try {
			ProcessBuilder builder = new ProcessBuilder("bash", "-c", "eval \"set -- $1\"; printf '%s\\0' \"$@\"", "_",
					line);
			builder.environment().put("HOME", "/home/user");
			builder.environment().remove("UNSET_IN_TEST");
			builder.redirectErrorStream(false);
			Process process = builder.start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			process.waitFor(30, TimeUnit.SECONDS);
			String[] words = new String(out, StandardCharsets.UTF_8).split("\0", -1);
			return new ArrayList<>(List.of(words).subList(0, Math.max(0, words.length - 1)));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	// The fields compared: each as text, the engine's value and ours written alike.

	static Map<String, String> engineFields(JsonNode container, ContainerModel ours) {
		JsonNode host = container.path("HostConfig");
		JsonNode config = container.path("Config");
		Map<String, String> fields = new TreeMap<>();
		fields.put("user", config.path("User").asString(""));
		fields.put("privileged", String.valueOf(host.path("Privileged").asBoolean()));
		fields.put("capAdd", capabilities(host.path("CapAdd")));
		fields.put("capDrop", capabilities(host.path("CapDrop")));
		List<String> securityOpts = new ArrayList<>();
		for (JsonNode option : host.path("SecurityOpt")) {
			String text = option.asString();
			securityOpts.add(text.startsWith("seccomp=") && text.contains("{") ? "seccomp=<profile file>" : text);
		}
		boolean hostNamespaces = host.path("Privileged").asBoolean() || host.path("PidMode").asString("").equals("host")
				|| host.path("IpcMode").asString("").equals("host");
		if (hostNamespaces && (ours == null || !ours.securityOpts().contains("label=disable"))) {
			// The engine turns labels off by itself for privileged containers and host namespaces.
			securityOpts.remove("label=disable");
		}
		if (host.path("MaskedPaths").isArray() && host.path("MaskedPaths").isEmpty()) {
			// The CLI takes systempaths=unconfined out of the options and sends no masked paths instead.
			securityOpts.add("systempaths=unconfined");
		}
		fields.put("securityOpt", String.join("|", securityOpts));
		fields.put("pidsLimit", host.hasNonNull("PidsLimit") ? host.get("PidsLimit").asString() : "");
		long memory = host.path("Memory").asLong();
		fields.put("memory", String.valueOf(memory));
		long swap = host.path("MemorySwap").asLong();
		boolean swapUnset = ours == null || ours.memorySwap() == null;
		fields.put("memorySwap", (swapUnset && (swap == 0 || swap == 2 * memory)) ? "unset" : String.valueOf(swap));
		fields.put("nanoCpus", host.path("NanoCpus").asString("0"));
		fields.put("cpuQuota", host.path("CpuQuota").asString("0"));
		fields.put("cpuShares", host.path("CpuShares").asString("0"));
		fields.put("readOnly", String.valueOf(host.path("ReadonlyRootfs").asBoolean()));
		Set<String> tmpfs = new TreeSet<>();
		host.path("Tmpfs").properties().forEach((entry) -> tmpfs.add(entry.getKey() + "=" + entry.getValue().asString()));
		fields.put("tmpfs", String.join(";", tmpfs));
		fields.put("networkMode", peer(host.path("NetworkMode").asString("")));
		fields.put("pidMode", peer(host.path("PidMode").asString("")));
		fields.put("ipcMode", peer(host.path("IpcMode").asString("")));
		fields.put("utsMode", host.path("UTSMode").asString(""));
		fields.put("usernsMode", host.path("UsernsMode").asString(""));
		fields.put("cgroupParent", host.path("CgroupParent").asString(""));
		Set<String> mounts = new TreeSet<>();
		for (JsonNode bind : host.path("Binds")) {
			mounts.add(bindMount(bind.asString()));
		}
		for (JsonNode mount : host.path("Mounts")) {
			mounts.add(mount(mount));
		}
		config.path("Volumes").properties().forEach((entry) -> mounts.add("volume||" + entry.getKey() + "|rw|"));
		fields.put("mounts", String.join(";", mounts));
		List<String> volumesFrom = new ArrayList<>();
		host.path("VolumesFrom").forEach((from) -> volumesFrom.add(from.asString()));
		fields.put("volumesFrom", String.join(";", volumesFrom));
		Set<String> devices = new TreeSet<>();
		host.path("Devices").forEach((device) -> devices.add("device:" + device.path("PathOnHost").asString()));
		host.path("DeviceCgroupRules").forEach((rule) -> devices.add("rule:" + rule.asString()));
		host.path("DeviceRequests").forEach((request) -> devices.add("gpus"));
		fields.put("devices", String.join(";", devices));
		Set<String> ports = new TreeSet<>();
		host.path("PortBindings").properties().forEach((entry) -> {
			String port = entry.getKey().replaceFirst("/.*$", "");
			for (JsonNode binding : entry.getValue()) {
				ports.add(binding.path("HostIp").asString("") + "|" + binding.path("HostPort").asString("") + "|" + port);
			}
		});
		fields.put("ports", String.join(";", ports));
		fields.put("publishAll", String.valueOf(host.path("PublishAllPorts").asBoolean()));
		Map<String, String> ulimits = new TreeMap<>();
		for (JsonNode ulimit : host.path("Ulimits")) {
			ulimits.put(ulimit.path("Name").asString(), ulimit.path("Soft").asString() + ":" + ulimit.path("Hard").asString());
		}
		if (ours != null && defaults != null) {
			// The engine's default ulimits come along on every container: compare those the line sets.
			ulimits.keySet().removeIf((name) -> !ours.ulimits().containsKey(name)
					&& defaults.get("ulimits").contains(name + "=" + ulimits.get(name)));
		}
		List<String> ulimitList = new ArrayList<>();
		ulimits.forEach((name, value) -> ulimitList.add(name + "=" + value));
		fields.put("ulimits", String.join(";", ulimitList));
		JsonNode restart = host.path("RestartPolicy");
		fields.put("restart", restart(restart.path("Name").asString(""), restart.path("MaximumRetryCount").asInt()));
		JsonNode health = config.path("Healthcheck").path("Test");
		fields.put("healthcheck", (!health.isArray() || health.isEmpty()) ? "unset"
				: health.get(0).asString().equals("NONE") ? "none" : "cmd");
		Set<String> env = new TreeSet<>();
		config.path("Env").forEach((variable) -> env.add(variable.asString()));
		if (defaults != null) {
			env.removeAll(List.of(defaults.get("imageEnv").split("\n")));
		}
		fields.put("env", String.join("\n", env));
		if (defaults == null) {
			fields.put("imageEnv", String.join("\n", env));
		}
		List<String> command = new ArrayList<>();
		config.path("Cmd").forEach((word) -> command.add(word.asString()));
		String cmd = String.join(" ", command);
		fields.put("cmd", (ours != null && ours.command().isEmpty() && (command.isEmpty()
				|| defaults != null && cmd.equals(defaults.get("cmd")))) ? "<image's>" : cmd);
		return fields;
	}

	static Map<String, String> ourFields(ContainerModel model) {
		Map<String, String> fields = new TreeMap<>();
		fields.put("user", (model.user() == null || model.user().isEmpty()) ? defaults.get("user") : model.user());
		fields.put("privileged", String.valueOf(model.privileged()));
		fields.put("capAdd", String.join(",", new TreeSet<>(model.capAdd())));
		fields.put("capDrop", String.join(",", new TreeSet<>(model.capDrop())));
		List<String> securityOpts = new ArrayList<>();
		for (String option : model.securityOpts()) {
			boolean file = option.matches("seccomp[=:].*") && !option.substring(8).equals("unconfined")
					&& !option.substring(8).equals("builtin");
			securityOpts.add(file ? "seccomp=<profile file>" : option);
		}
		fields.put("securityOpt", String.join("|", securityOpts));
		// 0 and -1 are no limit: the engine stores none.
		fields.put("pidsLimit", (model.pidsLimit() != null && model.pidsLimit() > 0) ? String.valueOf(model.pidsLimit())
				: defaults.get("pidsLimit"));
		fields.put("memory", String.valueOf((model.memory() != null) ? model.memory() : 0));
		fields.put("memorySwap", (model.memorySwap() != null) ? String.valueOf(model.memorySwap()) : "unset");
		fields.put("nanoCpus", String.valueOf((model.cpus() != null) ? Math.round(model.cpus() * 1e9) : 0));
		fields.put("cpuQuota", String.valueOf((model.cpuQuota() != null) ? model.cpuQuota() : 0));
		fields.put("cpuShares", String.valueOf((model.cpuShares() != null) ? model.cpuShares() : 0));
		fields.put("readOnly", String.valueOf(model.readOnly()));
		Set<String> tmpfs = new TreeSet<>();
		for (String written : model.tmpfs()) {
			int colon = written.indexOf(':');
			tmpfs.add((colon < 0) ? written + "=" : written.substring(0, colon) + "=" + written.substring(colon + 1));
		}
		fields.put("tmpfs", String.join(";", tmpfs));
		fields.put("networkMode", orDefault(model.network(), "networkMode"));
		fields.put("pidMode", orDefault(model.pid(), "pidMode"));
		fields.put("ipcMode", orDefault(model.ipc(), "ipcMode"));
		fields.put("utsMode", orDefault(model.uts(), "utsMode"));
		fields.put("usernsMode", orDefault(model.userns(), "usernsMode"));
		fields.put("cgroupParent", orDefault(model.cgroupParent(), "cgroupParent"));
		Set<String> mounts = new TreeSet<>();
		for (Mount mount : model.mounts()) {
			// The path the rules read: $HOME and ~ made a home directory, as bash made them.
			String source = mount.type().equals("bind") ? HardeningRules.hostPath(mount.source()) : mount.source();
			mounts.add(mount.type() + "|" + source + "|" + mount.target() + "|" + (mount.readOnly() ? "ro" : "rw")
					+ "|" + mount.propagation());
		}
		fields.put("mounts", String.join(";", mounts));
		fields.put("volumesFrom", String.join(";", model.volumesFrom()));
		Set<String> devices = new TreeSet<>();
		for (String device : model.devices()) {
			if (device.startsWith("device=")) {
				devices.add("device:" + device.substring(7).split(":")[0]);
			}
			else if (device.startsWith("device-cgroup-rule=")) {
				devices.add("rule:" + device.substring("device-cgroup-rule=".length()));
			}
			else {
				devices.add("gpus");
			}
		}
		fields.put("devices", String.join(";", devices));
		Set<String> ports = new TreeSet<>();
		for (Port port : model.ports()) {
			int[] container = range(port.containerPort());
			int[] host = port.hostPort().isEmpty() ? null : range(port.hostPort());
			for (int p = container[0]; p <= container[1]; p++) {
				String hostPort = (host == null) ? ""
						: (host[1] - host[0] == container[1] - container[0]) ? String.valueOf(host[0] + p - container[0])
								: port.hostPort();
				ports.add(port.hostIp() + "|" + hostPort + "|" + p);
			}
		}
		fields.put("ports", String.join(";", ports));
		fields.put("publishAll", String.valueOf(model.publishAll()));
		List<String> ulimits = new ArrayList<>();
		new TreeMap<>(model.ulimits()).forEach((name, value) -> {
			String[] limits = value.split(":", 2);
			ulimits.add(name + "=" + limits[0] + ":" + ((limits.length > 1) ? limits[1] : limits[0]));
		});
		fields.put("ulimits", String.join(";", ulimits));
		String restart = (model.restart() == null) ? "no" : model.restart();
		String[] policy = restart.split(":", 2);
		int retries = 0;
		try {
			retries = (policy.length > 1) ? Integer.parseInt(policy[1]) : 0;
		}
		catch (NumberFormatException ex) {
			retries = -1;
		}
		fields.put("restart", restart(policy[0], retries));
		fields.put("healthcheck", model.noHealthCheck() ? "none" : model.healthCheck() ? "cmd" : "unset");
		Set<String> env = new TreeSet<>();
		model.env().forEach((name, value) -> {
			if (value != null) {
				env.add(name + "=" + value);
			}
		});
		env.removeAll(List.of(defaults.get("imageEnv").split("\n")));
		fields.put("env", String.join("\n", env));
		fields.put("cmd", model.command().isEmpty() ? "<image's>" : String.join(" ", model.command()));
		return fields;
	}

	/** The engine names a container it shares a namespace with by its id; the line named it. */
	private static String peer(String mode) {
		return (peerId != null) ? mode.replace("container:" + peerId, "container:" + PEER) : mode;
	}

	private static String orDefault(String value, String field) {
		return (value != null) ? value : defaults.get(field);
	}

	private static int[] range(String ports) {
		String[] ends = ports.split("-");
		return new int[] { Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]) };
	}

	private static String restart(String name, int retries) {
		if (name.isEmpty() || name.equals("no")) {
			return "no";
		}
		return (retries > 0) ? name + ":" + retries : (retries < 0) ? name + ":?" : name;
	}

	private static String capabilities(JsonNode list) {
		Set<String> names = new TreeSet<>();
		list.forEach((capability) -> names.add(ContainerModel.capabilityName(capability.asString())));
		return String.join(",", names);
	}

	/** A -v bind as the engine stores it, {@code source:target[:mode]}: a source that is a path is a bind. */
	private static String bindMount(String bind) {
		String[] parts = bind.split(":");
		// The path the kernel binds: /tmp/../etc is /etc.
		String source = parts[0].startsWith("/") ? HardeningRules.hostPath(parts[0]) : parts[0];
		String target = (parts.length > 1) ? parts[1] : "";
		Set<String> modes = (parts.length > 2) ? new HashSet<>(List.of(parts[2].split(","))) : Set.of();
		String propagation = modes.stream().filter((mode) -> mode.endsWith("shared") || mode.endsWith("slave")
				|| mode.endsWith("private")).findFirst().orElse("");
		return (source.startsWith("/") ? "bind" : "volume") + "|" + source + "|" + target + "|"
				+ (modes.contains("ro") ? "ro" : "rw") + "|" + propagation;
	}

	/**
	 * A --mount as the engine stores it. A volume of the local driver with {@code o=bind} and a device is a bind
	 * mount of that device: that is what the engine mounts.
	 */
	private static String mount(JsonNode mount) {
		String type = mount.path("Type").asString("");
		String source = mount.path("Source").asString("");
		JsonNode options = mount.path("VolumeOptions").path("DriverConfig").path("Options");
		if (type.equals("volume") && options.path("o").asString("").matches("(.*,)?r?bind(,.*)?")
				&& options.hasNonNull("device")) {
			type = "bind";
			source = options.get("device").asString();
		}
		return type + "|" + source + "|" + mount.path("Target").asString("") + "|"
				+ (mount.path("ReadOnly").asBoolean() ? "ro" : "rw") + "|"
				+ mount.path("BindOptions").path("Propagation").asString("");
	}

}
