package io.cagelab.engineguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.cagelab.BrowserSession;
import io.cagelab.DockerCli;
import io.cagelab.sandbox.SandboxLabels;
import io.cagelab.terminal.TerminalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classroom deployment as a trainer runs it: {@code docker-compose up -d --build} (Debian's 1.29) from a clean
 * copy of the work tree, the app healthy behind the engine guard, a learner's sandbox started and typed into through
 * the guard, the data kept across {@code down} and {@code up}, a compromised app refused from inside its own
 * container, a backup made inside the service and restored on a fresh volume, and {@code down -v} leaving nothing of the project (its image, tagged for the project, included). One
 * compose project for all, built once; run by failsafe after {@code package}, since the image is built from
 * {@code target/cagelab.jar}.
 */
@Tag("engine")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeDeploymentTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration HEALTHY_WITHIN = Duration.ofSeconds(180);

	static final Duration WAIT = Duration.ofSeconds(30);

	/** A project of its own per run: its containers, networks, volume, image tag and installation label. */
	static final String PROJECT = "cagelab-compose-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	static final String IMAGE = "cagelab/app:" + PROJECT;

	static final String ADMIN_PASSWORD = "compose-admin-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

	static final String LEARNER_PASSWORD = "compose-learner-password";

	static final List<String> MEASURED = new ArrayList<>();

	static final Map<String, String> CONTAINERS = new java.util.concurrent.ConcurrentHashMap<>();

	static Path tree;

	static int port;

	static String otherContainer;

	static String sandboxId;

	static String sandboxContainer;

	@BeforeAll
	static void composeUpFromACleanCopy() throws Exception {
		Path jar = Path.of("target", "cagelab.jar").toAbsolutePath();
		assertThat(jar).as("the jar the image is built from (./cagelab images, or ./mvnw package)").exists();
		assertThat(DockerCli.docker("image", "inspect", "cagelab/java:bookworm").exitCode())
			.as("the local base that ./cagelab images makes, cagelab/java:bookworm").isZero();
		tree = Files.createTempDirectory("cagelab-compose-");
		copyWorkTree(Path.of("").toAbsolutePath(), tree);
		Files.createDirectories(tree.resolve("target"));
		Files.copy(jar, tree.resolve("target/cagelab.jar"));
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		int dockerGid = (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
		Files.writeString(tree.resolve(".env"), """
				DOCKER_GID=%d
				CAGELAB_ADMIN_PASSWORD=%s
				CAGELAB_PORT=%d
				CAGELAB_IMAGE=%s
				CAGELAB_INSTALLATION=%s
				""".formatted(dockerGid, ADMIN_PASSWORD, port, IMAGE, PROJECT));
		long started = System.nanoTime();
		compose("up", "-d", "--build");
		long built = System.nanoTime();
		awaitHealthy();
		measured("compose up --build, to the command's end", built - started);
		measured("compose up --build, to the app healthy", System.nanoTime() - started);
		DockerCli.Result other = DockerCli.docker("run", "-d", "--label", SandboxLabels.INSTALLATION + "=someone-else",
				"--network", "none", "cagelab/sandbox:1", "sleep", "300");
		assertThat(other.exitCode()).as(other.output()).isZero();
		otherContainer = other.output().lines().reduce((first, last) -> last).orElseThrow();
	}

	@AfterAll
	static void composeDownEvenOnFailure() throws IOException {
		try {
			if (tree != null) {
				run(composeCommand("down", "-v", "--rmi", "all", "--remove-orphans"));
			}
		}
		finally {
			for (String filter : List.of(SandboxLabels.INSTALLATION + "=" + PROJECT,
					"com.docker.compose.project=" + PROJECT)) {
				String left = DockerCli.docker("ps", "-aq", "--filter", "label=" + filter).output();
				if (!left.isBlank()) {
					List<String> remove = new ArrayList<>(List.of("rm", "-f"));
					remove.addAll(left.lines().toList());
					DockerCli.docker(remove.toArray(String[]::new));
				}
			}
			if (otherContainer != null) {
				DockerCli.docker("rm", "-f", otherContainer);
			}
			DockerCli.docker("image", "rm", IMAGE);
			if (tree != null) {
				FileSystemUtils.deleteRecursively(tree);
			}
			Path report = Files.createDirectories(Path.of("target", "benchmarks")).resolve("compose.txt");
			Files.write(report, MEASURED);
		}
	}

	@Test
	@Order(1)
	void bothServicesRunHardenedAndOnlyTheGuardHoldsTheSocket() {
		String app = containerOf("cagelab");
		String guard = containerOf("engine-guard");
		assertThat(DockerCli.inspect(app, "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} "
				+ "{{.HostConfig.SecurityOpt}} {{.HostConfig.PidsLimit}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"))
			.isEqualTo("10000:10000 true [ALL] [no-new-privileges:true] 1024 805306368 2000000000");
		assertThat(DockerCli.inspect(app, "{{range .Mounts}}{{.Type}}:{{.Destination}} {{end}}").trim())
			.isEqualTo("volume:/data");
		assertThat(DockerCli.inspect(app, "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
			.isEqualTo("on-failure:5");
		assertThat(DockerCli.exec(app, "test -e /var/run/docker.sock").exitCode()).as("no socket in the app").isOne();
		assertThat(DockerCli.exec(app, "touch /opt/cagelab/x").output()).contains("Read-only file system");
		assertThat(DockerCli.inspect(guard, "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} "
				+ "{{.HostConfig.UsernsMode}}")).isEqualTo("10001:10001 true [ALL] host");
		assertThat(DockerCli.inspect(guard, "{{range .Mounts}}{{.Type}}:{{.Source}}:{{.Destination}} {{end}}").trim())
			.isEqualTo("bind:/var/run/docker.sock:/var/run/docker.sock");
		assertThat(DockerCli.inspect(guard, "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}").trim())
			.as("the guard is on the internal network only").isEqualTo(PROJECT + "_engine");
		assertThat(DockerCli.docker("network", "inspect", "--format", "{{.Internal}}", PROJECT + "_engine").output())
			.isEqualTo("true");
	}

	@Test
	@Order(2)
	void aLearnersSandboxStartsAndItsTerminalAnswersThroughTheGuard() throws Exception {
		long refusedBefore = guardRefusals();
		BrowserSession admin = BrowserSession.loggedIn(client(), "admin", ADMIN_PASSWORD);
		admin.postJson("/api/admin/users", Map.of("username", "compose-alice", "password", LEARNER_PASSWORD, "role",
				"LEARNER")).expectStatus().isCreated();
		BrowserSession alice = BrowserSession.loggedIn(client(), "compose-alice", LEARNER_PASSWORD);
		long started = System.nanoTime();
		Map<?, ?> sandbox = alice.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus()
			.isCreated().expectBody(Map.class).returnResult().getResponseBody();
		measured("a sandbox start through compose and the guard (POST /api/sandboxes)", System.nanoTime() - started);
		sandboxId = (String) sandbox.get("id");
		sandboxContainer = (String) sandbox.get("containerId");
		assertThat(DockerCli.inspect(sandboxContainer, "{{index .Config.Labels \"" + SandboxLabels.INSTALLATION + "\"}}"))
			.isEqualTo(PROJECT);
		URI uri = URI.create("ws://localhost:" + port + "/ws/sandboxes/" + sandboxId + "/terminal");
		try (TerminalClient terminal = new TerminalClient(uri, alice.cookieHeader(), "http://localhost:" + port)) {
			terminal.awaitStatus("ready", WAIT);
			terminal.type("echo from-compose-$((40+2))\r");
			terminal.awaitOutput("from-compose-42", WAIT);
		}
		admin.postJson("/api/admin/users", Map.of("username", "compose-bob", "password", LEARNER_PASSWORD, "role",
				"LEARNER")).expectStatus().isCreated();
		BrowserSession bob = BrowserSession.loggedIn(client(), "compose-bob", LEARNER_PASSWORD);
		started = System.nanoTime();
		Map<?, ?> second = bob.postJson("/api/sandboxes", Map.of("exercise", "shared-kernel")).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		measured("the next sandbox start, the app warm", System.nanoTime() - started);
		bob.client().delete().uri("/api/sandboxes/" + second.get("id")).header("X-XSRF-TOKEN", bob.csrfToken())
			.exchange().expectStatus().isNoContent();
		assertThat(guardRefusals()).as("nothing the app itself asks is refused").isEqualTo(refusedBefore);
		measureDockerRunOfTheSameSettings(sandboxContainer);
	}

	@Test
	@Order(3)
	void aCompromisedAppIsRefusedByTheGuardFromInsideItsContainer() {
		assertRefused(create("\"Privileged\": true"), "below the floor: privileged");
		assertRefused(create("\"Binds\": [\"/:/host\"]"), "bind of a host path /:/host");
		assertRefused(create("""
				"Mounts": [{"Type": "volume", "Source": "root", "Target": "/host", "VolumeOptions": {"DriverConfig":
				  {"Name": "local", "Options": {"type": "none", "o": "bind", "device": "/"}}}}]"""),
				"volume root with driver options");
		assertRefused(fromTheApp("POST", "/volumes/create",
				"{\"Name\": \"root\", \"DriverOpts\": {\"type\": \"none\", \"o\": \"bind\", \"device\": \"/\"}}"),
				"endpoint not allowed: POST /volumes/create");
		assertRefused(create("\"CapAdd\": [\"SYS_ADMIN\"]"), "SYS_ADMIN without the lab's seccomp profile");
		assertRefused(create("\"PidMode\": \"host\""), "pid namespace host");
		assertRefused(create("\"SecurityOpt\": [\"no-new-privileges:true\", \"seccomp=unconfined\"]"),
				"security option seccomp=unconfined");
		assertRefused(fromTheApp("POST", "/v1.41/containers/" + sandboxContainer + "/exec",
				"{\"Cmd\": [\"id\"], \"Privileged\": true, \"AttachStdout\": true}"), "a privileged exec");
		assertRefused(fromTheApp("POST", "/v1.41/containers/" + otherContainer + "/exec", "{\"Cmd\": [\"id\"]}"),
				"is not this installation's");
		assertRefused(fromTheApp("POST", "/v1.41/images/create?fromImage=alpine&tag=latest", ""),
				"endpoint not allowed: POST /images/create");
		assertRefused(fromTheApp("GET", "/v1.41/containers/json?all=true", null), "without the filter label="
				+ SandboxLabels.INSTALLATION + "=" + PROJECT);
		// Created and started in one go: the app's reaper removes at once a labelled container no record knows.
		Reply started = fromTheApp(createBody(""), "id=$(curl -sS -X POST -H 'Content-Type: application/json' "
				+ "--data-binary \"$1\" http://engine-guard:2399/v1.41/containers/create"
				+ " | sed -n 's/.*\"Id\":\"\\([0-9a-f]*\\)\".*/\\1/p') && echo $id"
				+ " && curl -sS -X POST -w '\n%{http_code}' http://engine-guard:2399/v1.41/containers/$id/start");
		String id = started.body().lines().findFirst().orElse("");
		assertThat(id).as("the compliant create's id").matches("[0-9a-f]{64}");
		assertThat(started.status()).as(started.body()).isEqualTo(204);
		assertThat(fromTheApp("DELETE", "/v1.41/containers/" + id + "?force=true", null).status())
			.as("removed by the guard's caller, or already by the app's reaper").isIn(204, 404);
		assertThat(DockerCli.exists(id)).isFalse();
	}

	@Test
	@Order(4)
	void downThenUpKeepsTheAccountsAndTheSandboxRecord() throws Exception {
		compose("down");
		assertThat(DockerCli.docker("ps", "-aq", "--filter", "label=com.docker.compose.service=cagelab", "--filter",
				"label=com.docker.compose.project=" + PROJECT).output()).isEmpty();
		long started = System.nanoTime();
		compose("up", "-d");
		awaitHealthy();
		measured("compose up again on the kept volume, to the app healthy", System.nanoTime() - started);
		BrowserSession alice = BrowserSession.loggedIn(client(), "compose-alice", LEARNER_PASSWORD);
		Map<?, ?> sandbox = alice.get("/api/sandboxes/" + sandboxId).expectStatus().isOk().expectBody(Map.class)
			.returnResult().getResponseBody();
		assertThat(sandbox.get("containerId")).isEqualTo(sandboxContainer);
		alice.client().delete().uri("/api/sandboxes/" + sandboxId).header("X-XSRF-TOKEN", alice.csrfToken()).exchange()
			.expectStatus().isNoContent();
		assertThat(DockerCli.exists(sandboxContainer)).isFalse();
		BrowserSession.loggedIn(client(), "admin", ADMIN_PASSWORD);
		String app = containerOf("cagelab");
		measuredText("the app container's RSS idle after a restart",
				DockerCli.exec(app, "grep VmRSS /proc/1/status").output() + ", docker stats "
						+ DockerCli.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", app).output());
		measuredText("the guard container's RSS", DockerCli.exec(containerOf("engine-guard"), "grep VmRSS /proc/1/status")
			.output());
	}

	@Test
	@Order(5)
	void aBackupMadeInsideTheServiceRestoresOnAFreshVolumeAndNeverOverTheLiveOne() throws Exception {
		String app = containerOf("cagelab");
		DockerCli.Result backup = DockerCli.docker("exec", app, "java", "-jar", "/opt/cagelab/cagelab.jar", "backup",
				"/data/backups/compose.zip");
		assertThat(backup.exitCode()).as(backup.output()).isZero();
		Path file = tree.resolve("cagelab.zip");
		DockerCli.Result copied = DockerCli.docker("cp", app + ":/data/backups/compose.zip", file.toString());
		assertThat(copied.exitCode()).as(copied.output()).isZero();
		Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		Result overLive = run(composeCommand("run", "--rm", "--no-deps", "-v", file + ":/cagelab.zip:ro", "cagelab",
				"restore", "/cagelab.zip"));
		assertThat(overLive.exitCode()).as(overLive.output()).isOne();
		assertThat(overLive.output()).contains("already holds a database");
		String fresh = PROJECT + "-restored";
		try {
			DockerCli.Result restored = DockerCli.docker("run", "--rm", "--network", "none", "-v", fresh + ":/data", "-v",
					file + ":/cagelab.zip:ro", IMAGE, "restore", "/cagelab.zip");
			assertThat(restored.exitCode()).as(restored.output()).isZero();
			assertThat(DockerCli.docker("run", "--rm", "--network", "none", "-v", fresh + ":/data", "--entrypoint",
					"ls", IMAGE, "/data/db").output()).contains("cagelab.mv.db");
		}
		finally {
			DockerCli.docker("volume", "rm", "-f", fresh);
		}
	}

	@Test
	@Order(6)
	void downWithVolumesLeavesNothingOfTheProject() {
		DockerCli.docker("rm", "-f", otherContainer);
		long started = System.nanoTime();
		compose("down", "-v", "--rmi", "all", "--remove-orphans");
		measured("compose down -v --rmi all", System.nanoTime() - started);
		String project = "label=com.docker.compose.project=" + PROJECT;
		assertThat(DockerCli.docker("ps", "-aq", "--filter", project).output()).isEmpty();
		assertThat(DockerCli.docker("ps", "-aq", "--filter", "label=" + SandboxLabels.INSTALLATION + "=" + PROJECT)
			.output()).isEmpty();
		assertThat(DockerCli.docker("network", "ls", "-q", "--filter", project).output()).isEmpty();
		assertThat(DockerCli.docker("volume", "ls", "-q", "--filter", project).output()).isEmpty();
		assertThat(DockerCli.docker("image", "inspect", IMAGE).exitCode()).as("the project's image is removed").isOne();
	}

	// ------------------------------------------------------------------------------------------- helpers ---

	/** The files git would commit from the work tree, without what is ignored (target/, data/): a clean clone. */
	static void copyWorkTree(Path from, Path to) throws IOException {
		Result files = run(List.of("git", "-C", from.toString(), "ls-files", "-z", "--cached", "--others",
				"--exclude-standard"));
		for (String name : files.output().split("\0")) {
			Path source = from.resolve(name);
			if (name.isEmpty() || !Files.isRegularFile(source)) {
				continue;
			}
			Path target = to.resolve(name);
			Files.createDirectories(target.getParent());
			Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
		}
	}

	/** Debian's docker-compose 1.29 where it is installed (./cagelab test installs it), else Compose v2. */
	static List<String> composeCommand(String... args) {
		boolean v1 = run(List.of("sh", "-c", "command -v docker-compose")).exitCode() == 0;
		List<String> command = new ArrayList<>(v1 ? List.of("docker-compose") : List.of("docker", "compose"));
		command.addAll(List.of("-p", PROJECT));
		command.addAll(List.of(args));
		return command;
	}

	static void compose(String... args) {
		CONTAINERS.clear();
		List<String> command = composeCommand(args);
		Result result = run(command);
		assertThat(result.exitCode()).as("%s:%n%s", String.join(" ", command), result.output()).isZero();
	}

	/** The service's container, asked once after each compose command (compose itself takes a second to start). */
	static String containerOf(String service) {
		return CONTAINERS.computeIfAbsent(service, (name) -> {
			Result result = run(composeCommand("ps", "-q", name));
			assertThat(result.output()).as("the %s container", name).isNotBlank();
			return result.output().trim();
		});
	}

	static void awaitHealthy() throws InterruptedException {
		long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
		String app = containerOf("cagelab");
		String status = "";
		while (System.nanoTime() < deadline) {
			status = DockerCli.inspect(app, "{{.State.Status}} {{.State.Health.Status}}");
			if (status.equals("running healthy")) {
				return;
			}
			TimeUnit.MILLISECONDS.sleep(500);
		}
		throw new AssertionError("The app is " + status + " after " + HEALTHY_WITHIN.toSeconds() + " s:\n"
				+ DockerCli.docker("logs", "--tail", "60", app).output());
	}

	static WebTestClient client() {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
	}

	/** A create body that meets the floor, as the app sends it, with more HostConfig fields. */
	static String createBody(String hostConfig) {
		return """
				{"Image": "cagelab/sandbox:1", "User": "10000:1000", "Cmd": ["sleep", "300"],
				 "Labels": {"io.cagelab.installation": "%s", "io.cagelab.sandbox": "compose-test"},
				 "HostConfig": {"CapDrop": ["ALL"], "PidsLimit": 64, "Memory": 67108864, "MemorySwap": 67108864,
				   "NanoCpus": 500000000, "NetworkMode": "none", "CgroupnsMode": "private", "Init": true%s}}
				""".formatted(PROJECT, hostConfig.isEmpty() ? ", \"SecurityOpt\": [\"no-new-privileges:true\"]"
						: hostConfig.contains("SecurityOpt") ? ", " + hostConfig
								: ", \"SecurityOpt\": [\"no-new-privileges:true\"], " + hostConfig);
	}

	static Reply create(String hostConfig) {
		return fromTheApp("POST", "/v1.41/containers/create", createBody(hostConfig));
	}

	/** Send a request from inside the app's container to the engine address it has, as a compromised app would. */
	static Reply fromTheApp(String method, String path, String body) {
		List<String> curl = new ArrayList<>(List.of("curl", "-sS", "-X", method, "-H", "Content-Type: application/json",
				"-w", "\n%{http_code}"));
		if (body != null) {
			curl.addAll(List.of("--data-binary", body));
		}
		curl.add("http://engine-guard:2399" + path);
		return inTheApp(curl);
	}

	/** Run a shell script inside the app's container, with one argument; its last line is an HTTP status. */
	static Reply fromTheApp(String argument, String script) {
		return inTheApp(List.of("sh", "-c", script, "sh", argument));
	}

	static Reply inTheApp(List<String> command) {
		List<String> exec = new ArrayList<>(List.of("exec", containerOf("cagelab")));
		exec.addAll(command);
		DockerCli.Result result = DockerCli.docker(exec.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
		int newline = result.output().lastIndexOf('\n');
		return new Reply(Integer.parseInt(result.output().substring(newline + 1).trim()),
				(newline < 0) ? "" : result.output().substring(0, newline));
	}

	static void assertRefused(Reply reply, String reason) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(403);
		assertThat(JSON.readTree(reply.body()).path("message").asString()).contains(reason);
	}

	static long guardRefusals() {
		Reply count = fromTheApp("GET", EngineGuard.REFUSALS_PATH, null);
		return JSON.readTree(count.body()).path("refusals").asLong();
	}

	/** The same image and limits as the sandbox, started with {@code docker run}: what the cold start compares to. */
	static void measureDockerRunOfTheSameSettings(String sandbox) {
		JsonNode host = JSON.readTree(DockerCli.inspect(sandbox, "{{json .HostConfig}}"));
		List<Long> runs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long started = System.nanoTime();
			DockerCli.Result run = DockerCli.docker("run", "-d", "--rm", "--label",
					SandboxLabels.INSTALLATION + "=" + PROJECT, "--cap-drop", "ALL", "--security-opt",
					"no-new-privileges", "--pids-limit", host.path("PidsLimit").asString(), "--memory",
					host.path("Memory").asString(), "--memory-swap", host.path("MemorySwap").asString(), "--cpus",
					String.valueOf(host.path("NanoCpus").asLong() / 1e9), "--network", "none", "--read-only", "--tmpfs",
					"/tmp:size=64m", "--tmpfs", "/home/learner:size=64m", "--init", "--cgroupns", "private",
					"cagelab/sandbox:1");
			runs.add(System.nanoTime() - started);
			assertThat(run.exitCode()).as(run.output()).isZero();
			DockerCli.docker("rm", "-f", run.output().lines().reduce((first, last) -> last).orElseThrow());
		}
		runs.sort(null);
		measured("docker run -d of the same image and limits, median of 3", runs.get(1));
	}

	static void measured(String what, long nanos) {
		measuredText(what, (nanos / 1_000_000) + " ms");
	}

	static void measuredText(String what, String value) {
		MEASURED.add(what + ": " + value.replace('\n', ' '));
	}

	static Result run(List<String> command) {
		try {
			Path output = Files.createTempFile("compose-", ".out");
			try {
				Process process = new ProcessBuilder(command).directory((tree != null) ? tree.toFile() : null)
					.redirectErrorStream(true).redirectOutput(output.toFile()).start();
				process.getOutputStream().close();
				if (!process.waitFor(300, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
					throw new AssertionError(String.join(" ", command) + " did not finish in 300 s");
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	record Result(int exitCode, String output) {
	}

	record Reply(int status, String body) {
	}

}
