package io.cagelab.engineguard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.cagelab.DockerCli;
import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxLabels;
import io.cagelab.sandbox.SysAdminSeccompProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compromised app: whatever it sends to the engine guard in front of the real engine, raw HTTP as an attacker
 * would write it, each request below the floor or outside the allow-list is refused for its reason, and a
 * floor-compliant sandbox still starts.
 */
@Tag("engine")
class EngineGuardTests {

	static final String INSTALLATION = System.getProperty("cagelab.tests.installation", "cagelab-tests") + "-guard";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	static EngineGuard guard;

	static String other;

	@BeforeAll
	static void startGuard() throws IOException {
		guard = EngineGuard.start(new GuardProperties("127.0.0.1:0", "/var/run/docker.sock", 64),
				new FloorRules(List.of("cagelab/sandbox:1", "cagelab/sandbox:latest"), INSTALLATION, 512,
						256L * 1024 * 1024, 0.5));
		DockerCli.Result run = DockerCli.docker("run", "-d", "--name", INSTALLATION + "-other", "--label",
				SandboxLabels.INSTALLATION + "=someone-else", "--network", "none", "cagelab/sandbox:1", "sleep", "300");
		assertThat(run.exitCode()).as(run.output()).isZero();
		other = run.output().lines().reduce((first, last) -> last).orElseThrow();
	}

	@AfterAll
	static void stopGuard() throws IOException {
		DockerCli.docker("rm", "-f", INSTALLATION + "-other", INSTALLATION + "-ok");
		// What a smuggled create made, should the guard ever let one through again.
		String smuggled = DockerCli.docker("ps", "-aq", "--filter", "label=" + SandboxLabels.SANDBOX + "=smuggled")
			.output();
		if (!smuggled.isBlank()) {
			DockerCli.docker("rm", "-f", smuggled.strip());
		}
		guard.close();
	}

	/** A create body that meets the floor, as the app sends it. */
	static ObjectNode compliant() {
		return (ObjectNode) JSON.readTree("""
				{"Image": "cagelab/sandbox:1", "User": "10000:1000", "Cmd": ["sleep", "300"],
				 "Labels": {"io.cagelab.installation": "%s", "io.cagelab.sandbox": "guard-test"},
				 "HostConfig": {"CapDrop": ["ALL"], "SecurityOpt": ["no-new-privileges:true"], "PidsLimit": 64,
				   "Memory": 67108864, "MemorySwap": 67108864, "NanoCpus": 500000000, "NetworkMode": "none",
				   "CgroupnsMode": "private", "Init": true}}
				""".formatted(INSTALLATION));
	}

	static ObjectNode host(ObjectNode body) {
		return (ObjectNode) body.get("HostConfig");
	}

	static HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guard.port() + path))
			.timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody());
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(JSON.readTree(response.body()).path("message").asString()).contains(reason);
	}

	static HttpResponse<String> create(Consumer<ObjectNode> change) throws Exception {
		ObjectNode body = compliant();
		change.accept(body);
		return send("POST", "/v1.41/containers/create", JSON.writeValueAsString(body));
	}

	@Test
	void aPrivilegedContainerIsRefused() throws Exception {
		assertRefused(create((b) -> host(b).put("Privileged", true)), "below the floor: privileged");
	}

	@Test
	void aBindOfTheHostsRootIsRefused() throws Exception {
		assertRefused(create((b) -> host(b).putArray("Binds").add("/:/host")), "bind of a host path /:/host");
	}

	@Test
	void aVolumeWhoseDriverOptionsBindTheHostsRootIsRefused() throws Exception {
		assertRefused(create((b) -> host(b).set("Mounts", JSON.readTree("""
				[{"Type": "volume", "Source": "root", "Target": "/host", "VolumeOptions": {"DriverConfig":
				  {"Name": "local", "Options": {"type": "none", "o": "bind", "device": "/"}}}}]"""))),
				"volume root with driver options");
		assertRefused(send("POST", "/volumes/create",
				"{\"Name\": \"root\", \"DriverOpts\": {\"type\": \"none\", \"o\": \"bind\", \"device\": \"/\"}}"),
				"endpoint not allowed: POST /volumes/create");
	}

	@Test
	void sysAdminWithoutTheLabsSeccompProfileIsRefused() throws Exception {
		assertRefused(create((b) -> host(b).putArray("CapAdd").add("SYS_ADMIN")),
				"SYS_ADMIN without the lab's seccomp profile");
		assertRefused(create((b) -> host(b).putArray("CapAdd").add("CAP_SYS_MODULE")),
				"capability SYS_MODULE outside the allow-list");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			PidMode      | host       | pid namespace host
			IpcMode      | host       | ipc namespace host
			UTSMode      | host       | uts namespace host
			NetworkMode  | host       | network host
			UsernsMode   | host       | user namespace host
			CgroupnsMode | host       | cgroup namespace host
			""")
	void hostNamespacesAreRefused(String field, String value, String reason) throws Exception {
		assertRefused(create((b) -> host(b).put(field, value)), reason);
	}

	@Test
	void unconfinedSecurityOptionsAndUnmaskedSystemPathsAreRefused() throws Exception {
		assertRefused(create((b) -> host(b).putArray("SecurityOpt").add("seccomp=unconfined")),
				"security option seccomp=unconfined");
		assertRefused(create((b) -> host(b).putArray("SecurityOpt").add("apparmor=unconfined")),
				"security option apparmor=unconfined");
		// What `--security-opt systempaths=unconfined` becomes in the API.
		assertRefused(create((b) -> {
			host(b).putArray("MaskedPaths");
			host(b).putArray("ReadonlyPaths");
		}), "system paths unmasked");
	}

	@Test
	void devicesLimitsImagesAndLabelsBelowTheFloorAreRefused() throws Exception {
		assertRefused(create((b) -> host(b).set("Devices", JSON.readTree(
				"[{\"PathOnHost\": \"/dev/sda\", \"PathInContainer\": \"/dev/sda\", \"CgroupPermissions\": \"rwm\"}]"))),
				"devices");
		assertRefused(create((b) -> host(b).putArray("DeviceCgroupRules").add("b 8:* rmw")), "device cgroup rules");
		assertRefused(create((b) -> host(b).remove("PidsLimit")), "pids limit null");
		assertRefused(create((b) -> host(b).remove(List.of("Memory", "MemorySwap"))), "memory null");
		assertRefused(create((b) -> host(b).remove("NanoCpus")), "CPU null");
		assertRefused(create((b) -> b.put("Image", "alpine:latest")), "image alpine:latest outside the allow-list");
		assertRefused(create((b) -> ((ObjectNode) b.get("Labels")).put(SandboxLabels.INSTALLATION, "someone-else")),
				"installation label someone-else instead of " + INSTALLATION);
	}

	@Test
	void aFieldNamedTwiceIsRefusedSinceTheEngineReadsNamesIgnoringCase() throws Exception {
		String body = JSON.writeValueAsString(compliant())
			.replace("\"CapDrop\"", "\"Privileged\": false, \"privileged\": true, \"CapDrop\"");
		assertRefused(send("POST", "/containers/create", body), "fields named twice");
		String lowerCase = JSON.writeValueAsString(compliant()).replace("\"CapDrop\"", "\"privileged\": true, \"CapDrop\"");
		assertRefused(send("POST", "/containers/create", lowerCase), "below the floor: privileged");
	}

	@Test
	void aPrivilegedExecAndAnExecIntoAnotherInstallationsContainerAreRefused() throws Exception {
		HttpResponse<String> created = send("POST", "/v1.41/containers/create?name=" + INSTALLATION + "-ok",
				JSON.writeValueAsString(compliant()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = JSON.readTree(created.body()).path("Id").asString();
		assertThat(send("POST", "/v1.41/containers/" + id + "/start", null).statusCode()).isEqualTo(204);
		assertRefused(send("POST", "/v1.41/containers/" + id + "/exec",
				"{\"Cmd\": [\"id\"], \"Privileged\": true, \"AttachStdout\": true}"), "a privileged exec");
		HttpResponse<String> exec = send("POST", "/v1.41/containers/" + id + "/exec",
				"{\"Cmd\": [\"id\"], \"AttachStdout\": true}");
		assertThat(exec.statusCode()).as(exec.body()).isEqualTo(201);
		assertRefused(send("POST", "/v1.41/containers/" + other + "/exec", "{\"Cmd\": [\"id\"]}"),
				"is not this installation's");
		assertRefused(send("GET", "/containers/" + other + "/json", null), "is not this installation's");
		assertRefused(send("DELETE", "/containers/" + other + "?force=true", null), "is not this installation's");
		assertThat(send("GET", "/containers/no-such-container-" + INSTALLATION + "/json", null).statusCode())
			.as("a container that does not exist is not found, as the app expects").isEqualTo(404);
		assertThat(send("DELETE", "/v1.41/containers/" + id + "?force=true", null).statusCode()).isEqualTo(204);
	}

	@Test
	void imagePullsBuildsAndEverythingOffTheListAreRefused() throws Exception {
		assertRefused(send("POST", "/v1.41/images/create?fromImage=alpine&tag=latest", ""),
				"endpoint not allowed: POST /images/create");
		assertRefused(send("POST", "/build", ""), "endpoint not allowed: POST /build");
		assertRefused(send("GET", "/plugins", null), "endpoint not allowed");
		assertRefused(send("POST", "/swarm/init", "{}"), "endpoint not allowed");
		assertRefused(send("POST", "/system/prune", ""), "endpoint not allowed");
		assertRefused(send("POST", "/containers/prune", ""), "endpoint not allowed");
		assertRefused(send("GET", "/containers/" + other + "/export", null), "endpoint not allowed");
		assertRefused(send("POST", "/v1.20/containers/" + other + "/start", "{\"Privileged\": true}"),
				"API version 1.20");
		assertRefused(send("POST", "/containers/%2e%2e/images/create", ""), "a path with escapes");
	}

	@Test
	void theContainerListNeedsThisInstallationsLabelFilter() throws Exception {
		assertRefused(send("GET", "/v1.41/containers/json?all=true", null), "without the filter label="
				+ SandboxLabels.INSTALLATION + "=" + INSTALLATION);
		assertRefused(send("GET", "/containers/json?filters=" + encode("{\"label\":[\"io.cagelab.installation=someone-else\"]}"),
				null), "without the filter");
		HttpResponse<String> own = send("GET", "/containers/json?all=1&filters="
				+ encode("{\"label\":[\"" + SandboxLabels.INSTALLATION + "=" + INSTALLATION + "\"]}"), null);
		assertThat(own.statusCode()).isEqualTo(200);
		JsonNode listed = JSON.readTree(own.body());
		listed.forEach((container) -> assertThat(container.path("Labels").path(SandboxLabels.INSTALLATION).asString())
			.isEqualTo(INSTALLATION));
	}

	@Test
	void aLabsSysAdminWithItsSeccompProfileIsNotRefusedForIt() throws Exception {
		ObjectNode body = compliant();
		host(body).putArray("CapAdd").add("SYS_ADMIN");
		host(body).putArray("SecurityOpt").add("no-new-privileges:true").add("seccomp=" + SysAdminSeccompProfile.JSON);
		assertThat(guard.policy().decide(head("POST /containers/create"), JSON.writeValueAsBytes(body)).allowed()).isTrue();
	}

	@Test
	void everyRefusalIsCountedAndTheCountIsExposed() throws Exception {
		long before = guard.refusals();
		assertRefused(send("POST", "/images/create?fromImage=alpine", ""), "endpoint not allowed");
		assertThat(guard.refusals()).isEqualTo(before + 1);
		HttpResponse<String> count = send("GET", EngineGuard.REFUSALS_PATH, null);
		assertThat(JSON.readTree(count.body()).path("refusals").asLong()).isEqualTo(before + 1);
	}

	/**
	 * The smuggling attack: a call that may pass asks to take over its connection, and a privileged create follows on
	 * it unchecked if the guard then relays the client's bytes as a terminal's. Only an attach or an exec start may take
	 * a connection over, and only once the engine switched protocols; otherwise the connection ends after one answer.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			GET /v1.41/_ping                                    | 200
			POST /v1.41/containers/no-such-container/attach?stream=1 | 404
			""")
	void aRequestThatAsksToTakeOverItsConnectionCannotSmuggleASecondOne(String call, int status) throws Exception {
		ObjectNode privileged = compliant();
		host(privileged).put("Privileged", true);
		((ObjectNode) privileged.get("Labels")).put(SandboxLabels.SANDBOX, "smuggled");
		byte[] create = JSON.writeValueAsBytes(privileged);
		String pipelined = call + " HTTP/1.1\r\nHost: docker\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n"
				+ (call.startsWith("POST") ? "Content-Length: 0\r\n" : "") + "\r\n"
				+ "POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + create.length + "\r\n\r\n" + new String(create, java.nio.charset.StandardCharsets.UTF_8);
		java.io.ByteArrayOutputStream answers = new java.io.ByteArrayOutputStream();
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", guard.port())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(pipelined.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			byte[] buffer = new byte[8192];
			for (int n; (n = socket.getInputStream().read(buffer)) >= 0;) {
				answers.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketTimeoutException stillOpen) {
			// A connection the guard kept for the next call: what it answered so far is what counts.
		}
		String answered = answers.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(answered).startsWith("HTTP/1.1 " + status);
		// Either the connection ended after that one answer, or the second call was judged as a call of its own.
		String[] answersSeen = answered.split("HTTP/1\\.1 ", -1);
		assertThat(answersSeen.length).as(answered).isBetween(2, 3);
		if (answersSeen.length == 3) {
			assertThat(answersSeen[2]).startsWith("403").contains("privileged");
		}
		assertThat(DockerCli.docker("ps", "-aq", "--filter", "label=" + SandboxLabels.SANDBOX + "=smuggled").output())
			.as("no container made by the smuggled create").isEmpty();
	}

	/** The attack: a sandbox joins the internal network of another installation's sandbox, to reach it. */
	@Test
	void aSandboxNetworkOfAnotherInstallationIsRefused() throws Exception {
		String network = "cagelab-net-" + INSTALLATION + "-theirs";
		DockerCli.Result made = DockerCli.docker("network", "create", "--internal", "--label",
				SandboxLabels.INSTALLATION + "=someone-else", network);
		assertThat(made.exitCode()).as(made.output()).isZero();
		try {
			assertRefused(create((body) -> host(body).put("NetworkMode", network)),
					"the network " + network + " of another installation");
			assertRefused(create((body) -> host(body).put("NetworkMode", "cagelab-net-nobody-made-it")),
					"of no installation");
		}
		finally {
			DockerCli.docker("network", "rm", network);
		}
	}

	static HttpHead head(String requestLine) {
		return new HttpHead(requestLine + " HTTP/1.1", List.of());
	}

	static String encode(String text) {
		return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
	}

}
