package io.cagelab.engineguard;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One connection to the engine's unix socket. Read and written through the channel itself: the JDK's
 * {@code Channels} streams share one lock, which would stall a hijacked terminal that reads and writes at once.
 */
final class EngineSocket implements AutoCloseable {

	private final SocketChannel channel;

	private final InputStream in;

	private final OutputStream out;

	EngineSocket(Path socket) throws IOException {
		this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		this.channel.connect(UnixDomainSocketAddress.of(socket));
		this.in = new BufferedInputStream(new InputStream() {
			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				return EngineSocket.this.channel.read(ByteBuffer.wrap(bytes, offset, length));
			}
		}, 16 * 1024);
		this.out = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				while (buffer.hasRemaining()) {
					EngineSocket.this.channel.write(buffer);
				}
			}
		};
	}

	InputStream in() {
		return this.in;
	}

	OutputStream out() {
		return this.out;
	}

	void shutdownOutput() {
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			// Already closed: nothing more to send anyway.
		}
	}

	/** Ask the engine one question of its own (an inspect), on a connection of its own. */
	static Answer get(Path socket, String path) throws IOException {
		try (EngineSocket engine = new EngineSocket(socket)) {
			engine.out.write(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			HttpHead head = HttpHead.read(engine.in);
			if (head == null) {
				throw new IOException("the engine closed the connection without an answer");
			}
			return new Answer(head.status(), head.readBody(engine.in, true));
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	record Answer(int status, byte[] body) {
	}

}
