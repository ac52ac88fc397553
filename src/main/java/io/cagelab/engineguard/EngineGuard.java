package io.cagelab.engineguard;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one process that holds the engine's socket: it forwards to the engine what {@link EnginePolicy} allows,
 * streams and hijacked connections included, and answers everything else with 403 and a JSON message.
 */
public final class EngineGuard implements AutoCloseable {

	/** The guard's own endpoint, outside the engine's API: how many requests it refused. */
	static final String REFUSALS_PATH = "/_guard/refusals";

	private static final Logger log = LoggerFactory.getLogger(EngineGuard.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Hop-by-hop headers, and the body's framing, which the guard sets itself. */
	private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
			"transfer-encoding", "content-length", "te", "trailer", "upgrade");

	private final Path engine;

	private final EnginePolicy policy;

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "engine-guard");
		thread.setDaemon(true);
		return thread;
	});

	private final Semaphore connections;

	private final AtomicLong refusals = new AtomicLong();

	EnginePolicy policy() {
		return this.policy;
	}

	private EngineGuard(GuardProperties properties, FloorRules rules) throws IOException {
		this.engine = Path.of(properties.engine());
		this.policy = new EnginePolicy(rules, new SocketLookups(this.engine));
		this.connections = new Semaphore(properties.maxConnections());
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getByName(properties.host()), properties.port()), 128);
	}

	/** Listen, and serve each connection on a thread of its own. */
	public static EngineGuard start(GuardProperties properties, FloorRules rules) throws IOException {
		EngineGuard guard = new EngineGuard(properties, rules);
		Thread acceptor = new Thread(guard::accept, "engine-guard-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		log.info("Engine guard for installation {} on {}:{}, in front of {}", rules.installation(), properties.host(),
				guard.port(), guard.engine);
		return guard;
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public long refusals() {
		return this.refusals.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				// A terminal's keystrokes and echoes are a few bytes each: sent at once, not held for more.
				client.setTcpNoDelay(true);
				if (!this.connections.tryAcquire()) {
					log.warn("Engine guard: connection from {} refused, all connections busy", client.getRemoteSocketAddress());
					client.close();
					continue;
				}
				this.threads.execute(() -> {
					try (client) {
						serve(client);
					}
					catch (IOException ex) {
						log.debug("Engine guard: connection from {} ended: {}", client.getRemoteSocketAddress(), ex.toString());
					}
					finally {
						this.connections.release();
					}
				});
			}
			catch (IOException ex) {
				if (!this.server.isClosed()) {
					log.warn("Engine guard: accept failed", ex);
				}
			}
		}
	}

	/** Answer the client's requests until one is forwarded, which then has the connection to itself. */
	private void serve(Socket client) throws IOException {
		InputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
		OutputStream out = client.getOutputStream();
		String who = client.getRemoteSocketAddress().toString();
		while (true) {
			HttpHead request = HttpHead.read(in);
			if (request == null) {
				return;
			}
			byte[] body;
			EnginePolicy.Decision decision;
			try {
				body = request.readBody(in, false);
				decision = request.path().equals(REFUSALS_PATH) && request.method().equals("GET") ? null
						: this.policy.decide(request, body);
			}
			catch (IOException | RuntimeException ex) {
				refuse(out, who, request, EnginePolicy.Decision.refuse("an unreadable request: " + ex.getMessage()));
				return;
			}
			if (decision == null) {
				answer(out, 200, JSON.createObjectNode().put("refusals", this.refusals.get()));
			}
			else if (decision.status() == 404) {
				answer(out, 404, JSON.createObjectNode().put("message", decision.reason()));
			}
			else if (!decision.allowed()) {
				refuse(out, who, request, decision);
			}
			else {
				forward(request, body, in, out);
				return;
			}
			if (request.close()) {
				return;
			}
		}
	}

	private void refuse(OutputStream out, String who, HttpHead request, EnginePolicy.Decision decision)
			throws IOException {
		this.refusals.incrementAndGet();
		log.warn("Engine guard refused {} {} from {}: {}", request.method(), request.target(), who, decision.reason());
		answer(out, 403, JSON.createObjectNode().put("message", "Refused by Cagelab's engine guard: " + decision.reason()));
	}

	private static void answer(OutputStream out, int status, ObjectNode json) throws IOException {
		byte[] body = JSON.writeValueAsBytes(json);
		String reason = switch (status) {
			case 200 -> "OK";
			case 403 -> "Forbidden";
			default -> "Not Found";
		};
		out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	/**
	 * Send one request to the engine and relay what comes back until the engine closes: the engine is told to close
	 * after its answer, so no second request can follow unchecked on this connection; a hijacked one carries the
	 * terminal's bytes both ways from then on.
	 */
	private void forward(HttpHead request, byte[] body, InputStream clientIn, OutputStream clientOut) throws IOException {
		try (EngineSocket upstream = new EngineSocket(this.engine)) {
			StringBuilder head = new StringBuilder(request.first()).append("\r\n");
			for (String[] header : request.headers()) {
				if (!HOP_HEADERS.contains(header[0].toLowerCase(Locale.ROOT))) {
					head.append(header[0]).append(": ").append(header[1]).append("\r\n");
				}
			}
			boolean upgrade = request.upgrade();
			if (upgrade) {
				head.append("Upgrade: ").append(request.header("Upgrade")).append("\r\nConnection: Upgrade\r\n");
			}
			else {
				head.append("Connection: close\r\n");
			}
			if (body.length > 0 || !request.method().equals("GET") && !request.method().equals("HEAD")) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			upstream.out().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			upstream.out().write(body);
			InputStream engineIn = upstream.in();
			if (upgrade && !switched(engineIn, clientOut)) {
				// Not taken over (a 404, a 409): that one answer, then this connection ends, as a plain call's does.
				return;
			}
			if (upgrade) {
				this.threads.execute(() -> {
					try {
						clientIn.transferTo(upstream.out());
					}
					catch (IOException ex) {
						// The client or the engine went away: the other direction ends too.
					}
					upstream.shutdownOutput();
				});
			}
			byte[] buffer = new byte[16 * 1024];
			int n;
			while ((n = engineIn.read(buffer)) >= 0) {
				clientOut.write(buffer, 0, n);
				clientOut.flush();
			}
		}
	}

	/**
	 * Relay the engine's answer to a request that asked to take over its connection, and tell whether the engine
	 * switched protocols: only then may the client's bytes go to the engine unread. Any other answer is relayed whole.
	 */
	private static boolean switched(InputStream engineIn, OutputStream clientOut) throws IOException {
		HttpHead answer = HttpHead.read(engineIn);
		if (answer == null) {
			throw new IOException("the engine closed the connection without an answer");
		}
		boolean switched = answer.status() == 101;
		StringBuilder head = new StringBuilder(answer.first()).append("\r\n");
		for (String[] header : answer.headers()) {
			if (switched || !Set.of("connection", "transfer-encoding", "content-length")
				.contains(header[0].toLowerCase(Locale.ROOT))) {
				head.append(header[0]).append(": ").append(header[1]).append("\r\n");
			}
		}
		byte[] body = switched ? new byte[0] : answer.readBody(engineIn, false);
		if (!switched) {
			head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n");
		}
		head.append("\r\n");
		clientOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		clientOut.write(body);
		clientOut.flush();
		return switched;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.threads.shutdownNow();
	}

	/** Lookups on the engine's own socket, each on a connection of its own. */
	private record SocketLookups(Path engine) implements EnginePolicy.Engine {

		@Override
		public Lookup containerInstallation(String id) throws IOException {
			JsonNode found = inspect("/containers/" + id + "/json");
			return (found == null) ? new Lookup(true, null)
					: new Lookup(false, CreateBody.strings(found.path("Config").path("Labels")).get(SandboxLabels.INSTALLATION));
		}

		@Override
		public Lookup exec(String id) throws IOException {
			JsonNode found = inspect("/exec/" + id + "/json");
			return (found == null) ? new Lookup(true, null) : new Lookup(false, found.path("ContainerID").asString());
		}

		@Override
		public Lookup networkInstallation(String id) throws IOException {
			JsonNode found = inspect("/networks/" + id);
			return (found == null) ? new Lookup(true, null)
					: new Lookup(false, CreateBody.strings(found.path("Labels")).get(SandboxLabels.INSTALLATION));
		}

		private JsonNode inspect(String path) throws IOException {
			EngineSocket.Answer answer = EngineSocket.get(this.engine, path.replace(" ", "%20"));
			if (answer.status() == 404) {
				return null;
			}
			if (answer.status() != 200) {
				throw new IOException("the engine answered " + answer.status() + " to GET " + path);
			}
			return JSON.readTree(answer.body());
		}

	}

}
