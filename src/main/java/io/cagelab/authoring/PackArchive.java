package io.cagelab.authoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import io.cagelab.exercise.ExerciseSpecReader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * An exercise pack as bytes: a {@code .tar.gz} of {@code <module>/<id>/} folders, each holding exactly
 * {@code exercise.yaml}, {@code README.en.md} and {@code README.fr.md}, as in the repository's {@code exercises/}.
 * Reading goes entry by entry while the gzip is inflated, every limit applied as the bytes come: a hostile archive
 * is refused at its first hostile entry and read no further, and nothing of it ever reaches the disk. Blocking:
 * callers run it off the event loop.
 */
final class PackArchive {

	static final String SPEC = ExerciseFiles.SPEC;

	static final String README_EN = "README.en.md";

	static final String README_FR = "README.fr.md";

	/** The files of an exercise folder, in the order a pack holds them. */
	static final List<String> FILES = List.of(SPEC, README_EN, README_FR);

	/** The folder {@code git archive HEAD exercises/...} puts every path in: taken off, the rest is a pack. */
	private static final String REPOSITORY_FOLDER = "exercises";

	/**
	 * The largest header read whole (a GNU long name, a PAX record): an exercise's path and times take a few hundred
	 * bytes, git's commit id fifty.
	 */
	private static final int LONGEST_HEADER = 64 * 1024;

	/** Where a tar header holds its size and its type (POSIX ustar). */
	private static final int SIZE = 124;

	private static final int LINK_FLAG = 156;

	/** How much of a name a message shows: a refusal names the entry without echoing a megabyte of it. */
	private static final int SHOWN_NAME = 200;

	private PackArchive() {
	}

	/** An exercise to write into a pack: where its files are, under its module's and id's folders. */
	record Source(String module, String id, Path folder) {
	}

	/**
	 * One exercise folder read from a pack: its module and id (its folders' names), its path as the archive spells it,
	 * the files it holds as text, and the names of every file it holds (a file too large or not UTF-8 is there without
	 * a text).
	 */
	record Folder(String module, String id, String path, Map<String, String> texts, Set<String> present) {

		String file(String name) {
			return this.path + "/" + name;
		}

	}

	/** What a pack holds: its folders in the order they came, and the problems found in their files. */
	record Contents(List<Folder> folders, List<PackProblem> problems) {
	}

	/** Write these exercises' folders as a pack, the files' bytes as they are; a missing instruction file is empty. */
	static byte[] write(List<Source> sources) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
			// module (64) + id (64) + a file's name is over the 100 characters of a plain tar header.
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			Set<String> modules = new HashSet<>();
			for (Source source : sources) {
				if (modules.add(source.module())) {
					put(tar, source.module() + "/", source.folder().getParent(), null);
				}
				put(tar, source.module() + "/" + source.id() + "/", source.folder(), null);
				for (String name : FILES) {
					Path file = source.folder().resolve(name);
					byte[] content = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
					put(tar, source.module() + "/" + source.id() + "/" + name, file, content);
				}
			}
			tar.finish();
		}
		return bytes.toByteArray();
	}

	/** One entry, a folder when {@code content} is null, owned by nobody in particular (no name of this host's). */
	private static void put(TarArchiveOutputStream tar, String name, Path source, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setUserName("");
		entry.setGroupName("");
		entry.setIds(0, 0);
		entry.setMode((content != null) ? 0100644 : 040755);
		entry.setModTime(Files.exists(source) ? Files.getLastModifiedTime(source) : FileTime.fromMillis(0));
		entry.setSize((content != null) ? content.length : 0);
		tar.putArchiveEntry(entry);
		if (content != null) {
			tar.write(content);
		}
		tar.closeArchiveEntry();
	}

	/**
	 * Read a pack within these limits, each file within its own ({@code fileLimits}).
	 * @throws InvalidPack when the archive is hostile or unreadable, naming the entry and what is wrong with it
	 */
	static Contents read(byte[] pack, PackProperties limits, AuthoringProperties fileLimits) {
		if (pack.length < 2 || (pack[0] & 0xff) != 0x1f || (pack[1] & 0xff) != 0x8b) {
			throw InvalidPack.refused("", "pack.not-gzip");
		}
		Reading reading = new Reading(limits, fileLimits);
		try {
			reading.read(pack);
		}
		catch (Expansion.Exceeded ex) {
			throw InvalidPack.refused(reading.current, "pack.too-large", kibibytes(limits.maxExpanded().toBytes()));
		}
		catch (EOFException ex) {
			throw (!reading.inside) ? InvalidPack.refused("", "pack.truncated")
					: InvalidPack.refused(reading.current, "pack.truncated-in", reading.current);
		}
		catch (ZipException ex) {
			throw InvalidPack.refused(reading.current, "pack.corrupt", String.valueOf(ex.getMessage()));
		}
		catch (InvalidPack ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof Expansion.Exceeded || cause instanceof InvalidPack) {
					// Wrapped by a reader on the way up: the limit or the refusal, as if thrown straight.
					throw (cause instanceof InvalidPack refusal) ? refusal : InvalidPack.refused(reading.current,
							"pack.too-large", kibibytes(limits.maxExpanded().toBytes()));
				}
			}
			// The tar reader tells a header it cannot parse as an IOException, or at times as an argument it refuses.
			throw (reading.current.isEmpty()) ? InvalidPack.refused("", "pack.not-tar", String.valueOf(ex.getMessage()))
					: InvalidPack.refused(reading.current, "pack.damaged", reading.current,
							String.valueOf(ex.getMessage()));
		}
		return reading.contents();
	}

	/** One pack being read: the entries seen so far, and the one being read ({@code current}, empty before any). */
	private static final class Reading {

		private final PackProperties limits;

		private final AuthoringProperties fileLimits;

		private final Map<String, Folder> folders = new LinkedHashMap<>();

		private final List<PackProblem> problems = new ArrayList<>();

		private final Set<String> files = new HashSet<>();

		private String current = "";

		/** Whether the bytes read are the current entry's data, rather than what comes between entries. */
		private boolean inside;

		Reading(PackProperties limits, AuthoringProperties fileLimits) {
			this.limits = limits;
			this.fileLimits = fileLimits;
		}

		void read(byte[] pack) throws IOException {
			try (Expansion expanded = new Expansion(new GZIPInputStream(new ByteArrayInputStream(pack)),
					this.limits.maxExpanded().toBytes()); Entries tar = new Entries(expanded)) {
				int count = 0;
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					this.current = shown(entry.getName());
					this.inside = true;
					if (++count > this.limits.maxEntries()) {
						throw InvalidPack.refused(this.current, "pack.too-many-entries",
								String.valueOf(this.limits.maxEntries()));
					}
					entry(entry, tar);
					this.inside = false;
				}
				this.current = "";
				// What follows the archive's end is inflated too (within the limit): a pack cut short, or whose
				// compressed data is damaged, is refused even when the cut falls after its last file.
				expanded.transferTo(OutputStream.nullOutputStream());
			}
		}

		private void entry(TarArchiveEntry entry, InputStream content) throws IOException {
			byte flag = entry.getLinkFlag();
			boolean plain = flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM;
			boolean directory = flag == TarConstants.LF_DIR || plain && entry.getName().endsWith("/");
			List<String> names = names(entry.getName(), directory);
			if (entry.isSymbolicLink()) {
				throw InvalidPack.refused(this.current, "pack.symlink", this.current, shown(entry.getLinkName()));
			}
			if (entry.isLink()) {
				throw InvalidPack.refused(this.current, "pack.hardlink", this.current, shown(entry.getLinkName()));
			}
			if (entry.isCharacterDevice() || entry.isBlockDevice()) {
				throw InvalidPack.refused(this.current, "pack.device", this.current);
			}
			if (entry.isFIFO()) {
				throw InvalidPack.refused(this.current, "pack.fifo", this.current);
			}
			if (directory) {
				if (names.size() > 2) {
					throw InvalidPack.refused(this.current, "pack.depth", this.current);
				}
				names.forEach(this::plainName);
				return;
			}
			if (!plain || entry.isSparse()) {
				throw InvalidPack.refused(this.current, "pack.special", this.current, String.valueOf((char) flag));
			}
			if (names.size() != 3) {
				throw InvalidPack.refused(this.current, "pack.depth", this.current);
			}
			String module = plainName(names.get(0));
			String id = plainName(names.get(1));
			String name = names.get(2);
			if (!FILES.contains(name)) {
				throw InvalidPack.refused(this.current, "pack.unknown-file", this.current);
			}
			if (!this.files.add(module + "/" + id + "/" + name)) {
				throw InvalidPack.refused(this.current, "pack.duplicate", this.current);
			}
			String path = entry.getName().substring(0, entry.getName().length() - name.length() - 1);
			Folder folder = this.folders.computeIfAbsent(module + "/" + id,
					(key) -> new Folder(module, id, path, new HashMap<>(), new LinkedHashSet<>()));
			folder.present().add(name);
			long limit = name.equals(SPEC) ? this.fileLimits.maxSpec().toBytes() : this.fileLimits.maxReadme().toBytes();
			if (entry.getSize() > limit) {
				// Not read: the next entry skips it, each skipped byte counted against the pack's limit.
				this.problems.add(PackProblem.of(this.current, "pack.file-too-large", kibibytes(entry.getSize()),
						kibibytes(limit)));
				return;
			}
			byte[] bytes = content.readNBytes((int) entry.getSize());
			if (bytes.length < entry.getSize()) {
				throw new EOFException("entry " + this.current + " cut short");
			}
			try {
				folder.texts().put(name, StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes)).toString());
			}
			catch (CharacterCodingException ex) {
				this.problems.add(PackProblem.of(this.current, "pack.not-utf8"));
			}
		}

		/**
		 * The entry's path as names, a leading {@code ./} or repository folder taken off (none for the pack's own
		 * folder); never out of the pack.
		 */
		private List<String> names(String name, boolean directory) {
			if (name.startsWith("/")) {
				throw InvalidPack.refused(this.current, "pack.absolute", this.current);
			}
			List<String> names = new ArrayList<>(Arrays.asList(name.split("/")));
			if (names.contains("..")) {
				throw InvalidPack.refused(this.current, "pack.climbs", this.current);
			}
			while (!names.isEmpty() && names.get(0).equals(".")) {
				names.remove(0);
			}
			if (names.size() == (directory ? 3 : 4) && names.get(0).equals(REPOSITORY_FOLDER)) {
				names.remove(0);
			}
			return names;
		}

		private String plainName(String name) {
			if (!ExerciseSpecReader.NAME.matcher(name).matches()) {
				throw InvalidPack.refused(this.current, "pack.folder-name", this.current, shown(name));
			}
			return name;
		}

		/** The folders read, each missing file and each id held twice added to the problems. */
		Contents contents() {
			if (this.folders.isEmpty()) {
				throw InvalidPack.refused("", "pack.empty");
			}
			Map<String, String> modules = new HashMap<>();
			for (Folder folder : this.folders.values()) {
				if (!folder.present().contains(SPEC)) {
					this.problems.add(PackProblem.of(folder.file(SPEC), "pack.spec-missing", folder.path()));
				}
				for (String readme : List.of(README_EN, README_FR)) {
					if (!folder.present().contains(readme)) {
						this.problems.add(PackProblem.of(folder.file(readme), "spec.readme-missing", readme));
					}
				}
				String twin = modules.putIfAbsent(folder.id(), folder.module());
				if (twin != null) {
					this.problems.add(PackProblem.of(folder.file(SPEC), "pack.id-twice", folder.id(), twin,
							folder.module()));
				}
			}
			return new Contents(List.copyOf(this.folders.values()), List.copyOf(this.problems));
		}

	}

	/**
	 * Tar entries, a header that the tar reader reads whole into memory (a GNU long name, a PAX record) refused by
	 * the size it announces, before it is read.
	 */
	private static final class Entries extends TarArchiveInputStream {

		private static final Set<Byte> READ_WHOLE = Set.of(TarConstants.LF_GNUTYPE_LONGNAME,
				TarConstants.LF_GNUTYPE_LONGLINK, TarConstants.LF_PAX_EXTENDED_HEADER_LC,
				TarConstants.LF_PAX_EXTENDED_HEADER_UC, TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);

		Entries(InputStream in) {
			super(in);
		}

		/** Every header comes through here, data never. */
		@Override
		protected byte[] readRecord() throws IOException {
			byte[] header = super.readRecord();
			if (header != null && header.length > TarConstants.NAMELEN + TarConstants.MODELEN
					&& READ_WHOLE.contains(header[LINK_FLAG])) {
				long size;
				try {
					size = TarUtils.parseOctalOrBinary(header, SIZE, TarConstants.SIZELEN);
				}
				catch (IllegalArgumentException ex) {
					return header; // the reader tells it, as the damaged header it is
				}
				if (size > LONGEST_HEADER) {
					throw InvalidPack.refused("", "pack.long-header", kibibytes(size));
				}
			}
			return header;
		}

	}

	/** The inflated bytes, counted as they come; one past the limit stops the reading. */
	private static final class Expansion extends FilterInputStream {

		/** Thrown from deep inside the tar reader, which lets it through: caught by {@link PackArchive#read}. */
		static final class Exceeded extends RuntimeException {

			Exceeded() {
				super(null, null, false, false);
			}

		}

		private final long limit;

		private long count;

		Expansion(InputStream in, long limit) {
			super(in);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int read = super.read();
			if (read >= 0) {
				counted(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		@Override
		public long skip(long length) throws IOException {
			long skipped = super.skip(Math.min(length, this.limit - this.count + 1));
			counted(skipped);
			return skipped;
		}

		private void counted(long bytes) {
			this.count += bytes;
			if (this.count > this.limit) {
				throw new Exceeded();
			}
		}

	}

	/** A name as a message shows it: no control characters, at most {@value #SHOWN_NAME} of them. */
	static String shown(String name) {
		String printable = name.codePoints().map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
		return (printable.length() > SHOWN_NAME) ? printable.substring(0, SHOWN_NAME) + "…" : printable;
	}

	static String kibibytes(long bytes) {
		return String.valueOf((bytes + 1023) / 1024);
	}

}
