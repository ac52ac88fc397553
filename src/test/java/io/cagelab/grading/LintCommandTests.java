package io.cagelab.grading;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LintCommandTests {

	@TempDir
	Path folder;

	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void aHardenedRunLinePassesWithExitZero() throws Exception {
		Path file = write("run.sh", HardeningRulesTests.HARDENED + "\n");
		assertThat(lint(file.toString())).isEqualTo(LintCommand.PASSED);
		assertThat(output()).isEmpty();
	}

	@Test
	void findingsAreListedAsTextWithFileLineRuleAndCisAndExitOne() throws Exception {
		Path file = write("deploy.sh", "#!/bin/sh\ndocker run --privileged nginx\n");
		assertThat(lint(file.toString())).isEqualTo(LintCommand.FAILED);
		assertThat(output()).contains(file + ":2: CRITICAL HR-02 (CIS 5.5) --privileged gives the container")
			.contains("HR-09 (CIS 5.29)");
	}

	@Test
	void jsonFindingsCarryTheRequiredFields() throws Exception {
		Path file = write("Dockerfile", "FROM ubuntu\nUSER root\n");
		assertThat(lint("--format", "json", "--lang", "fr", file.toString())).isEqualTo(LintCommand.FAILED);
		JsonNode findings = JsonMapper.builder().build().readTree(output());
		assertThat(findings.isArray()).isTrue();
		JsonNode user = findings.valueStream().filter((f) -> f.get("rule").asString().equals("HR-01")).findFirst()
			.orElseThrow();
		assertThat(user.get("file").asString()).isEqualTo(file.toString());
		assertThat(user.get("line").asInt()).isEqualTo(2);
		assertThat(user.get("cis").get(0).asString()).isEqualTo("4.1");
		assertThat(user.get("cis").size()).isEqualTo(1);
		assertThat(user.get("severity").asString()).isEqualTo("HIGH");
		assertThat(user.get("message").asString()).startsWith("Le conteneur tourne en root");
	}

	@Test
	void sarifIsVersion210WithRulesAndLocatedResults() throws Exception {
		Path file = write("docker-compose.yml", "services:\n  web:\n    image: nginx\n    privileged: true\n");
		assertThat(lint("--format", "sarif", file.toString())).isEqualTo(LintCommand.FAILED);
		JsonNode sarif = JsonMapper.builder().build().readTree(output());
		assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
		JsonNode run = sarif.get("runs").get(0);
		assertThat(run.get("tool").get("driver").get("rules").size()).isEqualTo(HardeningRules.ALL.size());
		JsonNode privileged = run.get("results").valueStream()
			.filter((r) -> r.get("ruleId").asString().equals("HR-02")).findFirst().orElseThrow();
		assertThat(privileged.get("level").asString()).isEqualTo("error");
		assertThat(privileged.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(4);
		assertThat(privileged.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo(file.toString());
	}

	@Test
	void theKindComesFromTheFileNameUnlessGiven() {
		assertThat(Kind.ofFileName("Dockerfile")).isEqualTo(Kind.DOCKERFILE);
		assertThat(Kind.ofFileName("build/Dockerfile.prod")).isEqualTo(Kind.DOCKERFILE);
		assertThat(Kind.ofFileName("web.dockerfile")).isEqualTo(Kind.DOCKERFILE);
		assertThat(Kind.ofFileName("Containerfile")).isEqualTo(Kind.DOCKERFILE);
		assertThat(Kind.ofFileName("compose.yaml")).isEqualTo(Kind.COMPOSE);
		assertThat(Kind.ofFileName("docker-compose.override.yml")).isEqualTo(Kind.COMPOSE);
		assertThat(Kind.ofFileName("start.sh")).isEqualTo(Kind.RUN);
	}

	@Test
	void anExplicitKindOverridesTheFileName() throws Exception {
		Path file = write("notes.txt", "FROM alpine:3.20\nUSER 1000\n");
		assertThat(lint("--kind", "dockerfile", file.toString())).isEqualTo(LintCommand.FAILED);
		assertThat(output()).contains("HR-26").doesNotContain("HR-09");
	}

	@Test
	void parseErrorsAndUsageErrorsExitTwoWithFileLineAndColumn() throws Exception {
		Path file = write("run.sh", "docker run --frobnicate nginx\n");
		assertThat(lint(file.toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(errors()).contains(file + ":1:12: unknown option --frobnicate for docker run");
		assertThat(lint("--format", "xml", file.toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(lint()).isEqualTo(LintCommand.UNUSABLE);
		assertThat(errors()).contains("usage: cagelab lint");
		assertThat(lint("--kind", "helm", file.toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(lint(this.folder.resolve("missing.sh").toString())).isEqualTo(LintCommand.UNUSABLE);
		Files.write(this.folder.resolve("binary.sh"), new byte[] { 0, 1, 2, (byte) 0xff });
		assertThat(lint(this.folder.resolve("binary.sh").toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(errors()).contains("not UTF-8 text");
	}

	@Test
	void parseErrorsAreWrittenInTheLanguageAsked() throws Exception {
		Path file = write("run.sh", "docker run --frobnicate nginx\n");
		assertThat(lint("--lang", "fr", file.toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(errors()).contains(file + ":1:12: option --frobnicate inconnue de docker run");
		Files.write(this.folder.resolve("binary.sh"), new byte[] { 0, 1, 2, (byte) 0xff });
		assertThat(lint("--lang", "fr", this.folder.resolve("binary.sh").toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(errors()).contains("ce n'est pas du texte UTF-8");
	}

	@Test
	void everyFileIsReportedAndTheWorstStatusWins() throws Exception {
		Path bad = write("bad.sh", "docker run --frobnicate nginx\n");
		Path privileged = write("privileged.sh", "docker run --privileged app:1\n");
		Path missing = this.folder.resolve("missing.sh");
		this.err.reset();
		assertThat(lint(bad.toString(), privileged.toString(), missing.toString())).isEqualTo(LintCommand.UNUSABLE);
		assertThat(output()).contains(privileged + ":1: CRITICAL HR-02");
		assertThat(errors()).contains(bad + ":1:12: unknown option --frobnicate").contains(missing + ":1:1: this file"
				+ " cannot be read");
		assertThat(lint(privileged.toString())).isEqualTo(LintCommand.FAILED);
	}

	@Test
	void anUnreadableFileIsAJsonEntryAndASarifNotification() throws Exception {
		Path bad = write("bad.sh", "docker run \\\n  --frobnicate nginx\n");
		Path privileged = write("privileged.sh", "docker run --privileged -p 80:80 app:1\n");
		assertThat(lint("--format", "json", bad.toString(), privileged.toString())).isEqualTo(LintCommand.UNUSABLE);
		JsonNode entries = JsonMapper.builder().build().readTree(output());
		JsonNode error = null;
		for (JsonNode entry : entries) {
			if (entry.has("error")) {
				error = entry;
			}
			if (entry.path("rule").asString("").equals("HR-24")) {
				assertThat(entry.get("cis").isArray()).isTrue();
				assertThat(entry.get("cis").toString()).isEqualTo("[\"5.8\",\"5.14\"]");
			}
		}
		assertThat(error).isNotNull();
		assertThat(error.get("file").asString()).isEqualTo(bad.toString());
		assertThat(error.get("line").asInt()).isEqualTo(2);
		assertThat(error.get("column").asInt()).isEqualTo(3);
		assertThat(error.get("error").asString()).contains("--frobnicate");
		assertThat(lint("--format", "sarif", bad.toString(), privileged.toString())).isEqualTo(LintCommand.UNUSABLE);
		JsonNode run = JsonMapper.builder().build().readTree(output()).get("runs").get(0);
		assertThat(run.get("results").size()).isPositive();
		JsonNode invocation = run.get("invocations").get(0);
		assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
		JsonNode notification = invocation.get("toolExecutionNotifications").get(0);
		assertThat(notification.get("level").asString()).isEqualTo("error");
		assertThat(notification.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
		assertThat(notification.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo(bad.toString());
		for (JsonNode result : run.get("results")) {
			assertThat(result.at("/properties/cis").isArray()).isTrue();
		}
	}

	@Test
	void aComposeFileExtendsAServiceOfAFileBesideIt() throws Exception {
		write("base.yaml", "services:\n  hardened:\n    image: app:1\n    privileged: true\n");
		Path compose = write("compose.yaml", "services:\n  web:\n    extends: {file: base.yaml, service: hardened}\n");
		assertThat(lint(compose.toString())).isEqualTo(LintCommand.FAILED);
		assertThat(output()).contains("HR-02");
	}

	private int lint(String... args) {
		this.out.reset();
		return new LintCommand().run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private Path write(String name, String content) throws Exception {
		return Files.writeString(this.folder.resolve(name), content);
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8).trim();
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
