package io.cagelab.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cagelab.grading.ContainerModel.Mount;
import io.cagelab.grading.ShellWords.Word;

/**
 * Read {@code docker run}, {@code docker container run}, {@code docker create} and {@code docker container create}
 * commands out of shell text, following the Docker CLI's grammar: long and short flags, {@code --flag=value} and
 * {@code --flag value}, grouped short flags such as {@code -itd}, repeated flags, quoting and line continuations.
 */
public final class RunLineParser {

	/** Options that take a value, by every name they go by; the value is the setting's name in the model. */
	private static final Map<String, String> VALUED = new HashMap<>();

	/** Options that are on or off, by every name they go by. */
	private static final Map<String, String> SWITCHES = new HashMap<>();

	static {
		valued("user", "--user", "-u");
		valued("cap-add", "--cap-add");
		valued("cap-drop", "--cap-drop");
		valued("security-opt", "--security-opt");
		valued("pids-limit", "--pids-limit");
		valued("memory", "--memory", "-m");
		valued("memory-swap", "--memory-swap");
		valued("cpus", "--cpus");
		valued("cpu-quota", "--cpu-quota");
		valued("cpu-shares", "--cpu-shares", "-c");
		valued("tmpfs", "--tmpfs");
		valued("network", "--network", "--net");
		valued("pid", "--pid");
		valued("ipc", "--ipc");
		valued("uts", "--uts");
		valued("userns", "--userns");
		valued("cgroup-parent", "--cgroup-parent");
		valued("volume", "--volume", "-v");
		valued("mount", "--mount");
		valued("volumes-from", "--volumes-from");
		valued("device", "--device");
		valued("device-cgroup-rule", "--device-cgroup-rule");
		valued("gpus", "--gpus");
		valued("publish", "--publish", "-p");
		valued("ulimit", "--ulimit");
		valued("restart", "--restart");
		valued("health-cmd", "--health-cmd");
		valued("env", "--env", "-e");
		valued("name", "--name");
		valued("cgroupns", "--cgroupns");
		valued("health-interval", "--health-interval");
		valued("health-timeout", "--health-timeout");
		valued("health-start-period", "--health-start-period");
		valued("health-start-interval", "--health-start-interval");
		valued("health-retries", "--health-retries");
		// Accepted and kept out of the model: they do not bear on any hardening rule.
		for (String other : List.of("--hostname", "-h", "--workdir", "-w", "--entrypoint", "--label", "-l",
				"--env-file", "--label-file", "--log-driver", "--log-opt", "--memory-reservation", "--kernel-memory",
				"--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-rt-period", "--cpu-rt-runtime", "--stop-signal",
				"--stop-timeout", "--add-host", "--dns", "--dns-option", "--dns-search", "--mac-address", "--ip", "--ip6", "--platform",
				"--pull", "--storage-opt", "--shm-size", "--group-add", "--expose", "--attach", "-a", "--cidfile",
				"--isolation", "--oom-score-adj", "--volume-driver", "--link", "--network-alias", "--net-alias",
				"--domainname", "--detach-keys", "--blkio-weight", "--blkio-weight-device", "--device-read-bps",
				"--device-write-bps", "--device-read-iops", "--device-write-iops", "--runtime", "--sysctl", "--annotation",
				"--memory-swappiness", "--link-local-ip", "--init-path")) {
			VALUED.put(other, other.replaceFirst("^-+", ""));
		}
		switches("privileged", "--privileged");
		switches("read-only", "--read-only");
		switches("no-healthcheck", "--no-healthcheck");
		switches("publish-all", "--publish-all", "-P");
		switches("use-api-socket", "--use-api-socket");
		for (String other : List.of("--interactive", "-i", "--tty", "-t", "--detach", "-d", "--rm", "--init",
				"--oom-kill-disable", "--quiet", "-q", "--sig-proxy", "--disable-content-trust")) {
			SWITCHES.put(other, other.replaceFirst("^-+", ""));
		}
	}

	private static final Set<String> SUBCOMMANDS = Set.of("run", "create");

	private static void valued(String setting, String... names) {
		for (String name : names) {
			VALUED.put(name, setting);
		}
	}

	private static void switches(String setting, String... names) {
		for (String name : names) {
			SWITCHES.put(name, setting);
		}
	}

	/** Whether {@code name} is an option of docker run as the command line spells it, such as --user or -p. */
	static boolean isOption(String name) {
		return VALUED.containsKey(name) || SWITCHES.containsKey(name);
	}

	/** A container described by one command, and the line the command starts on. */
	public record ParsedRun(ContainerModel container, int line) {
	}

	/**
	 * Return every container that the text's {@code docker run} and {@code docker create} commands describe; other
	 * commands are skipped. A command is found where bash would run it: after {@code sudo}, {@code exec},
	 * {@code time}, {@code command}, {@code env}, {@code nohup} or {@code nice} and their options, after variable
	 * assignments ({@code DOCKER_BUILDKIT=1 docker run}), inside {@code if ...; then ...; fi} and loops, in a command
	 * substitution, and by an absolute path ({@code /usr/bin/docker}). Named volumes made by
	 * {@code docker volume create} earlier in the text keep their driver options. Throws a {@link GradingException}
	 * pointing at the first word that cannot be read.
	 */
	public List<ParsedRun> parse(String text) {
		List<ParsedRun> runs = new ArrayList<>();
		Map<String, Map<String, String>> volumes = new HashMap<>();
		for (List<Word> command : ShellWords.commands(text)) {
			int docker = dockerIndex(command);
			if (docker < 0) {
				continue;
			}
			int start = subcommandIndex(command, docker);
			if (start >= 0) {
				runs.add(new ParsedRun(container(command, start + 1, volumes), command.get(docker).line()));
			}
			else {
				volumeCreate(command, docker, volumes);
			}
		}
		return runs;
	}

	/** Words that start a compound command, after which a command starts again. */
	private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "do", "while", "until", "!", "{",
			"}", "time", "exec", "command", "nohup", "builtin", "eval");

	/** The options of sudo that take a value. */
	private static final Set<String> SUDO_VALUED = Set.of("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T",
			"--user", "--group", "--host", "--prompt", "--close-from", "--chdir", "--role", "--type", "--other-user",
			"--command-timeout");

	private static final java.util.regex.Pattern ASSIGNMENT = java.util.regex.Pattern
		.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*", java.util.regex.Pattern.DOTALL);

	/** The index of the word {@code docker} that the command runs, past what bash runs it through; or -1. */
	static int dockerIndex(List<Word> command) {
		int i = 0;
		while (i < command.size()) {
			String word = command.get(i).text();
			if (word.equals("docker") || word.startsWith("/") && word.endsWith("/docker")) {
				return i;
			}
			if (RESERVED.contains(word) || ASSIGNMENT.matcher(word).matches()) {
				i++;
				// time -p, command -p, exec -a name, exec -c, exec -l
				while (i < command.size() && command.get(i).text().matches("-[pcl]+")) {
					i++;
				}
				if (word.equals("exec") && i < command.size() && command.get(i).text().equals("-a")) {
					i += 2;
				}
			}
			else if (word.equals("sudo") || word.endsWith("/sudo")) {
				i++;
				while (i < command.size() && command.get(i).text().startsWith("-")) {
					String option = command.get(i).text();
					i += (SUDO_VALUED.contains(option) || option.matches("-[^-]*[ugpChDrtUT]")) ? 2 : 1;
					if (option.equals("--")) {
						break;
					}
				}
			}
			else if (word.equals("env") || word.endsWith("/env")) {
				i++;
				while (i < command.size() && (command.get(i).text().startsWith("-")
						|| ASSIGNMENT.matcher(command.get(i).text()).matches())) {
					String option = command.get(i).text();
					i += List.of("-u", "--unset", "-C", "--chdir", "-S", "--split-string").contains(option) ? 2 : 1;
				}
			}
			else if (word.equals("nice")) {
				i++;
				if (i < command.size() && command.get(i).text().equals("-n")) {
					i += 2;
				}
				else if (i < command.size() && command.get(i).text().matches("-n?-?\\d+|--adjustment=.*")) {
					i++;
				}
			}
			else {
				return -1;
			}
		}
		return -1;
	}

	/** Find {@code run} or {@code create} after {@code docker} (and an optional {@code container}), or -1. */
	private static int subcommandIndex(List<Word> command, int docker) {
		int i = globalOptionsEnd(command, docker);
		if (i < command.size() && command.get(i).text().equals("container")) {
			i++;
		}
		return (i < command.size() && SUBCOMMANDS.contains(command.get(i).text())) ? i : -1;
	}

	/** The index after the global options of the docker command itself, such as --context or -H. */
	private static int globalOptionsEnd(List<Word> command, int docker) {
		int i = docker + 1;
		while (i < command.size() && command.get(i).text().startsWith("-")) {
			String option = command.get(i).text();
			i += (option.contains("=") || option.equals("--debug") || option.equals("-D") || option.equals("--tls")
					|| option.equals("--tlsverify")) ? 1 : 2;
		}
		return i;
	}

	/** {@code docker volume create --opt type=none --opt o=bind --opt device=/etc name}: remember its options. */
	private static void volumeCreate(List<Word> command, int docker, Map<String, Map<String, String>> volumes) {
		int i = globalOptionsEnd(command, docker);
		if (i + 1 >= command.size() || !command.get(i).text().equals("volume")
				|| !command.get(i + 1).text().equals("create")) {
			return;
		}
		Map<String, String> options = new HashMap<>();
		String name = null;
		String driver = "local";
		for (int k = i + 2; k < command.size(); k++) {
			String word = command.get(k).text();
			String value = null;
			String option = word;
			if (word.startsWith("--") && word.contains("=")) {
				option = word.substring(0, word.indexOf('='));
				value = word.substring(word.indexOf('=') + 1);
			}
			if (List.of("--opt", "-o", "--driver", "-d", "--label", "--name").contains(option)) {
				if (value == null && k + 1 < command.size()) {
					value = command.get(++k).text();
				}
				if (value == null) {
					continue;
				}
				switch (option) {
					case "--opt", "-o" -> {
						String[] pair = value.split("=", 2);
						options.put(pair[0], (pair.length > 1) ? pair[1] : "");
					}
					case "--driver", "-d" -> driver = value;
					case "--name" -> name = value;
					default -> {
					}
				}
			}
			else if (!word.startsWith("-")) {
				name = word;
			}
		}
		if (name != null && driver.equals("local")) {
			volumes.put(name, options);
		}
	}

	private static ContainerModel container(List<Word> words, int first, Map<String, Map<String, String>> volumes) {
		ContainerModel model = new ContainerModel(Kind.RUN);
		Reading reading = new Reading(model, volumes);
		model.wrote("container", words.get(0).line());
		int i = first;
		while (i < words.size()) {
			Word word = words.get(i);
			String text = word.text();
			if (text.equals("--")) {
				i++;
				break;
			}
			if (!text.startsWith("-") || text.equals("-")) {
				break;
			}
			if (text.startsWith("--")) {
				int equals = text.indexOf('=');
				String name = (equals > 0) ? text.substring(0, equals) : text;
				if (SWITCHES.containsKey(name)) {
					applySwitch(model, SWITCHES.get(name), (equals > 0) ? text.substring(equals + 1) : "true", word);
					i++;
				}
				else if (VALUED.containsKey(name)) {
					if (equals > 0) {
						reading.apply(VALUED.get(name), text.substring(equals + 1), word);
						i++;
					}
					else {
						reading.apply(VALUED.get(name), valueAfter(words, i, name), word);
						i += 2;
					}
				}
				else {
					throw new GradingException(word.line(), word.column(), "run.option.unknown", name);
				}
			}
			else {
				i = shortFlags(reading, words, i);
			}
		}
		if (i >= words.size()) {
			Word last = words.get(words.size() - 1);
			throw new GradingException(last.line(), last.column() + last.text().length(),
					"run.image.missing");
		}
		Word image = words.get(i);
		try {
			CliValues.image(image.text());
		}
		catch (ProblemException ex) {
			throw new GradingException(image.line(), image.column(), ex.problem());
		}
		model.image = image.text();
		model.wrote("image", image.line());
		for (Word argument : words.subList(i + 1, words.size())) {
			model.command.add(argument.text());
		}
		reading.finish(words.get(0));
		return model;
	}

	/** Read a group of short flags such as {@code -itd}, {@code -p8080:80} or {@code -dp 80:80}; return the next index. */
	private static int shortFlags(Reading reading, List<Word> words, int index) {
		Word word = words.get(index);
		String group = word.text().substring(1);
		for (int k = 0; k < group.length(); k++) {
			String name = "-" + group.charAt(k);
			if (SWITCHES.containsKey(name)) {
				if (k + 1 < group.length() && group.charAt(k + 1) == '=') {
					// -i=false: a switch takes its value after = only.
					applySwitch(reading.model, SWITCHES.get(name), group.substring(k + 2), word);
					return index + 1;
				}
				applySwitch(reading.model, SWITCHES.get(name), "true", word);
			}
			else if (VALUED.containsKey(name)) {
				String rest = group.substring(k + 1);
				if (!rest.isEmpty()) {
					reading.apply(VALUED.get(name), rest.startsWith("=") ? rest.substring(1) : rest, word);
					return index + 1;
				}
				reading.apply(VALUED.get(name), valueAfter(words, index, name), word);
				return index + 2;
			}
			else {
				throw new GradingException(word.line(), word.column() + k + 1, "run.option.unknown", name);
			}
		}
		return index + 1;
	}

	private static String valueAfter(List<Word> words, int index, String name) {
		if (index + 1 >= words.size()) {
			Word word = words.get(index);
			throw new GradingException(word.line(), word.column(), "run.option.needsValue", name);
		}
		return words.get(index + 1).text();
	}

	/** A switch takes the booleans Go reads: true, 1, t, T, TRUE, True, and their false. */
	private static void applySwitch(ContainerModel model, String setting, String value, Word word) {
		Boolean on = CliValues.goBoolean(value);
		if (on == null) {
			throw new GradingException(word.line(), word.column(), "run.switch.notBoolean", setting, value);
		}
		model.wrote(setting, word.line());
		switch (setting) {
			case "privileged" -> model.privileged = on;
			case "read-only" -> model.readOnly = on;
			case "no-healthcheck" -> model.noHealthCheck = on;
			case "publish-all" -> model.publishAll = on;
			case "use-api-socket" -> {
				// The CLI binds the engine's socket into the container, at the same path.
				model.mounts.removeIf((mount) -> mount.equals(API_SOCKET));
				if (on) {
					model.mounts.add(API_SOCKET);
					model.wrote("volume", word.line());
				}
			}
			default -> {
			}
		}
	}

	/** What --use-api-socket mounts. */
	static final Mount API_SOCKET = new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, "");

	/** The settings of one command as they are read, and what is checked once they all are. */
	private static final class Reading {

		final ContainerModel model;

		final Map<String, Map<String, String>> volumes;

		final List<String> networks = new ArrayList<>();

		boolean healthOptions;

		Word healthWord;

		String healthCmd;

		Word memoryWord;

		Word networkWord;

		Reading(ContainerModel model, Map<String, Map<String, String>> volumes) {
			this.model = model;
			this.volumes = volumes;
		}

		void apply(String setting, String value, Word word) {
			ContainerModel model = this.model;
			model.wrote(setting, word.line());
			try {
				switch (setting) {
					// -u "" keeps the image's user, as no -u does.
					case "user" -> model.user = value.isEmpty() ? null : value;
					case "cap-add" -> model.capAdd.add(CliValues.capability(value));
					case "cap-drop" -> model.capDrop.add(CliValues.capability(value));
					case "security-opt" -> {
						CliValues.securityOption(value);
						model.securityOpts.add(value);
					}
					case "pids-limit" -> model.pidsLimit = CliValues.goInteger(value);
					case "memory" -> {
						long memory = CliValues.memory(value);
						model.memory = (memory == 0) ? null : memory;
						this.memoryWord = word;
					}
					case "memory-swap" -> {
						long swap = value.equals("-1") ? -1L : CliValues.ramInBytes(value);
						model.memorySwap = (swap == 0) ? null : swap;
					}
					case "cpus" -> {
						double cpus = CliValues.cpus(value);
						model.cpus = (cpus == 0) ? null : cpus;
					}
					case "cpu-quota" -> {
						long quota = CliValues.goInteger(value);
						if (quota > 0 && quota < 1000) {
							throw new ProblemException("cpus.quota.tooSmall", value);
						}
						model.cpuQuota = quota;
					}
					case "cpu-shares" -> model.cpuShares = CliValues.goInteger(value);
					case "tmpfs" -> model.tmpfs.add(value);
					case "network" -> {
						String network = CliValues.network(value);
						this.networks.add(network);
						this.networkWord = word;
						model.network = network;
					}
					case "pid" -> model.pid = CliValues.namespace("pid", value);
					case "ipc" -> model.ipc = CliValues.namespace("ipc", value);
					case "uts" -> model.uts = CliValues.namespace("uts", value);
					case "userns" -> model.userns = CliValues.namespace("userns", value);
					case "cgroupns" -> CliValues.namespace("cgroupns", value);
					case "cgroup-parent" -> model.cgroupParent = value;
					case "volume" -> model.mounts.add(Mounts.fromVolume(value, this.volumes));
					case "mount" -> model.mounts.add(Mounts.fromMount(value, this.volumes));
					case "volumes-from" -> model.volumesFrom.add(value);
					case "device", "device-cgroup-rule", "gpus" -> model.devices.add(setting + "=" + value);
					case "publish" -> model.ports.add(Ports.parse(value));
					case "ulimit" -> ulimit(model, value);
					case "restart" -> model.restart = CliValues.restart(value);
					case "health-cmd" -> {
						this.healthCmd = value;
						this.healthWord = word;
						model.healthCheck = !value.isEmpty();
						if (!value.isEmpty()) {
							this.healthOptions = true;
						}
					}
					case "health-interval", "health-timeout", "health-start-period", "health-start-interval" -> {
						CliValues.duration(value);
						this.healthOptions |= !value.equals("0") && !value.matches("[+-]?0+(\\.0*)?[a-zµμ]+");
						this.healthWord = word;
					}
					case "health-retries" -> {
						this.healthOptions |= CliValues.goInteger(value) != 0;
						this.healthWord = word;
					}
					case "env" -> env(model, value);
					case "name" -> CliValues.containerName(value);
					default -> {
						// An option the rules do not look at.
					}
				}
			}
			catch (IllegalArgumentException ex) {
				throw new GradingException(word.line(), word.column(), "run.value.unreadable", value, setting,
						Problem.of(ex));
			}
		}

		/** What the CLI and the engine check across options, once all are read. */
		void finish(Word command) {
			if (this.model.noHealthCheck && this.healthOptions) {
				throw new GradingException(this.healthWord.line(), this.healthWord.column(), "run.healthcheck.conflict");
			}
			Long memory = this.model.memory;
			Long swap = this.model.memorySwap;
			Word at = (this.memoryWord != null) ? this.memoryWord : command;
			if (swap != null && swap > 0 && memory == null) {
				throw new GradingException(at.line(), at.column(), "memory.swap.withoutMemory");
			}
			if (swap != null && swap > 0 && swap < memory) {
				throw new GradingException(at.line(), at.column(), "memory.swap.belowMemory");
			}
			if (this.networks.size() > 1 && this.networks.stream().anyMatch(CliValues::isBuiltInNetwork)) {
				throw new GradingException(this.networkWord.line(), this.networkWord.column(), "network.several",
						String.join(", ", this.networks));
			}
		}

	}

	private static void ulimit(ContainerModel model, String value) {
		String limits = CliValues.ulimit(value);
		String name = value.substring(0, value.indexOf('='));
		String[] ends = limits.split(":");
		model.ulimits.put(name, ends[0].equals(ends[1]) ? ends[0] : limits);
	}

	private static void env(ContainerModel model, String value) {
		int equals = value.indexOf('=');
		if (equals == 0) {
			throw new ProblemException("env.name.empty", value);
		}
		if (equals < 0) {
			model.env.put(value, null);
		}
		else {
			model.env.put(value.substring(0, equals), value.substring(equals + 1));
		}
	}

}
