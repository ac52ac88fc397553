package io.cagelab.terminal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A watcher that opens the watch socket by hand and then never reads a byte: the server's writes to it back up into
 * the TCP buffers, as for a watcher whose network or tab stalled.
 */
final class StalledWatcher implements AutoCloseable {

	private final Socket socket = new Socket();

	StalledWatcher(int port, String path, String cookies, String origin) throws IOException {
		// Small buffers: they fill after a few KB instead of megabytes.
		this.socket.setReceiveBufferSize(4096);
		this.socket.connect(new InetSocketAddress("localhost", port), 10_000);
		this.socket.setSoTimeout(20_000);
		String key = Base64.getEncoder().encodeToString("cagelab-stalled!".getBytes(StandardCharsets.US_ASCII));
		String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
				+ "Origin: " + origin + "\r\nCookie: " + cookies + "\r\n\r\n";
		this.socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		this.socket.getOutputStream().flush();
		String response = readHeaders(this.socket.getInputStream());
		if (!response.startsWith("HTTP/1.1 101")) {
			throw new IOException("The watch socket was not opened: " + response);
		}
	}

	private static String readHeaders(InputStream in) throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			headers.write(next);
		}
		return headers.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
