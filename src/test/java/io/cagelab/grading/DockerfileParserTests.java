package io.cagelab.grading;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
			# A variable that is not set is empty, so these run as root; a global ARG is not seen unless named again.
			`FROM debian:12\nUSER ${APP_UID}`                      | HR-01 | false
			`FROM debian:12\nARG APP_UID\nUSER $APP_UID`           | HR-01 | false
			`ARG UID=1000\nFROM debian:12\nUSER ${UID}`            | HR-01 | false
			`FROM debian:12\nUSER ${APP_UID:-1000}`                | HR-01 | true
			# A stage built FROM an earlier stage keeps what that stage set.
			`FROM debian:12 AS base\nUSER app\nFROM base`          | HR-01 | true
			`FROM debian:12 AS base\nUSER app\nFROM base\nUSER 0`  | HR-01 | false
			`FROM debian:12 AS base\nEXPOSE 22\nFROM base`         | HR-24 | false
			`FROM debian:12 AS base\nHEALTHCHECK CMD true\nFROM base` | HR-26 | true
			`FROM debian:12 AS base\nENV DB_PASSWORD=hunter2\nFROM base` | HR-29 | false
			`FROM alpine:3.20 AS base\nRUN chmod u+s /bin/app\nFROM base` | HR-31 | false
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
			# Every FROM pulls an image, so every FROM is pinned; scratch and earlier stages are not pulled.
			`FROM golang AS build\nFROM alpine:3.20`               | HR-28 | false
			`FROM golang:latest AS build\nFROM alpine:3.20`        | HR-28 | false
			`FROM golang:1.23 AS build\nFROM build AS test\nFROM scratch` | HR-28 | true
			`FROM node:22 AS B\nFROM b`                            | HR-28 | true
			FROM scratch                                           | HR-28 | true
			FROM localhost:5000/team/app                           | HR-28 | false
			`ARG TAG\nFROM debian:${TAG}`                          | HR-28 | false
			`FROM debian:12\nENV DB_PASSWORD=hunter2`              | HR-29 | false
			`FROM debian:12\nENV API_KEY abc123`                   | HR-29 | false
			`FROM debian:12\nARG GITHUB_TOKEN=ghp_x`               | HR-29 | false
			`FROM debian:12\nARG GITHUB_TOKEN`                     | HR-29 | true
			# ENV does not end at ;, so the second variable is declared too.
			`FROM debian:12\nENV MODE=prod; API_TOKEN=abc`         | HR-29 | false
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
			# A -slim Debian still ships su, mount, passwd...: only a base without them, or chmod a-s, passes.
			FROM python:3.12-slim                                  | HR-31 | false
			FROM debian:bookworm-slim                              | HR-31 | false
			`FROM python:3.12-slim\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +` | HR-31 | true
			FROM gcr.io/distroless/static-debian12:nonroot         | HR-31 | true
			FROM alpine:3.20                                       | HR-31 | true
			FROM scratch                                           | HR-31 | true
			FROM gcr.io/distroless/static-debian12:nonroot         | HR-32 | true
			FROM python:3.12-slim                                  | HR-32 | true
			FROM ubuntu:24.04                                      | HR-32 | false
			# The repository name and the tag decide, not the registry host or the team.
			FROM docker.io/library/ubuntu:22.04                    | HR-32 | false
			FROM myregistry:5000/team/ubuntu                       | HR-32 | false
			FROM alpine-mirror.example.com/library/debian:12       | HR-32 | false
			FROM slimcorp/ubuntu:22.04                             | HR-32 | false
			FROM myregistry:5000/mirror/alpine:3.20                | HR-32 | true
			FROM node:22-alpine3.20                                | HR-32 | true
			FROM debian:bookworm-slim                              | HR-32 | true
			FROM cgr.dev/chainguard/static:latest                  | HR-32 | true
			FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4   | HR-32 | true
			FROM scratch                                           | HR-32 | true
			`FROM python:3.12 AS build\nFROM build`                | HR-32 | false
			""")
	void aDockerfileIsGradedOnItsFinalStage(String dockerfile, String rule, boolean passes) {
		String text = dockerfile.replace("\\n", "\n").replace("\\|", "|");
		RuleVerdict verdict = this.engine.grade(this.parser.parse(text), Language.EN).stream()
			.filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
		assertThat(verdict.passed()).as(text).isEqualTo(passes);
	}

	static final Map<String, Function<ContainerModel, Object>> SETTINGS = Map.of("image", ContainerModel::image, "user",
			ContainerModel::user, "env", ContainerModel::env, "ports", ContainerModel::ports, "healthCheck",
			ContainerModel::healthCheck, "baseImages", ContainerModel::baseImages);

	@ParameterizedTest(name = "{0} -> {1} = {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			# ENV keeps what follows a ;, in both of its forms; quotes and escapes group words.
			`FROM a:1\nENV A=1;B=2`                              | env        | {A=1;B=2}
			`FROM a:1\nENV GREETING hello world; bye`            | env        | {GREETING=hello world; bye}
			`FROM a:1\nENV K1=v1 K2="v 2" K3=v\\ 3 K4='$K1'`      | env        | {K1=v1, K2=v 2, K3=v 3, K4=$K1}
			`FROM a:1\nENV MSG "hello world"`                    | env        | {MSG=hello world}
			# The values of one ENV see the variables as they were before it.
			`FROM a:1\nENV A=1\nENV A=2 B=$A C="${A}"`            | env        | {A=2, B=1, C=1}
			# Unset is empty; with a colon, empty is unset too.
			`FROM a:1\nENV A=x${UNSET}y$UNSET`                   | env        | {A=xy}
			`FROM a:1\nENV A=${UNSET:-fallback}`                 | env        | {A=fallback}
			`FROM a:1\nARG E=\nENV A=${E:-colon} B=${E-bare}`    | env        | {E=, A=colon, B=}
			`FROM a:1\nARG V=1\nENV A=${V:+set} B=${UNSET:+set}` | env        | {V=1, A=set, B=}
			`FROM a:1\nENV A=${UNSET-${ALSO:-inner}}`            | env        | {A=inner}
			`FROM a:1\nENV A=\\$HOME`                            | env        | {A=$HOME}
			# A global ARG is for FROM lines, and for a stage that names it again.
			`ARG UID=1000\nFROM a:1\nUSER ${UID}`                | user       | ``
			`ARG UID=1000\nFROM a:1\nARG UID\nUSER ${UID}`       | user       | 1000
			`ARG UID=1000\nFROM a:1\nARG UID=2000\nUSER $UID`    | user       | 2000
			`ARG U=app\nFROM a:1 AS one\nARG U\nFROM a:1\nUSER x$U` | user    | x
			`ARG TAG=3.20\nFROM alpine:${TAG} AS one\nFROM alpine:$TAG` | image | alpine:3.20
			`FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM build` | image | golang:1.23
			# A stage built FROM an earlier stage (in any case) keeps its settings and ENV, not its ARGs.
			`FROM a:1 AS base\nUSER app\nHEALTHCHECK CMD true\nFROM base` | healthCheck | true
			`FROM a:1 AS Base\nUSER app\nFROM BASE`              | user       | app
			`FROM a:1 AS base\nENV DIR=/srv\nFROM base\nUSER ${DIR}` | user    | /srv
			`FROM a:1 AS base\nARG U=app\nFROM base\nUSER x${U}` | user      | x
			`FROM a:1 AS base\nUSER app\nFROM a:1`               | user       | null
			`FROM a:1 AS base\nEXPOSE 22\nFROM base\nEXPOSE 80`  | ports      | [Port[hostIp=, hostPort=, containerPort=22], Port[hostIp=, hostPort=, containerPort=80]]
			# Every image a FROM pulls; earlier stages are not images.
			`FROM golang:1.23 AS build\nFROM build AS test\nFROM scratch` | baseImages | [golang:1.23, scratch]
			""")
	void aDockerfileBecomesAContainerModel(String dockerfile, String setting, String expected) {
		ContainerModel model = this.parser.parse(dockerfile.replace("\\n", "\n"));
		assertThat(String.valueOf(SETTINGS.get(setting).apply(model))).isEqualTo(expected);
	}

	@Test
	void aStageBuiltFromAnotherPointsAtTheLinesOfWhatItInherits() {
		ContainerModel model = this.parser.parse("FROM debian:12 AS base\nUSER app\nUSER root\n\nFROM base\n");
		assertThat(model.lineOf("user")).isEqualTo(3);
		assertThat(model.lineOf("image")).isEqualTo(5);
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
		assertThat(model.buildSteps().get(0).arguments()).isEqualTo("echo one     two");
		assertThat(model.buildSteps().get(1).keyword()).isEqualTo("COPY");
		assertThat(model.user()).isEqualTo("ContainerUser");
		assertThat(model.lineOf("user")).isEqualTo(9);
	}

	/** Read or refused, as BuildKit refuses a substitution never closed: quickly, either way. */
	private void parsedOrRefused(String dockerfile) {
		try {
			this.parser.parse(dockerfile);
		}
		catch (GradingException ex) {
			assertThat(ex.line()).isEqualTo(2);
		}
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
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parsedOrRefused(substitutions));
		String closed = "FROM debian:12\nENV A=" + "${a:-".repeat(10_000) + "x" + "}".repeat(10_000) + "\n";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parsedOrRefused(closed));
		String closedOnce = "FROM debian:12\nENV A=" + "${a:-\"".repeat(10_000) + "}\n";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parsedOrRefused(closedOnce));
	}

	@Test
	void anUnpinnedBuildStagePointsAtItsFrom() {
		RuleVerdict verdict = this.engine.grade(this.parser.parse("FROM golang AS build\nRUN go build\nFROM alpine:3.20\n"),
				Language.EN).stream().filter((v) -> v.rule().equals("HR-28")).findFirst().orElseThrow();
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.line()).isEqualTo(1);
	}

	@Test
	void aLongChainOfStagesIsReadUpToTheBoundAndRefusedBeyond() {
		assertThat(this.parser.parse(chainOfStages(DockerfileParser.MAX_STAGES)).env())
			.hasSize(DockerfileParser.MAX_STAGES - 1);
		// About as many stages as a 64 KiB submission holds, each copying what the one before it did.
		assertThatThrownBy(() -> this.parser.parse(chainOfStages(2_500))).isInstanceOfSatisfying(GradingException.class,
				(ex) -> assertThat(ex.line()).isEqualTo(2 * DockerfileParser.MAX_STAGES));
	}

	private static String chainOfStages(int count) {
		StringBuilder dockerfile = new StringBuilder("FROM debian:12 AS s0\n");
		for (int i = 1; i < count; i++) {
			dockerfile.append("FROM s").append(i - 1).append(" AS s").append(i).append("\nENV V").append(i).append("=$V")
				.append(i - 1).append("\n");
		}
		return dockerfile.toString();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			# FROM a stage not yet written is FROM an image of that name: a stage never comes back to itself.
			`FROM app AS app\nUSER 1000`                        | app
			`FROM b AS a\nUSER 1000\nFROM a AS b\nFROM b`     | b
			""")
	void stagesNeverGoRoundInACircle(String dockerfile, String image) {
		ContainerModel model = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> this.parser.parse(dockerfile.replace("\\n", "\n")));
		assertThat(model.image()).isEqualTo(image);
		assertThat(model.user()).isEqualTo("1000");
	}

	@ParameterizedTest(name = "{0} x {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# A is a thousand characters; every value counts each time it is looked up, the first instruction is line 4.
			# ENV looks A up where it expands it, and again in the step kept for the rules, by then doubled.
			# FROM lines never get that far: a Dockerfile has at most MAX_STAGES of them.
			ENV A=$A$A                             | 40   | 11   | ENV
			RUN echo $A $A $A $A $A $A $A $A $A $A | 200  | 108  | RUN
			ENV A=$A$A                             | 5    | 0    |
			""")
	void variablesThatGrowWithoutBoundAreRefused(String instruction, int times, int line, String keyword) {
		String dockerfile = "ARG A=" + "x".repeat(1_000) + "\nFROM alpine:3.20\nARG A\n"
				+ (instruction + "\n").repeat(times);
		if (line == 0) {
			assertThat(this.parser.parse(dockerfile).env().get("A")).hasSize(32_000);
			return;
		}
		GradingException ex = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThrows(GradingException.class, () -> this.parser.parse(dockerfile)));
		assertThat(ex.line()).isEqualTo(line);
		assertThat(ex.problem(Language.EN)).isEqualTo("with this " + keyword + ", variables put more than 1048576"
				+ " characters into the Dockerfile; a variable that grows with each use, as in ENV A=$A$A, is refused");
		assertThat(ex.problem(Language.FR)).isEqualTo("avec ce " + keyword + ", les variables mettent plus de 1048576"
				+ " caractères dans le Dockerfile\u202f; une variable qui grandit à chaque usage, comme dans ENV A=$A$A, est"
				+ " refusée");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`RUN echo hi\nFROM debian:12`           | line 1, column 1: RUN before the first FROM
			`# nothing here`                        | a Dockerfile starts with FROM
			`FROM debian:12\nFROBNICATE x`          | line 2, column 1: unknown instruction FROBNICATE
			`FROM debian:12\nRUN <<EOT\necho hi`    | the heredoc EOT is never closed
			`# escape=x\nFROM debian:12`            | the escape directive takes
			`FROM ${IMAGE}`                         | line 1, column 1: FROM names no image: ${IMAGE} is empty here
			`FROM debian:12\nUSER ${APP_UID:?set it}` | line 2, column 1: USER needs the variable APP_UID: set it
			`FROM debian:12\nENV A=${A?}`           | ENV needs the variable A: is not allowed to be unset
			`FROM debian:12\nENV A`                 | line 2, column 1: ENV A needs a value
			`FROM debian:12\nENV A=1 B`             | ENV cannot read 'B': write it as NAME=value
			`FROM debian:12\nEXPOSE http`           | line 2, column 1: EXPOSE http cannot be read
			""")
	void badDockerfilesAreRefusedWithTheirLine(String dockerfile, String message) {
		assertThatThrownBy(() -> this.parser.parse(dockerfile.replace("\\n", "\n")))
			.isInstanceOf(GradingException.class).hasMessageContaining(message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`# nothing here`                         | 1 | 1 | a Dockerfile starts with FROM; none was found | un Dockerfile commence par FROM\u202f; il n'y en a aucun
			`RUN echo hi\nFROM debian:12`            | 1 | 1 | RUN before the first FROM: only ARG may come before it | RUN avant le premier FROM\u00a0: seul ARG peut venir avant
			`FROM debian:12\nFROBNICATE x`           | 2 | 1 | unknown instruction FROBNICATE | instruction FROBNICATE inconnue
			`FROM debian:12\nRUN <<EOT\necho hi`     | 2 | 5 | the heredoc EOT is never closed | le heredoc EOT n'est jamais fermé
			`# escape=x\nFROM debian:12`             | 1 | 1 | the escape directive takes \\ or `, not x | la directive escape prend \\ ou `, pas x
			`FROM debian:12\nUSER ${APP_UID:?set it}` | 2 | 1 | USER needs the variable APP_UID: set it | USER a besoin de la variable APP_UID\u00a0: set it
			`FROM debian:12\nENV A=${A?}`            | 2 | 1 | ENV needs the variable A: is not allowed to be unset | ENV a besoin de la variable A, qui doit être définie
			`FROM debian:12\nENV A`                  | 2 | 1 | ENV A needs a value, such as ENV A=value | ENV A attend une valeur, par exemple ENV A=valeur
			`FROM debian:12\nENV A=1 B`              | 2 | 1 | ENV cannot read 'B': write it as NAME=value | ENV ne sait pas lire «\u202fB\u202f»\u00a0: écrivez NOM=valeur
			`FROM debian:12\nEXPOSE 99999`           | 2 | 1 | EXPOSE 99999 cannot be read: port 99999 is outside 1 to 65535 | EXPOSE 99999 est illisible\u00a0: le port 99999 n'est pas compris entre 1 et 65535
			""")
	void badDockerfilesAreExplainedInEnglishAndFrench(String dockerfile, int line, int column, String english,
			String french) {
		GradingException ex = assertThrows(GradingException.class,
				() -> this.parser.parse(dockerfile.replace("\\n", "\n")));
		assertThat(ex.line()).isEqualTo(line);
		assertThat(ex.column()).isEqualTo(column);
		assertThat(ex.problem(Language.EN)).isEqualTo(english).isEqualTo(ex.problem());
		assertThat(ex.problem(Language.FR)).isEqualTo(french);
	}

}
