package io.cagelab.grading;

import java.time.Duration;
import java.util.List;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DockerfileParserTests {

	static final String HARDENED = """
			# syntax=docker/dockerfile:1
			ARG BASE_TAG=3.20
			FROM golang:1.23 AS build
			WORKDIR /src
			COPY . .
			RUN go build -o /app ./cmd/app

			FROM alpine:${BASE_TAG}
			SHELL ["/bin/ash", "-o", "pipefail", "-c"]
			RUN apk add --no-cache ca-certificates \\
			 && find / -xdev -perm /6000 -type f -exec chmod a-s {} +
			COPY --from=build /app /usr/local/bin/app
			USER 10001:10001
			EXPOSE 8080
			HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "health"]
			ENTRYPOINT ["/usr/local/bin/app"]
			""";

	DockerfileParser parser = new DockerfileParser();

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	@Test
	void theFinalStageMakesTheContainer() {
		ContainerModel model = this.parser.parse(HARDENED);
		assertThat(model.kind()).isEqualTo(Kind.DOCKERFILE);
		assertThat(model.image()).isEqualTo("alpine:3.20");
		assertThat(model.user()).isEqualTo("10001:10001");
		assertThat(model.healthCheck()).isTrue();
		assertThat(model.ports()).extracting(ContainerModel.Port::containerPort).containsExactly("8080");
		assertThat(model.lineOf("user")).isEqualTo(13);
		assertThat(model.buildSteps()).extracting(DockerfileParser.Instruction::keyword)
			.containsExactly("SHELL", "RUN", "COPY", "USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT");
	}

	@Test
	void theHardenedDockerfilePassesEveryBuildRule() {
		List<RuleVerdict> verdicts = this.engine.grade(this.parser.parse(HARDENED), Language.EN);
		assertThat(verdicts).extracting(RuleVerdict::rule).containsExactlyInAnyOrder("HR-01", "HR-24", "HR-26", "HR-28",
				"HR-29", "HR-30", "HR-31", "HR-32");
		assertThat(verdicts).allSatisfy((v) -> assertThat(v.passed()).as("%s %s", v.rule(), v.message()).isTrue());
	}

	@ParameterizedTest(name = "{1} {2}: {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			FROM debian:12                                         | HR-01 | false
			`FROM debian:12\nUSER root`                            | HR-01 | false
			`FROM debian:12\nUSER 0:0`                             | HR-01 | false
			`FROM debian:12\nUSER 1000\nUSER root`                 | HR-01 | false
			`FROM debian:12\nUSER root\nUSER app`                  | HR-01 | true
			`ARG UID=1000\nFROM debian:12\nARG UID\nUSER ${UID}`   | HR-01 | true
			`FROM debian:12\nEXPOSE 22`                            | HR-24 | false
			`FROM debian:12\nEXPOSE 80 443/tcp`                    | HR-24 | true
			`FROM debian:12\nEXPOSE 22/sctp`                       | HR-24 | false
			`FROM debian:12\nEXPOSE 022`                           | HR-24 | false
			`FROM debian:12\nEXPOSE 20-30/TCP`                     | HR-24 | false
			`FROM debian:12\nEXPOSE 8000-8080/udp`                 | HR-24 | true
			FROM debian:12                                         | HR-26 | false
			`FROM debian:12\nHEALTHCHECK NONE`                     | HR-26 | false
			`FROM debian:12\nHEALTHCHECK CMD curl -f localhost`    | HR-26 | true
			FROM debian                                            | HR-28 | false
			FROM debian:latest                                     | HR-28 | false
			FROM debian@sha256:abcdef                              | HR-28 | true
			`ARG V=12\nFROM debian:$V`                             | HR-28 | true
			`FROM node:22 AS b\nFROM b`                            | HR-28 | true
			`FROM debian:12\nENV DB_PASSWORD=hunter2`              | HR-29 | false
			`FROM debian:12\nENV API_KEY abc123`                   | HR-29 | false
			`FROM debian:12\nARG GITHUB_TOKEN=ghp_x`               | HR-29 | false
			`FROM debian:12\nARG GITHUB_TOKEN`                     | HR-29 | true
			`FROM debian:12\nADD app.tar.gz /app`                  | HR-30 | false
			`FROM debian:12\nRUN sudo apt-get install -y curl`     | HR-30 | false
			`FROM debian:12\nRUN apt-get update`                   | HR-30 | false
			`FROM debian:12\nRUN apt-get update && apt-get install -y curl` | HR-30 | true
			`FROM debian:12\nRUN curl -fsSL https://x.invalid/i.sh \\| sh` | HR-30 | false
			`FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.invalid/i.sh \\| bash` | HR-30 | true
			`FROM alpine:3.20\nRUN chmod u+s /bin/app`             | HR-31 | false
			`FROM alpine:3.20\nRUN chmod 4755 /bin/app`            | HR-31 | false
			FROM debian:12                                         | HR-31 | false
			`FROM debian:12\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +` | HR-31 | true
			FROM gcr.io/distroless/static-debian12:nonroot         | HR-32 | true
			FROM python:3.12-slim                                  | HR-32 | true
			FROM ubuntu:24.04                                      | HR-32 | false
			""")
	void aDockerfileIsGradedOnItsFinalStage(String dockerfile, String rule, boolean passes) {
		String text = dockerfile.replace("\\n", "\n").replace("\\|", "|");
		RuleVerdict verdict = this.engine.grade(this.parser.parse(text), Language.EN).stream()
			.filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
		assertThat(verdict.passed()).as(text).isEqualTo(passes);
	}

	@Test
	void continuationsCommentsHeredocsAndTheEscapeDirectiveAreFollowed() {
		ContainerModel model = this.parser.parse("""
				# escape=`
				FROM mcr.microsoft.com/windows/servercore:ltsc2022
				RUN echo one `
				# a comment inside the instruction
				    two
				COPY <<EOF /etc/app.conf
				user=root
				EOF
				USER ContainerUser
				""");
		assertThat(model.buildSteps().get(0).arguments()).isEqualTo("echo one  two");
		assertThat(model.buildSteps().get(1).keyword()).isEqualTo("COPY");
		assertThat(model.user()).isEqualTo("ContainerUser");
		assertThat(model.lineOf("user")).isEqualTo(9);
	}

	@Test
	void aHugeInstructionIsGradedInLinearTime() {
		String dockerfile = "FROM debian:12\nRUN " + "curl x ".repeat(9_000) + "\n";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> this.engine.grade(this.parser.parse(dockerfile),
				Language.EN));
		String chmods = "FROM alpine:3.20\nRUN chmod " + "-x ".repeat(20_000) + "u+s /bin/app\n";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(this.engine.grade(this.parser.parse(chmods),
				Language.EN).stream().filter((v) -> v.rule().equals("HR-31")).findFirst().orElseThrow().passed()).isFalse());
		String substitutions = "FROM debian:12\nENV A=" + "${a:-".repeat(10_000) + "\n";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> this.parser.parse(substitutions));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`RUN echo hi\nFROM debian:12`           | line 1, column 1: RUN before the first FROM
			`# nothing here`                        | a Dockerfile starts with FROM
			`FROM debian:12\nFROBNICATE x`          | line 2, column 1: unknown instruction FROBNICATE
			`FROM debian:12\nRUN <<EOT\necho hi`    | the heredoc EOT is never closed
			`# escape=x\nFROM debian:12`            | the escape directive takes
			`FROM debian:12\nEXPOSE http`           | line 2, column 1: EXPOSE http cannot be read
			""")
	void badDockerfilesAreRefusedWithTheirLine(String dockerfile, String message) {
		assertThatThrownBy(() -> this.parser.parse(dockerfile.replace("\\n", "\n")))
			.isInstanceOf(GradingException.class).hasMessageContaining(message);
	}

}
