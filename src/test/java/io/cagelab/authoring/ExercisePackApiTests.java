package io.cagelab.authoring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.cagelab.BrowserSession;
import io.cagelab.IntegrationTest;
import io.cagelab.exercise.ExerciseSpecReader;
import io.cagelab.exercise.SpecReading;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Exercise packs over the real app: exported folders come back byte for byte and pass the validator's checks, a
 * folder from git imports, an invalid pack is refused with every problem in its file, an existing id only replaced
 * when asked, and every hostile archive refused in the reader's language with nothing written.
 */
class ExercisePackApiTests extends IntegrationTest {

	static final Path AUTHORED = AuthoringApiTests.AUTHORED;

	static final Path SHIPPED = Path.of("exercises");

	static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

	@Autowired
	ExerciseSpecReader reader;

	@Autowired
	MessageSource messages;

	@Test
	void anExportedDraftImportsBackByteForByteAndAnExistingIdIsReplacedOnlyWhenAsked() throws IOException {
		BrowserSession trainer = loggedIn("pack-trainer-trip", "TRAINER");
		String spec = AuthoringApiTests.SPEC.formatted("pack-trip");
		String readmeEn = "# Limit processes\n\nNo trailing newline, é and — kept";
		String readmeFr = "# Limiter les processus\n\nÀ «\u202fpids\u202f»\u202f!\r\n";
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(spec, readmeEn, readmeFr, null)).expectStatus().isCreated();
		Path folder = AUTHORED.resolve("best-practices/pack-trip");
		Map<String, byte[]> saved = files(folder);

		EntityExchangeResult<byte[]> exported = trainer.get("/api/authoring/exercises/pack-trip/export")
			.expectStatus().isOk().expectHeader().contentType(GZIP)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"pack-trip.tar.gz\"")
			.expectBody(byte[].class).returnResult();
		byte[] pack = exported.getResponseBody();
		Map<String, byte[]> entries = entries(pack);
		assertThat(entries.keySet()).containsExactly("best-practices/", "best-practices/pack-trip/",
				"best-practices/pack-trip/exercise.yaml", "best-practices/pack-trip/README.en.md",
				"best-practices/pack-trip/README.fr.md");
		saved.forEach((name, bytes) -> assertThat(entries.get("best-practices/pack-trip/" + name)).as(name)
			.isEqualTo(bytes));

		importPack(trainer, pack, false, "en").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("The pack holds exercises you already have: pack-trip. Nothing was imported: import it again"
					+ " with replace=true to save each as a new version.");
		importPack(trainer, pack, false, "fr").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
			.isEqualTo("Le paquet contient des exercices que vous avez déjà\u00a0: pack-trip. Rien n’a été importé\u00a0:"
					+ " importez-le de nouveau avec replace=true pour enregistrer chacun comme une nouvelle version.");
		trainer.get("/api/authoring/exercises/pack-trip").expectBody().jsonPath("$.version").isEqualTo(1);

		importPack(trainer, pack, true, "en").expectStatus().isOk().expectBody()
			.jsonPath("$.imported[0].id").isEqualTo("pack-trip").jsonPath("$.imported[0].version").isEqualTo(2)
			.jsonPath("$.imported[0].replaced").isEqualTo(true);
		assertThat(files(folder)).as("a new version, the same bytes").containsExactlyInAnyOrderEntriesOf(saved);

		AuthoringApiTests.delete(trainer, "pack-trip").expectStatus().isNoContent();
		importPack(trainer, pack, false, "en").expectStatus().isOk().expectBody()
			.jsonPath("$.imported[0].version").isEqualTo(1).jsonPath("$.imported[0].replaced").isEqualTo(false);
		assertThat(files(folder)).containsExactlyInAnyOrderEntriesOf(saved);
		trainer.get("/api/authoring/exercises/pack-trip").expectBody().jsonPath("$.owner").isEqualTo("pack-trainer-trip")
			.jsonPath("$.state").isEqualTo("draft").jsonPath("$.readme.fr").isEqualTo(readmeFr);
	}

	/** As {@code ./cagelab validate} checks files before it plays them: the reader over each spec, both READMEs. */
	@Test
	void anExportedShippedExerciseExtractedToAFolderPassesTheValidatorsChecks(@TempDir Path extracted)
			throws IOException {
		BrowserSession trainer = loggedIn("pack-trainer-shipped", "TRAINER");
		byte[] pack = trainer.get("/api/authoring/export?id=harden-a-run-line&id=cpu-throttle&id=harden-a-run-line")
			.expectStatus().isOk().expectHeader().contentType(GZIP)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"exercises.tar.gz\"")
			.expectBody(byte[].class).returnResult().getResponseBody();
		extract(pack, extracted);
		List<Path> specs;
		try (Stream<Path> found = Files.find(extracted, 3, (file, attributes) -> file.endsWith("exercise.yaml"))) {
			specs = found.sorted().toList();
		}
		assertThat(specs).extracting((spec) -> extracted.relativize(spec).toString())
			.containsExactly("best-practices/harden-a-run-line/exercise.yaml", "cgroups/cpu-throttle/exercise.yaml");
		for (Path spec : specs) {
			SpecReading reading = this.reader.check(spec, Files.readString(spec));
			assertThat(reading.problems()).as(spec.toString()).isEmpty();
			Path folder = spec.getParent();
			assertThat(folder.resolve("README.en.md")).isRegularFile();
			assertThat(folder.resolve("README.fr.md")).isRegularFile();
			Path original = SHIPPED.resolve(extracted.relativize(folder));
			assertThat(files(folder)).as("committable as it is: the same bytes as the repository's")
				.containsExactlyInAnyOrderEntriesOf(files(original));
		}
		trainer.get("/api/authoring/export?id=nobody-has-this").expectStatus().isNotFound();
	}

	@Test
	void aFolderFromGitImportsUnderANewIdAShippedIdIsRefusedToATrainerAndCopiedForAnAdmin() throws IOException {
		BrowserSession trainer = loggedIn("pack-trainer-git", "TRAINER");
		Path shipped = SHIPPED.resolve("best-practices/hardening-quiz");
		Map<String, byte[]> original = files(shipped);
		// As `git archive --format=tar.gz HEAD exercises/best-practices/hardening-quiz` spells it.
		byte[] asShipped = folderPack("exercises/best-practices/hardening-quiz/", original);
		importPack(trainer, asShipped, false, "en").expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems.length()").isEqualTo(1)
			.jsonPath("$.problems[0].file").isEqualTo("exercises/best-practices/hardening-quiz/exercise.yaml")
			.jsonPath("$.problems[0].path").isEqualTo("id").jsonPath("$.problems[0].line").isEqualTo(1)
			.jsonPath("$.problems[0].message").isEqualTo("The id 'hardening-quiz' is already used by an exercise of"
					+ " module 'best-practices': ids are unique across the course.");
		importPack(trainer, asShipped, true, "en").expectStatus().isEqualTo(422);

		Map<String, byte[]> renamed = new LinkedHashMap<>(original);
		renamed.put("exercise.yaml", new String(original.get("exercise.yaml"), StandardCharsets.UTF_8)
			.replace("id: hardening-quiz", "id: pack-git-quiz").getBytes(StandardCharsets.UTF_8));
		// As `tar czf pack.tar.gz -C exercises ./best-practices/pack-git-quiz` spells it.
		importPack(trainer, folderPack("./best-practices/pack-git-quiz/", renamed), false, "en").expectStatus().isOk()
			.expectBody().jsonPath("$.imported[0].id").isEqualTo("pack-git-quiz")
			.jsonPath("$.imported[0].module").isEqualTo("best-practices");
		assertThat(files(AUTHORED.resolve("best-practices/pack-git-quiz"))).containsExactlyInAnyOrderEntriesOf(renamed);
		trainer.get("/api/authoring/exercises/pack-git-quiz").expectBody().jsonPath("$.owner")
			.isEqualTo("pack-trainer-git").jsonPath("$.problems").isEmpty();

		BrowserSession admin = adminSession();
		importPack(admin, asShipped, false, "en").expectStatus().isEqualTo(409);
		importPack(admin, asShipped, true, "en").expectStatus().isOk().expectBody()
			.jsonPath("$.imported[0].id").isEqualTo("hardening-quiz").jsonPath("$.imported[0].version").isEqualTo(1)
			.jsonPath("$.imported[0].replaced").isEqualTo(true);
		try {
			admin.get("/api/authoring/exercises/hardening-quiz").expectBody().jsonPath("$.shipped").isEqualTo(false)
				.jsonPath("$.owner").isEqualTo("admin");
			assertThat(files(AUTHORED.resolve("best-practices/hardening-quiz"))).containsExactlyInAnyOrderEntriesOf(original);
			assertThat(files(shipped)).as("the shipped files are never written").containsExactlyInAnyOrderEntriesOf(original);
		}
		finally {
			// The test classes share one app: the shipped exercise is served again.
			AuthoringApiTests.delete(admin, "hardening-quiz").expectStatus().isNoContent();
		}
	}

	@Test
	void anInvalidPackIs422WithEveryProblemInItsFileAndNothingIsSaved() throws IOException {
		BrowserSession trainer = loggedIn("pack-trainer-invalid", "TRAINER");
		String valid = AuthoringApiTests.SPEC.formatted("pack-fine");
		String unknownRule = AuthoringApiTests.SPEC.formatted("pack-rule").replace("HR-09", "HR-99")
			.replace(", fr: Limiter les processus", "");
		String aliases = bomb("pack-alias");
		String floor = AuthoringApiTests.SPEC.formatted("pack-floor")
			.replace("module: best-practices", "module: best-practices\nsandbox: {capabilities: [SYS_MODULE]}");
		byte[] pack = new TestPack().exercise("best-practices", "pack-fine", valid, "", "")
			.exercise("best-practices", "pack-rule", unknownRule, "", "")
			.exercise("best-practices", "pack-alias", aliases, "", "")
			.exercise("best-practices", "pack-floor", floor, "", "")
			.exercise("best-practices", "pack-folder", AuthoringApiTests.SPEC.formatted("pack-elsewhere"), "", "")
			.file("best-practices/pack-lonely/exercise.yaml", AuthoringApiTests.SPEC.formatted("pack-lonely"))
			.bytes();
		Map<String, String> before = dataDir();
		importPack(trainer, pack, false, "en").expectStatus().isEqualTo(422)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
			.jsonPath("$.detail").isEqualTo("The pack has 7 problems; nothing was imported.")
			.jsonPath("$.problems[*].file").isEqualTo(List.of("best-practices/pack-alias/exercise.yaml",
					"best-practices/pack-floor/exercise.yaml", "best-practices/pack-folder/exercise.yaml",
					"best-practices/pack-lonely/README.en.md", "best-practices/pack-lonely/README.fr.md",
					"best-practices/pack-rule/exercise.yaml", "best-practices/pack-rule/exercise.yaml"))
			.jsonPath("$.problems[0].message").value((message) -> assertThat((String) message)
				.startsWith("This is not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max"))
			.jsonPath("$.problems[1].path").isEqualTo("sandbox").jsonPath("$.problems[1].line").isEqualTo(3)
			.jsonPath("$.problems[1].message").value((message) -> assertThat((String) message).contains("SYS_MODULE"))
			.jsonPath("$.problems[2].path").isEqualTo("id").jsonPath("$.problems[2].message")
			.isEqualTo("The id is 'pack-elsewhere' but the exercise's folder is 'pack-folder': they must be the same.")
			.jsonPath("$.problems[3].message").isEqualTo("The instructions README.en.md are missing.")
			.jsonPath("$.problems[5].path").isEqualTo("title.fr").jsonPath("$.problems[5].line").isEqualTo(4)
			.jsonPath("$.problems[5].column").isEqualTo(8)
			.jsonPath("$.problems[6].path").isEqualTo("checks[0].rule").jsonPath("$.problems[6].line").isEqualTo(8)
			.jsonPath("$.problems[6].column").isEqualTo(11)
			.jsonPath("$.problems[6].message").isEqualTo("'HR-99' is not a known rule id (HR-01 to HR-32).");
		importPack(trainer, pack, false, "fr").expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail").isEqualTo("Le paquet a 7 problèmes\u202f; rien n’a été importé.")
			.jsonPath("$.problems[6].message")
			.isEqualTo("«\u202fHR-99\u202f» n'est pas un identifiant de règle connu (de HR-01 à HR-32).");
		assertThat(dataDir()).as("nothing saved, not even the valid one").isEqualTo(before);
		trainer.get("/api/authoring/exercises/pack-fine").expectStatus().isNotFound();
	}

	/** The second exercise cannot be written (a file stands where its module's folder goes): the first is undone. */
	@Test
	void aSaveThatFailsHalfwayUndoesTheExercisesSavedBeforeIt() throws IOException {
		BrowserSession trainer = loggedIn("pack-trainer-halfway", "TRAINER");
		String kept = AuthoringApiTests.SPEC.formatted("pack-kept");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(kept, "kept", "gardé", null)).expectStatus().isCreated();
		byte[] pack = new TestPack()
			.exercise("best-practices", "pack-kept", kept.replace("points: 2", "points: 9"), "new", "nouveau")
			.exercise("best-practices", "pack-first", AuthoringApiTests.SPEC.formatted("pack-first"), "", "")
			.exercise("namespaces", "pack-second", AuthoringApiTests.SPEC.formatted("pack-second")
				.replace("module: best-practices", "module: namespaces"), "", "")
			.bytes();
		// A file where the exercise's folder goes, whatever other tests left in the module's folder.
		Path blocker = Files.createDirectories(AUTHORED.resolve("namespaces")).resolve("pack-second");
		Map<String, String> before = dataDir();
		Files.writeString(blocker, "not a folder");
		try {
			importPack(trainer, pack, true, "en").expectStatus().isEqualTo(500).expectBody().jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail)
					.startsWith("The exercise 'pack-second' could not be written to the data folder"));
		}
		finally {
			Files.delete(blocker);
		}
		assertThat(dataDir()).as("the replaced one written back, the created one deleted").isEqualTo(before);
		trainer.get("/api/authoring/exercises/pack-kept").expectBody().jsonPath("$.version").isEqualTo(1)
			.jsonPath("$.readme.en").isEqualTo("kept");
		trainer.get("/api/authoring/exercises/pack-first").expectStatus().isNotFound();
	}

	@Test
	void everyHostileArchiveIsRefusedInTheReadersLanguageAndNothingIsWritten() {
		BrowserSession trainer = loggedIn("pack-trainer-hostile", "TRAINER");
		Map<String, String> before = dataDir();
		for (PackArchiveTests.Hostile hostile : PackArchiveTests.hostile()) {
			byte[] pack = hostile.pack().get();
			InvalidPack expected = catchThrowableOfType(InvalidPack.class,
					() -> PackArchive.read(pack, PackArchiveTests.LIMITS, PackArchiveTests.FILE_LIMITS));
			for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
				String detail = this.messages.getMessage(expected, locale);
				importPack(trainer, pack, true, locale.getLanguage()).expectStatus().isEqualTo(422).expectBody()
					.jsonPath("$.detail").isEqualTo(detail)
					.jsonPath("$.problems[0].file").isEqualTo(expected.problems().get(0).file())
					.jsonPath("$.problems[0].message").isEqualTo(detail);
				assertThat(detail).as(hostile.what()).doesNotContain("{", "pack.");
				if (expected.getArguments().length > 0 && expected.getArguments()[0].equals(hostile.entry())) {
					assertThat(detail).as(hostile.what()).contains((locale == Locale.FRENCH)
							? "«\u202f" + hostile.entry() + "\u202f»" : "'" + hostile.entry() + "'");
				}
			}
		}
		assertThat(dataDir()).isEqualTo(before);
		assertThat(Path.of("/tmp/x")).doesNotExist();

		BrowserSession admin = adminSession();
		TarArchiveEntry link = new TarArchiveEntry("best-practices/x/exercise.yaml",
				org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
		link.setLinkName("/etc/passwd");
		byte[] symlink = new TestPack().entry(link, new byte[0]).bytes();
		importPack(admin, symlink, true, "en").expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The entry 'best-practices/x/exercise.yaml' is a symbolic link (to '/etc/passwd'): a pack holds"
					+ " only folders and files. Nothing was imported.");
		importPack(admin, symlink, true, "fr").expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("L’entrée «\u202fbest-practices/x/exercise.yaml\u202f» est un lien symbolique (vers"
					+ " «\u202f/etc/passwd\u202f»)\u00a0: un paquet ne contient que des dossiers et des fichiers. Rien n’a"
					+ " été importé.");
	}

	/** A gzip of about 1 MiB expanding to 1 GiB, sent to the app: stopped at the pack's limit, timed. */
	@Test
	void aGigabyteBombIsStoppedWhileItStreams() {
		BrowserSession trainer = loggedIn("pack-trainer-bomb", "TRAINER");
		TarArchiveEntry huge = new TarArchiveEntry("best-practices/bomb/README.en.md");
		huge.setSize(1L << 30);
		byte[] bomb = new TestPack().file("best-practices/bomb/exercise.yaml", AuthoringApiTests.SPEC.formatted("bomb"))
			.entry(huge, new byte[0]).zeros(huge.getSize()).bytes();
		Map<String, String> before = dataDir();
		long started = System.nanoTime();
		importPack(trainer, bomb, false, "en").expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("The pack expands to more than 32768 KiB, far more than exercises take (a decompression bomb?):"
					+ " reading stopped there, and nothing was imported.")
			.jsonPath("$.problems[0].file").isEqualTo("best-practices/bomb/README.en.md");
		long took = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("bomb over HTTP: %d KiB sent, 1 GiB once expanded, refused in %d ms%n", bomb.length / 1024,
				took);
		assertThat(took).as("a shared 2-core machine: generous, the allocation is the real bound").isLessThan(30_000);
		importPack(trainer, bomb, false, "fr").expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
			.isEqualTo("Le paquet se décompresse en plus de 32768 Kio, bien plus que ne pèsent des exercices (une bombe"
					+ " de décompression\u202f?)\u00a0: la lecture s’est arrêtée là, et rien n’a été importé.");
		assertThat(dataDir()).isEqualTo(before);
	}

	@Test
	void aBodyOverTheLimitIs413AndALearnerFindsNoPacks() {
		BrowserSession trainer = loggedIn("pack-trainer-limit", "TRAINER");
		byte[] large = new byte[5 << 20];
		new java.util.Random(13).nextBytes(large);
		large[0] = 0x1f;
		large[1] = (byte) 0x8b;
		importPack(trainer, large, false, "en").expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail")
			.isEqualTo("The pack is larger than 4096 KiB; nothing was imported.");
		importPack(trainer, large, false, "fr").expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail")
			.isEqualTo("Le paquet dépasse 4096 Kio\u202f; rien n’a été importé.");

		BrowserSession learner = learner("pack-learner");
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(AuthoringApiTests.SPEC.formatted("pack-theirs"), "", "",
				null)).expectStatus().isCreated();
		byte[] pack = trainer.get("/api/authoring/export").expectStatus().isOk().expectBody(byte[].class)
			.returnResult().getResponseBody();
		assertThat(entries(pack).keySet()).as("with no id: every exercise the trainer may edit, theirs only")
			.containsExactly("best-practices/", "best-practices/pack-theirs/", "best-practices/pack-theirs/exercise.yaml",
					"best-practices/pack-theirs/README.en.md", "best-practices/pack-theirs/README.fr.md");
		learner.get("/api/authoring/export").expectStatus().isNotFound();
		learner.get("/api/authoring/exercises/harden-a-run-line/export").expectStatus().isNotFound();
		importPack(learner, pack, false, "en").expectStatus().isNotFound();
		BrowserSession other = loggedIn("pack-trainer-other", "TRAINER");
		other.get("/api/authoring/exercises/pack-theirs/export").expectStatus().isNotFound();
		importPack(other, pack, true, "en").expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.problems[0].file").isEqualTo("best-practices/pack-theirs/exercise.yaml")
			.jsonPath("$.problems[0].path").isEqualTo("id");
		trainer.get("/api/authoring/exercises/pack-theirs").expectBody().jsonPath("$.version").isEqualTo(1);
	}

	private WebTestClient.ResponseSpec importPack(BrowserSession session, byte[] pack, boolean replace,
			String language) {
		return session.client().post().uri("/api/authoring/import" + (replace ? "?replace=true" : ""))
			.header("X-XSRF-TOKEN", session.csrfToken()).header("Accept-Language", language).contentType(GZIP)
			.bodyValue(pack).exchange();
	}

	/** A YAML spec whose aliases would expand a billion times. */
	private static String bomb(String id) {
		StringBuilder yaml = new StringBuilder("id: " + id + "\nmodule: best-practices\na: &a [x, x, x, x, x, x, x, x]\n");
		for (char name = 'b'; name <= 'j'; name++) {
			String previous = "*" + (char) (name - 1);
			yaml.append(name).append(": &").append(name).append(" [").append(String.join(", ", List.of(previous,
					previous, previous, previous, previous, previous, previous, previous))).append("]\n");
		}
		return yaml.toString();
	}

	/** One folder's files under a path, as tar and git spell it: the folders first, then the files. */
	private static byte[] folderPack(String folder, Map<String, byte[]> files) {
		TestPack pack = new TestPack();
		String[] names = folder.split("/");
		StringBuilder path = new StringBuilder();
		for (String name : names) {
			path.append(name).append('/');
			if (!name.equals(".")) {
				pack.directory(path.toString());
			}
		}
		files.forEach((name, bytes) -> pack.file(folder + name, bytes));
		return pack.bytes();
	}

	private static Map<String, byte[]> files(Path folder) throws IOException {
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> listed = Files.list(folder)) {
			for (Path file : listed.toList()) {
				files.put(file.getFileName().toString(), Files.readAllBytes(file));
			}
		}
		return files;
	}

	/** Every file and folder of the data folder but the database, with its content. */
	private static Map<String, String> dataDir() {
		Map<String, String> tree = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(DATA_DIR)) {
			for (Path path : paths.filter((path) -> !DATA_DIR.relativize(path).startsWith("db")).toList()) {
				tree.put(DATA_DIR.relativize(path).toString(),
						Files.isRegularFile(path) ? new String(Files.readAllBytes(path), StandardCharsets.UTF_8) : "/");
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return tree;
	}

	private static Map<String, byte[]> entries(byte[] pack) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(pack)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				entries.put(entry.getName(), tar.readAllBytes());
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return entries;
	}

	private static void extract(byte[] pack, Path into) throws IOException {
		List<String> names = new ArrayList<>();
		entries(pack).forEach((name, bytes) -> {
			names.add(name);
			Path target = into.resolve(name).normalize();
			assertThat(target.startsWith(into)).as(name).isTrue();
			try {
				if (name.endsWith("/")) {
					Files.createDirectories(target);
				}
				else {
					Files.write(target, bytes);
				}
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		assertThat(names).isNotEmpty();
	}

}
