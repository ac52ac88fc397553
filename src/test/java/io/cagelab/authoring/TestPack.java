package io.cagelab.authoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A pack built entry by entry for a test, hostile ones included (links, devices, absolute paths, lying sizes). */
final class TestPack {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final TarArchiveOutputStream tar;

	TestPack() {
		try {
			this.tar = new TarArchiveOutputStream(new GZIPOutputStream(this.bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
	}

	/** An exercise's three files under {@code module/id/}. */
	TestPack exercise(String module, String id, String spec, String readmeEn, String readmeFr) {
		return file(module + "/" + id + "/exercise.yaml", spec).file(module + "/" + id + "/README.en.md", readmeEn)
			.file(module + "/" + id + "/README.fr.md", readmeFr);
	}

	TestPack file(String name, String text) {
		return file(name, text.getBytes(StandardCharsets.UTF_8));
	}

	TestPack file(String name, byte[] content) {
		TarArchiveEntry entry = new TarArchiveEntry(name, true);
		entry.setSize(content.length);
		return entry(entry, content);
	}

	TestPack directory(String name) {
		return entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), new byte[0]);
	}

	/** An entry as given, its content as given (its size set beforehand, for an entry whose data follows). */
	TestPack entry(TarArchiveEntry entry, byte[] content) {
		try {
			this.tar.putArchiveEntry(entry);
			this.tar.write(content);
			if (content.length == entry.getSize()) {
				this.tar.closeArchiveEntry();
			}
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** This many zero bytes as the current entry's data, written a chunk at a time (a bomb's payload). */
	TestPack zeros(long count) {
		return repeated((byte) 0, count);
	}

	/** This many times one byte as the current entry's data, written a chunk at a time. */
	TestPack repeated(byte value, long count) {
		byte[] chunk = new byte[1 << 20];
		Arrays.fill(chunk, value);
		try {
			for (long left = count; left > 0; left -= chunk.length) {
				this.tar.write(chunk, 0, (int) Math.min(chunk.length, left));
			}
			this.tar.closeArchiveEntry();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	byte[] bytes() {
		try {
			this.tar.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this.bytes.toByteArray();
	}

	/** These bytes gzip-compressed, as they are (no tar around them). */
	static byte[] gzip(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(raw);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
