package io.cagelab.engineguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The head of one HTTP/1.1 message as it came: a request's method and target, or a response's status, and the
 * headers. Enough HTTP for the engine's API and no more: no pipelining, bodies by length or chunks.
 */
record HttpHead(String first, List<String[]> headers) {

	private static final int MAX_HEAD = 64 * 1024;

	private static final java.util.regex.Pattern HIJACKABLE = java.util.regex.Pattern
		.compile("/containers/[A-Za-z0-9][A-Za-z0-9_.-]*/attach|/exec/[A-Za-z0-9]+/start");

	private static final int MAX_BODY = 4 * 1024 * 1024;

	/** Read a head, or return {@code null} at the end of the stream before one starts. */
	static HttpHead read(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				if (bytes.size() == 0) {
					return null;
				}
				throw new IOException("the connection closed in the middle of a head");
			}
			bytes.write(b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
			if (bytes.size() > MAX_HEAD) {
				throw new IOException("a head longer than " + MAX_HEAD + " bytes");
			}
		}
		String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		List<String[]> headers = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.add(new String[] { lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim() });
			}
		}
		return new HttpHead(lines[0], headers);
	}

	String header(String name) {
		return this.headers.stream().filter((h) -> h[0].equalsIgnoreCase(name)).map((h) -> h[1]).findFirst().orElse(null);
	}

	String method() {
		return this.first.split(" ", 3)[0];
	}

	String target() {
		String[] parts = this.first.split(" ", 3);
		return (parts.length > 1) ? parts[1] : "/";
	}

	/**
	 * Tell whether the path is plain: no escapes, dot segments, doubled or back slashes, which the engine's router
	 * might read otherwise than the guard does.
	 */
	boolean plainPath() {
		String target = target();
		int query = target.indexOf('?');
		String path = (query >= 0) ? target.substring(0, query) : target;
		return path.startsWith("/") && path.matches("[A-Za-z0-9/_.:-]*") && !path.contains("//")
				&& !path.matches(".*/\\.{1,2}(/.*)?");
	}

	/** The path without the API version prefix ({@code /v1.41/containers/json} is {@code /containers/json}). */
	String path() {
		String target = target();
		int query = target.indexOf('?');
		String path = (query >= 0) ? target.substring(0, query) : target;
		return path.replaceFirst("^/v\\d+(\\.\\d+)?(?=/)", "");
	}

	Map<String, String> query() {
		Map<String, String> query = new LinkedHashMap<>();
		String target = target();
		int start = target.indexOf('?');
		if (start >= 0) {
			for (String pair : target.substring(start + 1).split("&")) {
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq >= 0) ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
				query.put(name, (eq >= 0) ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "");
			}
		}
		return query;
	}

	int status() {
		String[] parts = this.first.split(" ", 3);
		return Integer.parseInt(parts[1]);
	}

	/**
	 * Whether this request may take over its connection: only an attach to a container or the start of an exec, the
	 * two calls whose streams a terminal needs. An Upgrade header on any other call is ignored, or the connection
	 * would stay open to the engine for whatever the client sends next, unchecked.
	 */
	boolean upgrade() {
		return header("Upgrade") != null && method().equals("POST") && HIJACKABLE.matcher(path()).matches();
	}

	boolean close() {
		String connection = header("Connection");
		return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
	}

	/** Read this message's body: by its length, by its chunks, or (a response with neither) to the end. */
	byte[] readBody(InputStream in, boolean toEnd) throws IOException {
		String encoding = header("Transfer-Encoding");
		if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				String size = line(in);
				int semi = size.indexOf(';');
				int length = Integer.parseInt(((semi >= 0) ? size.substring(0, semi) : size).trim(), 16);
				if (length == 0) {
					while (!line(in).isEmpty()) {
						// trailers, ignored
					}
					return body.toByteArray();
				}
				if (body.size() + length > MAX_BODY) {
					throw new IOException("a body longer than " + MAX_BODY + " bytes");
				}
				body.write(in.readNBytes(length));
				line(in);
			}
		}
		String length = header("Content-Length");
		if (length != null) {
			long n = Long.parseLong(length);
			if (n > MAX_BODY) {
				throw new IOException("a body longer than " + MAX_BODY + " bytes");
			}
			byte[] body = in.readNBytes((int) n);
			if (body.length < n) {
				throw new IOException("the connection closed in the middle of a body");
			}
			return body;
		}
		return toEnd ? in.readNBytes(MAX_BODY) : new byte[0];
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			if (b != '\r') {
				line.append((char) b);
			}
		}
		if (b < 0) {
			throw new IOException("the connection closed in the middle of a chunked body");
		}
		return line.toString();
	}

}
