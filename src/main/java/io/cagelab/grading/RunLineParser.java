package io.cagelab.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
		// Accepted and kept out of the model: they do not bear on any hardening rule.
		for (String other : List.of("--name", "--hostname", "-h", "--workdir", "-w", "--entrypoint", "--label", "-l",
				"--env-file", "--label-file", "--log-driver", "--log-opt", "--memory-reservation", "--kernel-memory",
				"--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-rt-period", "--cpu-rt-runtime", "--stop-signal",
				"--stop-timeout", "--health-interval", "--health-retries", "--health-timeout", "--health-start-period",
				"--add-host", "--dns", "--dns-option", "--dns-search", "--mac-address", "--ip", "--ip6", "--platform",
				"--pull", "--storage-opt", "--shm-size", "--group-add", "--expose", "--attach", "-a", "--cidfile",
				"--isolation", "--oom-score-adj", "--volume-driver", "--link", "--network-alias",
				"--domainname", "--detach-keys", "--blkio-weight", "--blkio-weight-device", "--device-read-bps",
				"--device-write-bps", "--device-read-iops", "--device-write-iops", "--runtime", "--sysctl", "--annotation",
				"--cgroupns", "--memory-swappiness", "--link-local-ip", "--init-path")) {
			VALUED.put(other, other.replaceFirst("^-+", ""));
		}
		switches("privileged", "--privileged");
		switches("read-only", "--read-only");
		switches("no-healthcheck", "--no-healthcheck");
		switches("publish-all", "--publish-all", "-P");
		for (String other : List.of("--interactive", "-i", "--tty", "-t", "--detach", "-d", "--rm", "--init",
				"--oom-kill-disable", "--quiet", "-q", "--sig-proxy", "--disable-content-trust",
				"--use-api-socket")) {
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
	 * commands are skipped. Throws a {@link GradingException} pointing at the first word that cannot be read.
	 */
	public List<ParsedRun> parse(String text) {
		List<ParsedRun> runs = new ArrayList<>();
		for (List<Word> command : ShellWords.commands(text)) {
			int start = subcommandIndex(command);
			if (start >= 0) {
				runs.add(new ParsedRun(container(command, start + 1), command.get(0).line()));
			}
		}
		return runs;
	}

	/** Find {@code run} or {@code create} after {@code docker} (and an optional {@code container}), or -1. */
	private static int subcommandIndex(List<Word> command) {
		int i = 0;
		if (i < command.size() && command.get(i).text().equals("sudo")) {
			i++;
		}
		if (i >= command.size() || !command.get(i).text().equals("docker")) {
			return -1;
		}
		i++;
		// Global options of the docker command itself, such as --context or -H.
		while (i < command.size() && command.get(i).text().startsWith("-")) {
			String option = command.get(i).text();
			i += (option.contains("=") || option.equals("--debug") || option.equals("-D") || option.equals("--tls")
					|| option.equals("--tlsverify")) ? 1 : 2;
		}
		if (i < command.size() && command.get(i).text().equals("container")) {
			i++;
		}
		return (i < command.size() && SUBCOMMANDS.contains(command.get(i).text())) ? i : -1;
	}

	private static ContainerModel container(List<Word> words, int first) {
		ContainerModel model = new ContainerModel(Kind.RUN);
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
						apply(model, VALUED.get(name), text.substring(equals + 1), word);
						i++;
					}
					else {
						apply(model, VALUED.get(name), valueAfter(words, i, name), word);
						i += 2;
					}
				}
				else {
					throw new GradingException(word.line(), word.column(), "run.option.unknown", name);
				}
			}
			else {
				i = shortFlags(model, words, i);
			}
		}
		if (i >= words.size()) {
			Word last = words.get(words.size() - 1);
			throw new GradingException(last.line(), last.column() + last.text().length(),
					"run.image.missing");
		}
		model.image = words.get(i).text();
		model.wrote("image", words.get(i).line());
		for (Word argument : words.subList(i + 1, words.size())) {
			model.command.add(argument.text());
		}
		return model;
	}

	/** Read a group of short flags such as {@code -itd}, {@code -p8080:80} or {@code -dp 80:80}; return the next index. */
	private static int shortFlags(ContainerModel model, List<Word> words, int index) {
		Word word = words.get(index);
		String group = word.text().substring(1);
		for (int k = 0; k < group.length(); k++) {
			String name = "-" + group.charAt(k);
			if (SWITCHES.containsKey(name)) {
				applySwitch(model, SWITCHES.get(name), "true", word);
			}
			else if (VALUED.containsKey(name)) {
				String rest = group.substring(k + 1);
				if (!rest.isEmpty()) {
					apply(model, VALUED.get(name), rest.startsWith("=") ? rest.substring(1) : rest, word);
					return index + 1;
				}
				apply(model, VALUED.get(name), valueAfter(words, index, name), word);
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

	private static void applySwitch(ContainerModel model, String setting, String value, Word word) {
		boolean on = switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1" -> true;
			case "false", "0" -> false;
			default -> throw new GradingException(word.line(), word.column(), "run.switch.notBoolean", setting,
					value);
		};
		model.wrote(setting, word.line());
		switch (setting) {
			case "privileged" -> model.privileged = on;
			case "read-only" -> model.readOnly = on;
			case "no-healthcheck" -> model.noHealthCheck = on;
			case "publish-all" -> model.publishAll = on;
			default -> {
			}
		}
	}

	private static void apply(ContainerModel model, String setting, String value, Word word) {
		model.wrote(setting, word.line());
		try {
			switch (setting) {
				case "user" -> model.user = value;
				case "cap-add" -> model.capAdd.addAll(capabilities(value));
				case "cap-drop" -> model.capDrop.addAll(capabilities(value));
				case "security-opt" -> model.securityOpts.add(value);
				case "pids-limit" -> model.pidsLimit = Numbers.whole(value);
				case "memory" -> model.memory = Sizes.bytes(value);
				case "memory-swap" -> model.memorySwap = value.equals("-1") ? -1L : Sizes.bytes(value);
				case "cpus" -> model.cpus = Numbers.decimal(value);
				case "cpu-quota" -> model.cpuQuota = Numbers.whole(value);
				case "cpu-shares" -> model.cpuShares = Numbers.whole(value);
				case "tmpfs" -> model.tmpfs.add(value);
				case "network" -> model.network = value;
				case "pid" -> model.pid = value;
				case "ipc" -> model.ipc = value;
				case "uts" -> model.uts = value;
				case "userns" -> model.userns = value;
				case "cgroup-parent" -> model.cgroupParent = value;
				case "volume" -> model.mounts.add(Mounts.fromVolume(value));
				case "mount" -> model.mounts.add(Mounts.fromMount(value));
				case "volumes-from" -> model.volumesFrom.add(value);
				case "device", "device-cgroup-rule", "gpus" -> model.devices.add(setting + "=" + value);
				case "publish" -> model.ports.add(Ports.parse(value));
				case "ulimit" -> ulimit(model, value);
				case "restart" -> model.restart = value;
				case "health-cmd" -> model.healthCheck = true;
				case "env" -> env(model, value);
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

	private static List<String> capabilities(String value) {
		List<String> names = new ArrayList<>();
		for (String name : value.split(",")) {
			names.add(ContainerModel.capabilityName(name));
		}
		return names;
	}

	private static void ulimit(ContainerModel model, String value) {
		int equals = value.indexOf('=');
		if (equals <= 0) {
			throw new ProblemException("run.ulimit.syntax");
		}
		model.ulimits.put(value.substring(0, equals), value.substring(equals + 1));
	}

	private static void env(ContainerModel model, String value) {
		int equals = value.indexOf('=');
		if (equals < 0) {
			model.env.put(value, null);
		}
		else {
			model.env.put(value.substring(0, equals), value.substring(equals + 1));
		}
	}

}
