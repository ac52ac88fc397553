package io.cagelab.authoring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cagelab.AppProcess;
import io.cagelab.BrowserSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drafts after the app is killed with SIGKILL and started again: their files, owner and version are all there, the
 * version check still holds, a publication and a proven state are kept (learners are still served the one, the other
 * can still be published), and {@code cagelab validate $CAGELAB_DATA_DIR/exercises} passes on what was saved and
 * names each problem of a spec broken by hand with its file, line and column.
 */
@Tag("engine")
class AuthoringRestartTests {

	static final String PASSWORD = "authoring-admin-pass";

	static final String TRAINER_PASSWORD = "authoring-trainer-1";

	static final String SPEC = AuthoringApiTests.SPEC.formatted("restart-draft") + """
			wrong-answers:
			  - content: docker run app:1
			    fails: {pids: pids-limit}
			""";

	AppProcess app;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void draftsSurviveASigkillAndValidateOnTheEngine() throws Exception {
		this.app = new AppProcess("authoring-restart", PASSWORD).start();
		this.app.admin().postJson("/api/admin/users", Map.of("username", "rs-author", "password", TRAINER_PASSWORD,
				"role", "TRAINER")).expectStatus().isCreated();
		BrowserSession trainer = BrowserSession.loggedIn(this.app.client(), "rs-author", TRAINER_PASSWORD);
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC, "# Limit\n", "# Limiter\n", null))
			.expectStatus().isCreated();
		String saved = SPEC.replace("points: 2", "points: 3");
		AuthoringApiTests.put(trainer, "restart-draft", AuthoringApiTests.body(saved, "# Limit them\n", "# Limitez\n", 1))
			.expectStatus().isOk();
		// One published at version 2, another proven only: both are rows the kill may not lose.
		assertThat(AuthoringPublishTests.proven(trainer, "restart-draft")).isEqualTo("proven");
		AuthoringPublishTests.publish(trainer, "restart-draft").expectStatus().isOk();
		AuthoringApiTests.post(trainer, AuthoringApiTests.body(SPEC.replace("restart-draft", "restart-proven"), "", "",
				null)).expectStatus().isCreated();
		assertThat(AuthoringPublishTests.proven(trainer, "restart-proven")).isEqualTo("proven");

		// The save was answered, so it was written and flushed: the kill may lose none of it.
		this.app.kill();
		this.app.start();

		BrowserSession again = BrowserSession.loggedIn(this.app.client(), "rs-author", TRAINER_PASSWORD);
		again.get("/api/authoring/exercises/restart-draft").expectStatus().isOk().expectBody()
			.jsonPath("$.version").isEqualTo(2).jsonPath("$.owner").isEqualTo("rs-author")
			.jsonPath("$.state").isEqualTo("published").jsonPath("$.publishedVersion").isEqualTo(2)
			.jsonPath("$.provenVersion").isEqualTo(2).jsonPath("$.spec").isEqualTo(saved)
			.jsonPath("$.readme.fr").isEqualTo("# Limitez\n").jsonPath("$.problems").isEmpty();
		again.get("/api/authoring/exercises/restart-proven").expectStatus().isOk().expectBody()
			.jsonPath("$.state").isEqualTo("proven").jsonPath("$.provenVersion").isEqualTo(1);
		again.get("/labs/restart-draft").expectStatus().isOk().expectBody(String.class)
			.value((page) -> assertThat(page).contains("<title>Limit processes · Cagelab</title>"));
		AuthoringPublishTests.publish(again, "restart-proven").expectStatus().isOk();
		AuthoringApiTests.put(again, "restart-draft", AuthoringApiTests.body(SPEC, "", "", 1)).expectStatus()
			.isEqualTo(409);

		// One run of validate over what was saved and a spec broken by hand beside it: it plays each on the engine.
		Path authored = this.app.dataDir().resolve("exercises");
		Path broken = Files.createDirectories(authored.resolve("best-practices/restart-broken"));
		Files.writeString(broken.resolve("exercise.yaml"), SPEC.replace("restart-draft", "restart-broken")
			.replace("HR-09", "HR-99").replace(", fr: Regardez les pids", ""));
		Validation validation = validate(authored);
		// Named from the working folder, as a compiler names the files it reads.
		Path shown = Path.of("").toAbsolutePath().relativize(broken.resolve("exercise.yaml"));
		assertThat(validation.output()).contains("ok    best-practices/restart-draft", "3/3 points, 1 wrong answer caught",
				"ok    best-practices/restart-proven", "FAIL  best-practices/restart-broken",
				shown + ":8:11: checks[0].rule: 'HR-99' is not a known rule id (HR-01 to HR-32).",
				shown + ":10:11: checks[0].hint.fr: The French text is missing",
				"The instructions README.en.md are missing.", "3 exercises: 2 ok, 1 failing");
		assertThat(validation.exit()).as(validation.output()).isEqualTo(1);
	}

	record Validation(int exit, String output) {
	}

	/** Run {@code cagelab validate PATH} as the script does: the app's main class, in a process of its own. */
	static Validation validate(Path path) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Process validate = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classpath, "io.cagelab.CagelabApplication", "validate", path.toString()))
			.redirectErrorStream(true).start();
		String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(validate.waitFor(5, TimeUnit.MINUTES)).isTrue();
		return new Validation(validate.exitValue(), output);
	}

}
