package io.cagelab.sandbox.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Ulimit;
import io.cagelab.sandbox.ContainerPlan;
import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.EngineFacts;
import io.cagelab.sandbox.EngineProperties;
import io.cagelab.sandbox.ProbeResult;
import io.cagelab.sandbox.SandboxBackend;
import io.cagelab.sandbox.SandboxContainer;
import io.cagelab.sandbox.SandboxLabels;
import io.cagelab.sandbox.SandboxTerminal;
import io.cagelab.sandbox.SandboxUsage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Run sandboxes on a Docker engine through docker-java.
 */
class DockerSandboxBackend implements SandboxBackend {

	static final String HOME = "/home/learner";

	private final DockerClient docker;

	private final Scheduler scheduler;

	private final EngineProperties properties;

	DockerSandboxBackend(DockerClient docker, Scheduler scheduler, EngineProperties properties) {
		this.docker = docker;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@Override
	public Mono<EngineFacts> describeEngine() {
		return call("read the engine's information", () -> toFacts(this.docker.infoCmd().exec()));
	}

	@Override
	public Mono<String> start(ContainerPlan plan) {
		return call("start a sandbox from " + plan.image(), () -> {
			String network = plan.isolatedNetwork() ? createIsolatedNetwork(plan) : "none";
			String id = this.docker.createContainerCmd(plan.image())
				.withName(plan.name())
				.withUser(plan.user())
				.withLabels(plan.labels())
				.withHostName("sandbox")
				.withWorkingDir(HOME)
				.withEnv("HOME=" + HOME)
				.withHostConfig(hostConfig(plan, network))
				.exec()
				.getId();
			try {
				ContainerGuard.verify(this.docker.inspectContainerCmd(id).exec(), plan);
				this.docker.startContainerCmd(id).exec();
				return id;
			}
			catch (RuntimeException ex) {
				removeQuietly(id);
				if (!"none".equals(network)) {
					removeNetwork(network);
				}
				throw ex;
			}
		});
	}

	@Override
	public Mono<Void> remove(String containerId) {
		return call("remove the container " + containerId, () -> {
			String network = null;
			try {
				InspectContainerResponse container = this.docker.inspectContainerCmd(containerId).exec();
				network = container.getHostConfig().getNetworkMode();
				this.docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
			}
			catch (NotFoundException ex) {
				// Already gone: that is what was asked.
			}
			catch (ConflictException ex) {
				// Someone else (the reaper, a second tab) is removing it: wait for that to finish.
				waitUntilGone(containerId);
			}
			if (network != null && network.startsWith(ContainerGuard.NETWORK_PREFIX)) {
				removeNetwork(network);
			}
			return true;
		}).then();
	}

	@Override
	public Mono<ProbeResult> probe(String containerId, List<String> command, Duration timeout) {
		// The engine call outlives the command's own timeout, which is reported as exit code -1 rather than an error.
		return call("run a check in " + containerId, timeout.plus(this.properties.callTimeout()), () -> {
			String execId = this.docker.execCreateCmd(containerId)
				.withAttachStdout(true)
				.withAttachStderr(true)
				.withCmd(command.toArray(String[]::new))
				.exec()
				.getId();
			ProbeOutput output = new ProbeOutput();
			try (ProbeOutput running = this.docker.execStartCmd(execId).exec(output)) {
				if (!running.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					return new ProbeResult(-1, running.text());
				}
			}
			Long exitCode = this.docker.inspectExecCmd(execId).exec().getExitCodeLong();
			return new ProbeResult((exitCode != null) ? exitCode.intValue() : -1, output.text());
		});
	}

	/** A check's output, kept up to a bound: a probe reads a few lines, never megabytes. */
	private static final class ProbeOutput extends ResultCallback.Adapter<Frame> {

		private static final int MAX_BYTES = 64 * 1024;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		@Override
		public void onNext(Frame frame) {
			synchronized (this.bytes) {
				int room = MAX_BYTES - this.bytes.size();
				if (room > 0) {
					this.bytes.write(frame.getPayload(), 0, Math.min(room, frame.getPayload().length));
				}
			}
		}

		String text() {
			synchronized (this.bytes) {
				return this.bytes.toString(StandardCharsets.UTF_8);
			}
		}

	}

	@Override
	public Mono<SandboxTerminal> openTerminal(String containerId, Locale language) {
		return call("open a terminal in " + containerId, () -> {
			// Marks the shell's processes, so that closing the terminal can find and end its session.
			String mark = DockerTerminal.mark();
			String execId = this.docker.execCreateCmd(containerId)
				.withTty(true)
				.withAttachStdin(true)
				.withAttachStdout(true)
				.withAttachStderr(true)
				// The image's bash.bashrc greets with /etc/motd.$CAGELAB_LANG when there is one.
				.withEnv(List.of("TERM=xterm-256color", "HOME=" + HOME, "CAGELAB_LANG=" + language.getLanguage(), mark))
				.withWorkingDir(HOME)
				.withCmd("bash", "-l")
				.exec()
				.getId();
			return new DockerTerminal(this.docker, this.scheduler, containerId, execId, mark);
		});
	}

	@Override
	public Mono<Boolean> isRunning(String containerId) {
		return call("inspect the container " + containerId, () -> {
			try {
				return Boolean.TRUE.equals(this.docker.inspectContainerCmd(containerId).exec().getState().getRunning());
			}
			catch (NotFoundException ex) {
				return false;
			}
		});
	}

	@Override
	public Flux<SandboxContainer> sandboxContainers(String installation) {
		return call("list the sandbox containers", () -> this.docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(SandboxLabels.INSTALLATION, installation))
			.exec())
			.flatMapIterable((containers) -> containers.stream().map(DockerSandboxBackend::toSandboxContainer).toList());
	}

	@Override
	public Flux<SandboxUsage> usage(String containerId) {
		return call("read the limits of " + containerId, () -> this.docker.inspectContainerCmd(containerId).exec())
			.flatMapMany((container) -> {
				HostConfig limits = container.getHostConfig();
				long pidsLimit = (limits.getPidsLimit() != null) ? limits.getPidsLimit() : 0;
				double cpuLimit = (limits.getNanoCPUs() != null) ? limits.getNanoCPUs() / 10_000_000.0 : 0;
				return statistics(containerId).map((stats) -> toUsage(stats, pidsLimit, cpuLimit));
			});
	}

	private Flux<Statistics> statistics(String containerId) {
		return Flux.<Statistics>create((sink) -> {
			ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {

				@Override
				public void onNext(Statistics stats) {
					sink.next(stats);
				}

				@Override
				public void onError(Throwable ex) {
					sink.error(new EngineException("Could not read the resource use of " + containerId + ": "
							+ ex.getMessage(), ex));
				}

				@Override
				public void onComplete() {
					sink.complete();
				}

			};
			// Closing the engine's stream can block until it ends: never do it on the event loop that cancelled.
			sink.onDispose(() -> this.scheduler.schedule(() -> closeQuietly(callback)));
			this.docker.statsCmd(containerId).exec(callback);
		}).subscribeOn(this.scheduler);
	}

	private static SandboxUsage toUsage(Statistics stats, long pidsLimit, double cpuLimit) {
		long pids = (stats.getPidsStats() != null && stats.getPidsStats().getCurrent() != null)
				? stats.getPidsStats().getCurrent() : 0;
		long memory = 0;
		long memoryLimit = 0;
		if (stats.getMemoryStats() != null) {
			memory = (stats.getMemoryStats().getUsage() != null) ? stats.getMemoryStats().getUsage() : 0;
			memoryLimit = (stats.getMemoryStats().getLimit() != null) ? stats.getMemoryStats().getLimit() : 0;
		}
		return new SandboxUsage(pids, pidsLimit, memory, memoryLimit, cpuPercent(stats), cpuLimit);
	}

	/** Share of one CPU used since the previous sample, as {@code docker stats} computes it. */
	private static double cpuPercent(Statistics stats) {
		var now = stats.getCpuStats();
		var before = stats.getPreCpuStats();
		if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
				|| now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null) {
			return 0;
		}
		long cpuDelta = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
		long systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
		long cpus = (now.getOnlineCpus() != null) ? now.getOnlineCpus() : 1;
		return (systemDelta > 0 && cpuDelta > 0) ? 100.0 * cpuDelta / systemDelta * cpus : 0;
	}

	private static HostConfig hostConfig(ContainerPlan plan, String network) {
		List<Ulimit> ulimits = plan.ulimits()
			.entrySet()
			.stream()
			.map((limit) -> new Ulimit(limit.getKey(), limit.getValue(), limit.getValue()))
			.toList();
		List<String> securityOptions = new ArrayList<>();
		// Said either way: an engine may default to no-new-privileges, and a trial must show what the learner wrote.
		securityOptions.add("no-new-privileges:" + plan.noNewPrivileges());
		if (plan.seccompProfile() != null) {
			securityOptions.add("seccomp=" + plan.seccompProfile());
		}
		return HostConfig.newHostConfig()
			.withCapDrop(Capability.ALL)
			.withCapAdd(plan.addedCapabilities().stream().map(Capability::valueOf).toArray(Capability[]::new))
			.withSecurityOpts(securityOptions)
			.withPrivileged(false)
			.withReadonlyRootfs(plan.readOnlyRoot())
			.withPidsLimit(plan.pidsLimit())
			.withMemory(plan.memoryBytes())
			.withMemorySwap(plan.memoryBytes())
			.withNanoCPUs(plan.nanoCpus())
			.withUlimits(ulimits)
			.withTmpFs(plan.tmpfs())
			.withSysctls(plan.sysctls())
			.withNetworkMode(network)
			// Docker's default on cgroup v1 is the host's cgroup namespace, where /proc/self/cgroup names host paths.
			.withCgroupnsMode("private")
			// What a sandbox writes to PID 1's output is kept on the host's disk: bounded here, whatever the engine's own
			// default.
			.withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, ContainerGuard.LOG_OPTIONS))
			.withRuntime(plan.runtime())
			// A real init as PID 1 reaps the zombies a fork bomb leaves, so the pids count falls back.
			.withInit(true);
	}

	private String createIsolatedNetwork(ContainerPlan plan) {
		String name = ContainerGuard.NETWORK_PREFIX + plan.labels().get(SandboxLabels.SANDBOX);
		Map<String, String> labels = new HashMap<>(plan.labels());
		// Internal: no route out. No address on the host's side of the bridge: no way to the host's own services.
		this.docker.createNetworkCmd()
			.withName(name)
			.withInternal(true)
			.withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true"))
			.withLabels(labels)
			.exec();
		return name;
	}

	private void waitUntilGone(String containerId) {
		long deadline = System.nanoTime() + this.properties.callTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			try {
				this.docker.inspectContainerCmd(containerId).exec();
				Thread.sleep(50);
			}
			catch (NotFoundException ex) {
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void removeNetwork(String network) {
		try {
			this.docker.removeNetworkCmd(network).exec();
		}
		catch (NotFoundException ex) {
			// Already gone.
		}
	}

	private void removeQuietly(String containerId) {
		try {
			this.docker.removeContainerCmd(containerId).withForce(true).exec();
		}
		catch (RuntimeException ex) {
			// The reaper removes whatever is left.
		}
	}

	private static void closeQuietly(ResultCallback.Adapter<Statistics> callback) {
		try {
			callback.close();
		}
		catch (Exception ex) {
			// Nothing to do: the stream is over either way.
		}
	}

	private static SandboxContainer toSandboxContainer(Container container) {
		return new SandboxContainer(container.getId(), container.getLabels().get(SandboxLabels.SANDBOX),
				"running".equalsIgnoreCase(container.getState()));
	}

	/** Run one blocking engine call off the event loop, with a timeout and a message that says what failed. */
	private <T> Mono<T> call(String action, Callable<T> call) {
		return call(action, this.properties.callTimeout(), call);
	}

	private <T> Mono<T> call(String action, Duration timeout, Callable<T> call) {
		return Mono.fromCallable(call)
			.subscribeOn(this.scheduler)
			.timeout(timeout)
			.onErrorMap((ex) -> !(ex instanceof EngineException || ex instanceof SandboxGuardException),
					(ex) -> new EngineException(describeFailure(action, ex), ex));
	}

	private String describeFailure(String action, Throwable ex) {
		if (ex instanceof TimeoutException) {
			return "Could not " + action + ": the container engine did not answer in time";
		}
		return "Could not " + action + " at " + engineAddress() + ": " + rootMessage(ex)
				+ " (is the engine running? `./cagelab engine` starts one)";
	}

	private String engineAddress() {
		return this.properties.host().isBlank()
				? System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock") : this.properties.host();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage().trim() : root.getClass().getSimpleName();
	}

	private static EngineFacts toFacts(Info info) {
		Map<String, ?> runtimes = (info.getRuntimes() != null) ? info.getRuntimes() : Map.of();
		return new EngineFacts(info.getServerVersion(), info.getOperatingSystem(), info.getKernelVersion(),
				info.getCGroupVersion(), info.getCGroupDriver(), info.getDriver(),
				(info.getSecurityOptions() != null) ? List.copyOf(info.getSecurityOptions()) : List.of(),
				runtimes.keySet().stream().sorted().toList());
	}

}
