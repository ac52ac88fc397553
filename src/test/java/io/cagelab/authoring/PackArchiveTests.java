package io.cagelab.authoring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Packs as bytes, without the app: what is written reads back the same, and each hostile archive is refused at its
 * entry, by key, before anything of it is kept. The messages, the API and the data folder: {@link ExercisePackApiTests}.
 */
class PackArchiveTests {

	static final PackProperties LIMITS = new PackProperties(DataSize.ofMegabytes(4), 1000, DataSize.ofMegabytes(32));

	static final AuthoringProperties FILE_LIMITS = new AuthoringProperties(DataSize.ofKilobytes(64),
			DataSize.ofKilobytes(128), 2);

	static final String SPEC = AuthoringApiTests.SPEC.formatted("x");

	@Test
	void whatIsWrittenReadsBackByteForByte(@TempDir Path root) throws IOException {
		Path folder = Files.createDirectories(root.resolve("best-practices/x"));
		Files.writeString(folder.resolve("exercise.yaml"), SPEC);
		Files.writeString(folder.resolve("README.en.md"), "# Limit\n\nNon-ASCII: é — «\u202fok\u202f»\n");
		Files.write(folder.resolve("README.fr.md"), new byte[0]);
		String longId = "a".repeat(64);
		Path longFolder = Files.createDirectories(root.resolve("m".repeat(64) + "/" + longId));
		Files.writeString(longFolder.resolve("exercise.yaml"), "id: " + longId);
		byte[] pack = PackArchive.write(List.of(new PackArchive.Source("best-practices", "x", folder),
				new PackArchive.Source("m".repeat(64), longId, longFolder)));
		PackArchive.Contents contents = PackArchive.read(pack, LIMITS, FILE_LIMITS);
		assertThat(contents.problems()).isEmpty();
		assertThat(contents.folders()).hasSize(2);
		PackArchive.Folder read = contents.folders().get(0);
		assertThat(read.path()).isEqualTo("best-practices/x");
		assertThat(read.texts().get("exercise.yaml")).isEqualTo(SPEC);
		assertThat(read.texts().get("README.en.md").getBytes(StandardCharsets.UTF_8))
			.isEqualTo(Files.readAllBytes(folder.resolve("README.en.md")));
		assertThat(read.texts().get("README.fr.md")).isEmpty();
		assertThat(contents.folders().get(1).path()).as("a path over 100 characters, in a PAX header")
			.isEqualTo("m".repeat(64) + "/" + longId);
	}

	@Test
	void gitAndTarSpellingsOfAFolderRead() {
		for (String prefix : List.of("", "./", "exercises/")) {
			byte[] pack = new TestPack().directory(prefix.isEmpty() ? "./" : prefix).directory(prefix + "best-practices")
				.directory(prefix + "best-practices/x").exercise(prefix + "best-practices", "x", SPEC, "en", "fr").bytes();
			PackArchive.Contents contents = PackArchive.read(pack, LIMITS, FILE_LIMITS);
			assertThat(contents.problems()).as(prefix).isEmpty();
			assertThat(contents.folders()).singleElement().satisfies((folder) -> {
				assertThat(folder.module()).isEqualTo("best-practices");
				assertThat(folder.id()).isEqualTo("x");
				assertThat(folder.file("exercise.yaml")).isEqualTo(prefix + "best-practices/x/exercise.yaml");
			});
		}
	}

	@Test
	void filesOverTheirLimitNotUtf8OrMissingAreProblemsOfTheirFiles() {
		byte[] pack = new TestPack().file("best-practices/x/exercise.yaml", SPEC + "#" + "y".repeat(70 * 1024))
			.file("best-practices/x/README.en.md", new byte[] { 'a', (byte) 0xff })
			.file("capabilities/x/exercise.yaml", SPEC).file("capabilities/x/README.en.md", "")
			.file("capabilities/x/README.fr.md", "").bytes();
		PackArchive.Contents contents = PackArchive.read(pack, LIMITS, FILE_LIMITS);
		assertThat(contents.problems()).extracting((problem) -> problem.file() + " " + problem.problem().key())
			.containsExactly("best-practices/x/exercise.yaml pack.file-too-large",
					"best-practices/x/README.en.md pack.not-utf8", "best-practices/x/README.fr.md spec.readme-missing",
					"capabilities/x/exercise.yaml pack.id-twice");
		assertThat(contents.problems().get(0).problem().arguments()).containsExactly("71", "64");
	}

	/** Each hostile archive, and the key and entry it is refused with. */
	static List<Hostile> hostile() {
		TarArchiveEntry symlink = new TarArchiveEntry("best-practices/x/README.en.md", TarConstants.LF_SYMLINK);
		symlink.setLinkName("/etc/passwd");
		TarArchiveEntry hardlink = new TarArchiveEntry("best-practices/x/README.fr.md", TarConstants.LF_LINK);
		hardlink.setLinkName("/etc/shadow");
		TarArchiveEntry device = new TarArchiveEntry("best-practices/x/README.en.md", TarConstants.LF_CHR);
		TarArchiveEntry fifo = new TarArchiveEntry("best-practices/x/README.en.md", TarConstants.LF_FIFO);
		TarArchiveEntry contiguous = new TarArchiveEntry("best-practices/x/README.en.md", TarConstants.LF_CONTIG);
		byte[] valid = new TestPack().exercise("best-practices", "x", SPEC, "en", "fr").bytes();
		return List.of(
				new Hostile("plain text", () -> "id: x\n".getBytes(StandardCharsets.UTF_8), "pack.not-gzip", ""),
				new Hostile("an empty body", () -> new byte[0], "pack.not-gzip", ""),
				new Hostile("gzip but no tar", () -> TestPack.gzip("hello, this is no tar archive at all\n".repeat(20)
					.getBytes(StandardCharsets.UTF_8)), "pack.not-tar", ""),
				new Hostile("cut in its middle", () -> Arrays.copyOf(valid, valid.length / 2), "pack.truncated-in",
						null),
				new Hostile("cut before its gzip trailer", () -> Arrays.copyOf(valid, valid.length - 4),
						"pack.truncated", ""),
				new Hostile("a PAX header over what an exercise needs", () -> {
					TarArchiveEntry entry = new TarArchiveEntry("best-practices/x/README.en.md");
					entry.addPaxHeader("comment", "z".repeat(70 * 1024));
					return new TestPack().entry(entry, new byte[0]).bytes();
				}, "pack.long-header", ""),
				new Hostile("damaged compressed data", () -> damaged(valid), "pack.corrupt", null),
				new Hostile("an absolute path", () -> new TestPack().file("/etc/cron.d/x", "* * * * * root id").bytes(),
						"pack.absolute", "/etc/cron.d/x"),
				new Hostile("a path with ..", () -> new TestPack()
					.file("best-practices/../../../../tmp/x/exercise.yaml", SPEC).bytes(), "pack.climbs",
						"best-practices/../../../../tmp/x/exercise.yaml"),
				new Hostile("a symbolic link", () -> new TestPack().entry(symlink, new byte[0]).bytes(), "pack.symlink",
						"best-practices/x/README.en.md"),
				new Hostile("a hard link", () -> new TestPack().entry(hardlink, new byte[0]).bytes(), "pack.hardlink",
						"best-practices/x/README.fr.md"),
				new Hostile("a device", () -> new TestPack().entry(device, new byte[0]).bytes(), "pack.device",
						"best-practices/x/README.en.md"),
				new Hostile("a fifo", () -> new TestPack().entry(fifo, new byte[0]).bytes(), "pack.fifo",
						"best-practices/x/README.en.md"),
				new Hostile("another type", () -> new TestPack().entry(contiguous, new byte[0]).bytes(), "pack.special",
						"best-practices/x/README.en.md"),
				new Hostile("too many entries", () -> {
					TestPack pack = new TestPack();
					for (int i = 0; i <= 1000; i++) {
						pack.directory("m" + i);
					}
					return pack.bytes();
				}, "pack.too-many-entries", "m1000/"),
				new Hostile("a file outside an exercise folder", () -> new TestPack()
					.file("best-practices/exercise.yaml", SPEC).bytes(), "pack.depth", "best-practices/exercise.yaml"),
				new Hostile("a file too deep", () -> new TestPack()
					.file("best-practices/x/y/exercise.yaml", SPEC).bytes(), "pack.depth",
						"best-practices/x/y/exercise.yaml"),
				new Hostile("a folder too deep", () -> new TestPack().directory("best-practices/x/files").bytes(),
						"pack.depth", "best-practices/x/files/"),
				new Hostile("a folder name that is no id", () -> new TestPack()
					.file("best-practices/My Exercise/exercise.yaml", SPEC).bytes(), "pack.folder-name",
						"best-practices/My Exercise/exercise.yaml"),
				new Hostile("an unknown file", () -> new TestPack().exercise("best-practices", "x", SPEC, "", "")
					.file("best-practices/x/solution.sh", "#!/bin/sh\n").bytes(), "pack.unknown-file",
						"best-practices/x/solution.sh"),
				new Hostile("a duplicate entry", () -> new TestPack().exercise("best-practices", "x", SPEC, "", "")
					.file("./best-practices/x/exercise.yaml", SPEC).bytes(), "pack.duplicate",
						"./best-practices/x/exercise.yaml"),
				new Hostile("only folders", () -> new TestPack().directory("best-practices").bytes(), "pack.empty", ""),
				new Hostile("a long name bomb", () -> {
					TarArchiveEntry longName = new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME);
					longName.setSize(DataSize.ofMegabytes(64).toBytes());
					return new TestPack().entry(longName, new byte[0]).zeros(longName.getSize()).bytes();
				}, "pack.long-header", ""),
				new Hostile("an entry expanding past the pack's limit", () -> {
					TarArchiveEntry huge = new TarArchiveEntry("best-practices/x/README.en.md");
					huge.setSize(DataSize.ofMegabytes(40).toBytes());
					return new TestPack().entry(huge, new byte[0]).zeros(huge.getSize()).bytes();
				}, "pack.too-large", "best-practices/x/README.en.md"),
				new Hostile("zeros after the archive's end", () -> {
					byte[] tar = new byte[40 << 20];
					return TestPack.gzip(tar);
				}, "pack.too-large", ""));
	}

	record Hostile(String what, Supplier<byte[]> pack, String key, String entry) {
	}

	@Test
	void everyHostileArchiveIsRefusedAtItsEntryByItsKey() {
		for (Hostile hostile : hostile()) {
			InvalidPack refused = catchThrowableOfType(InvalidPack.class,
					() -> PackArchive.read(hostile.pack().get(), LIMITS, FILE_LIMITS));
			assertThat(refused).as(hostile.what()).isNotNull();
			assertThat(refused.getCodes()).as(hostile.what()).containsExactly(hostile.key());
			if (hostile.entry() != null) {
				assertThat(refused.problems()).as(hostile.what()).singleElement()
					.satisfies((problem) -> assertThat(problem.file()).isEqualTo(hostile.entry()));
			}
		}
	}

	/**
	 * A gzip of a few hundred KiB expanding to 1 GiB, as one file's data or as the PAX header the tar reader reads
	 * itself: inflated only up to the pack's limit (32 MiB), quickly, in little memory. Measured and printed.
	 */
	@Test
	void aGigabyteBombIsStoppedWhileStreaming() {
		long gigabyte = DataSize.ofGigabytes(1).toBytes();
		TarArchiveEntry file = new TarArchiveEntry("best-practices/bomb/README.en.md");
		file.setSize(gigabyte);
		// A PAX header whose one record says it is 1 GiB long: the tar reader reads such a value into memory.
		String record = gigabyte + " path=";
		TarArchiveEntry pax = new TarArchiveEntry("./PaxHeaders/bomb", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
		pax.setSize(gigabyte);
		for (TarArchiveEntry bomb : List.of(file, pax)) {
			String key = (bomb == file) ? "pack.too-large" : "pack.long-header";
			byte[] pack = (bomb == file) ? new TestPack().entry(bomb, new byte[0]).zeros(gigabyte).bytes()
					: new TestPack().entry(bomb, record.getBytes(StandardCharsets.US_ASCII))
						.repeated((byte) 'a', gigabyte - record.length()).bytes();
			System.gc();
			List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
				.filter((pool) -> pool.getType() == MemoryType.HEAP).toList();
			long before = heap.stream().mapToLong((pool) -> pool.getUsage().getUsed()).sum();
			heap.forEach(MemoryPoolMXBean::resetPeakUsage);
			var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
			long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
			long started = System.nanoTime();
			InvalidPack refused = catchThrowableOfType(InvalidPack.class, () -> PackArchive.read(pack, LIMITS, FILE_LIMITS));
			long took = (System.nanoTime() - started) / 1_000_000;
			long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
			long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
			System.out.printf("bomb %s: %d KiB compressed, expands to 1 GiB: refused (%s) in %d ms, %d MiB allocated,"
					+ " heap peak %d MiB (%d MiB before)%n", bomb.getName(), pack.length / 1024, refused.getCodes()[0],
					took, allocated >> 20, peak >> 20, before >> 20);
			assertThat(refused.getCodes()).containsExactly(key);
			assertThat(took).as("a shared 2-core machine: generous, the allocation is the real bound").isLessThan(30_000);
			assertThat(allocated).as("never inflated whole").isLessThan(DataSize.ofMegabytes(200).toBytes());
		}
	}

	private static byte[] damaged(byte[] pack) {
		byte[] copy = pack.clone();
		for (int i = 20; i < copy.length - 8; i++) {
			copy[i] ^= (byte) 0x5a;
		}
		return copy;
	}

	static ByteArrayInputStream stream(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

}
