package io.cagelab.terminal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * A scripted terminal on the real WebSocket: type, send control messages, and wait for what comes back.
 */
public final class TerminalClient implements AutoCloseable {

	private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

	private final StringBuilder screen = new StringBuilder();

	private final Disposable connection;

	private volatile Throwable failure;

	private volatile boolean closed;

	public TerminalClient(URI uri, String cookies, String origin) {
		this(uri, cookies, origin, HttpClient.create());
	}

	/** A client on threads of its own: an attacker's traffic is made elsewhere than on the server's event loops. */
	TerminalClient(URI uri, String cookies, String origin, LoopResources threads) {
		this(uri, cookies, origin, HttpClient.create().runOn(threads));
	}

	private TerminalClient(URI uri, String cookies, String origin, HttpClient http) {
		HttpHeaders headers = new HttpHeaders();
		if (cookies != null) {
			headers.add(HttpHeaders.COOKIE, cookies);
		}
		if (origin != null) {
			headers.add(HttpHeaders.ORIGIN, origin);
		}
		this.connection = new ReactorNettyWebSocketClient(http).execute(uri, headers, (session) -> {
			Mono<Void> send = session.send(this.outbound.asFlux().map((message) -> (message instanceof byte[] bytes)
					? session.binaryMessage((factory) -> factory.wrap(bytes)) : session.textMessage((String) message)));
			Mono<Void> receive = session.receive().doOnNext((message) -> this.received.add(
					(message.getType() == WebSocketMessage.Type.TEXT) ? new Status(message.getPayloadAsText())
							: bytes(message)))
				.then();
			return Mono.zip(send, receive).then();
		}).doFinally((signal) -> this.closed = true).subscribe(null, (ex) -> this.failure = ex);
	}

	private static byte[] bytes(WebSocketMessage message) {
		byte[] bytes = new byte[message.getPayload().readableByteCount()];
		message.getPayload().read(bytes);
		return bytes;
	}

	public void type(String keys) {
		send(keys.getBytes(StandardCharsets.UTF_8));
	}

	/** Send one binary frame, as a terminal does for each batch of keys. */
	void send(byte[] keys) {
		this.outbound.tryEmitNext(keys);
	}

	public void control(String json) {
		this.outbound.tryEmitNext(json);
	}

	/** Wait until the screen shows the text, and return everything seen so far. */
	public String awaitOutput(String expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.screen.toString().contains(expected)) {
			Object next = poll(deadline, "output containing '" + expected + "'");
			if (next instanceof byte[] bytes) {
				this.screen.append(text(bytes));
			}
		}
		return this.screen.toString();
	}

	public String awaitStatus(String type, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Object next = poll(deadline, "a '" + type + "' message");
			if (next instanceof Status status && status.json().contains("\"type\":\"" + type + "\"")) {
				return status.json();
			}
			if (next instanceof byte[] bytes) {
				this.screen.append(text(bytes));
			}
		}
	}

	/** Wait for the next status message, whatever its type. */
	String awaitAnyStatus(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Object next = poll(deadline, "a status message");
			if (next instanceof Status status) {
				return status.json();
			}
			if (next instanceof byte[] bytes) {
				this.screen.append(text(bytes));
			}
		}
	}

	/** Return the next status message that comes within the time, or null when none does. */
	String awaitAnyStatusOrNone(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			Object next = (left > 0) ? this.received.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null || next instanceof Status) {
				return (next != null) ? ((Status) next).json() : null;
			}
			this.screen.append(text((byte[]) next));
		}
	}

	/** Wait until the server closes the connection or refuses it, and return the error if it refused. */
	Throwable awaitClosed(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.closed && this.failure == null && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		if (!this.closed && this.failure == null) {
			throw new AssertionError("The connection is still open");
		}
		return this.failure;
	}

	/** Read output until a chunk contains the text, without keeping it, and return how many characters came. */
	long drainUntil(String marker, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long characters = 0;
		String tail = "";
		while (true) {
			Object next = poll(deadline, "output containing '" + marker + "'");
			if (next instanceof byte[] bytes) {
				String text = text(bytes);
				characters += text.length();
				tail = (tail + text).substring(Math.max(0, tail.length() + text.length() - 256));
				if (tail.contains(marker)) {
					return characters;
				}
			}
		}
	}

	/**
	 * Read output until the marker comes, and return every byte that came, in order: what the shell wrote, exactly,
	 * for tests that compare it byte for byte.
	 */
	byte[] readUntil(byte[] marker, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] tail = new byte[0];
		while (true) {
			Object next = poll(deadline, "output with '" + text(marker) + "' (" + all.size() + " bytes so far)");
			if (next instanceof byte[] bytes) {
				all.writeBytes(bytes);
				byte[] joined = Arrays.copyOf(tail, tail.length + bytes.length);
				System.arraycopy(bytes, 0, joined, tail.length, bytes.length);
				if (indexOf(joined, marker) >= 0) {
					return all.toByteArray();
				}
				tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - marker.length + 1), joined.length);
			}
		}
	}

	static int indexOf(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		return -1;
	}

	String screen() {
		this.received.stream().filter(byte[].class::isInstance).forEach((bytes) -> this.screen.append(text((byte[]) bytes)));
		this.received.removeIf(byte[].class::isInstance);
		return this.screen.toString();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private Object poll(long deadline, String what) throws InterruptedException {
		long left = deadline - System.nanoTime();
		Object next = (left > 0) ? this.received.poll(left, TimeUnit.NANOSECONDS) : null;
		if (next == null) {
			throw new AssertionError("No " + what + " in time" + ((this.failure != null) ? " (" + this.failure + ")" : "")
					+ "; screen: " + this.screen);
		}
		return next;
	}

	@Override
	public void close() {
		this.outbound.tryEmitComplete();
		this.connection.dispose();
	}

	record Status(String json) {
	}

}
