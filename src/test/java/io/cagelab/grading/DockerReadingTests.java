package io.cagelab.grading;

import java.util.List;
import java.util.Map;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The grader reads what Docker reads (issue 15): each row was a false pass, a false fail or a refusal of valid input
 * before. Where Docker refuses a submission, the grader refuses it too, with Docker's reason in the learner's
 * language, rather than grade it.
 */
class DockerReadingTests {

	RunLineParser runs = new RunLineParser();

	DockerfileParser dockerfiles = new DockerfileParser();

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	private RuleVerdict verdict(ContainerModel container, String rule) {
		return this.engine.grade(container, Language.EN).stream().filter((v) -> v.rule().equals(rule)).findFirst()
			.orElseThrow();
	}

	private ContainerModel run(String line) {
		List<RunLineParser.ParsedRun> parsed = this.runs.parse(line);
		assertThat(parsed).as(line).hasSize(1);
		return parsed.get(0).container();
	}

	private ContainerModel compose(String text) {
		return new ComposeParser(Map.of()).parse(text).get(0).container();
	}

	// False passes: each of these is dangerous and passed its rule before.

	@ParameterizedTest(name = "{0}: {1} fails")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run --use-api-socket app:1                                         | HR-20
			docker run --network name=host app:1                                      | HR-15
			docker run --net=name=host,mac-address=02:42:ac:11:00:02 app:1 --help  | HR-15
			docker run $'--privileged' app:1                                          | HR-02
			docker run --user=$'\\x30' app:1                                          | HR-01
			docker run --mount type=volume,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc,dst=/x app:1 | HR-21
			docker run --mount type=volume,dst=/s,volume-opt=o=bind,volume-opt=device=/var/run/docker.sock app:1 | HR-20
			docker run --health-cmd='' app:1                                          | HR-26
			docker run --health-cmd= --health-interval=5s app:1                       | HR-26
			""")
	void dangerousSettingsFailTheirRule(String line, String rule) {
		assertThat(verdict(run(line), rule).passed()).isFalse();
	}

	@Test
	void aNetworkWrittenWithItsOptionsIsTheNetworkItNames() {
		assertThat(run("docker run --net name=none app:1").network()).isEqualTo("none");
		assertThat(run("docker run --network name=host app:1").network()).isEqualTo("host");
	}

	@Test
	void aVolumeMadeEarlierWithBindOptionsIsTheBindItMakes() {
		List<RunLineParser.ParsedRun> parsed = this.runs.parse("""
				docker volume create --driver local --opt type=none --opt o=bind --opt device=/var/run/docker.sock sock
				docker run -v sock:/var/run/docker.sock app:1
				""");
		assertThat(parsed).hasSize(1);
		assertThat(verdict(parsed.get(0).container(), "HR-20").passed()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			sudo docker run --privileged app:1
			sudo -E docker run --privileged app:1
			sudo -u root -E docker run --privileged app:1
			exec docker run --privileged app:1
			time docker run --privileged app:1
			time -p docker run --privileged app:1
			command docker run --privileged app:1
			env docker run --privileged app:1
			env -i PATH=/usr/bin docker run --privileged app:1
			DOCKER_BUILDKIT=1 docker run --privileged app:1
			A=1 B=2 docker container run --privileged app:1
			CID=$(docker run -d --privileged app:1)
			echo "$(docker run --privileged app:1)"
			CID=`docker run -d --privileged app:1`
			/usr/bin/docker run --privileged app:1
			if true; then docker run --privileged app:1; fi
			if docker run --privileged app:1; then echo ok; fi
			while true; do docker run --privileged app:1; done
			( docker run --privileged app:1 )
			{ docker run --privileged app:1; }
			nohup docker run --privileged app:1 &
			""")
	void aRunLineIsReadWhereBashWouldRunIt(String line) {
		ContainerModel container = run(line);
		assertThat(container.privileged()).isTrue();
		assertThat(container.image()).isEqualTo("app:1");
	}

	@Test
	void anEscapedBackslashAtTheEndOfADockerfileLineEndsTheInstruction() {
		ContainerModel env = this.dockerfiles.parse("FROM alpine:3.20\nUSER 1000\nENV X a\\\\\nUSER root\n");
		assertThat(env.user()).isEqualTo("root");
		assertThat(env.env()).containsEntry("X", "a\\");
		ContainerModel run = this.dockerfiles.parse("FROM alpine:3.20\nUSER 1000\nRUN echo done \\\\\\\\\nUSER root\n");
		assertThat(run.user()).isEqualTo("root");
		assertThat(verdict(run, "HR-01").passed()).isFalse();
	}

	@Test
	void composeReadsTheApiSocketAndVolumesBoundByTheirDriver() {
		assertThat(verdict(compose("""
				services:
				  web:
				    image: nginx:1.27
				    use_api_socket: true
				"""), "HR-20").passed()).isFalse();
		ContainerModel traefik = compose("""
				services:
				  traefik:
				    image: traefik:v3.1
				    volumes:
				      - engine:/var/run/docker.sock:ro
				      - type: volume
				        source: etc
				        target: /host-etc
				volumes:
				  engine:
				    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}
				  etc:
				    driver: local
				    driver_opts:
				      type: none
				      o: "bind,ro"
				      device: /etc
				""");
		assertThat(verdict(traefik, "HR-20").passed()).isFalse();
		assertThat(verdict(traefik, "HR-21").passed()).isFalse();
		assertThat(traefik.mounts()).extracting(ContainerModel.Mount::type).containsOnly("bind");
	}

	// Refused as Docker refuses them, with Docker's reason in both languages.

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run --cap-drop CAP_ALL app:1                | unknown capability               | capacité
			docker run --cap-add NET_RAW,SYS_PTRACE app:1      | unknown capability               | capacité
			docker run --security-opt NO-NEW-PRIVILEGES app:1  | Invalid --security-opt           | clé=valeur
			docker run --security-opt no-new-privileges=yes app:1 | invalid --security-opt        | no-new-privileges vaut true ou false
			docker run -p localhost:8080:80 app:1              | invalid IP address               | pas un nom d'hôte
			docker run --cpus Infinity app:1                   | failed to parse Infinity as a rational number | processeurs
			docker run --cpus 1d app:1                         | failed to parse 1d as a rational number | processeurs
			docker run --cpus -1 app:1                         | negative number of CPUs          | négatif
			docker run -m 512 app:1                            | Minimum memory limit allowed is 6MB | 6 Mo
			docker run -m 1024k app:1                          | Minimum memory limit allowed is 6MB | 6 Mo
			docker run --memory-swap 1g app:1                  | Memoryswap                       | swap
			docker run --ulimit foo=1 app:1                    | invalid ulimit type              | ulimit
			docker run --ulimit nofile=1:2:3 app:1             | at most two values               | au plus deux valeurs
			docker run --ulimit nofile=2048:1024 app:1         | soft limit                       | souple
			docker run --pid=ｈost app:1                       | invalid PID mode                 | mode PID
			docker run --pid=HOST app:1                        | invalid PID mode                 | mode PID
			docker run --uts=container:db app:1                | invalid UTS mode                 | mode UTS
			docker run --userns=HOST app:1                     | invalid USER mode                | espace de noms
			`docker run --userns=host\u200b app:1`             | invisible character (U+200B)     | caractère invisible
			docker run --network=ｈost app:1                   | not a network name               | pas un nom de réseau
			docker run --network bridge --network none app:1   | Container cannot be connected    | ne peut pas être relié
			docker run --network=name=host,alias=x app:1       | user-defined networks            | définis par l'utilisateur
			docker run --restart always:3 app:1                | on-failure only                  | on-failure
			docker run --restart NO app:1                      | not a restart policy             | pas une politique
			docker run --health-cmd true --no-healthcheck app:1 | conflicts                       | contredit
			docker run -e =x app:1                             | the name before = is empty       | le nom avant = est vide
			docker run -v /srv:/srv:ro,rw app:1                | invalid mode                     | invalide
			docker run -v /srv:/srv:nocopy app:1               | nocopy                           | nocopy
			docker run -v :/x app:1                            | empty part                       | partie vide
			docker run --mount type=bind,dst=/x app:1          | needs a source                   | besoin d'une source
			docker run --mount type=nope,dst=/x app:1          | mount type nope                  | type de montage nope
			docker run -p 8080:80:90 app:1                     | '8080' is not an IP address      | adresse IP
			docker run -p 8080:80/xyz app:1                    | not a protocol                   | protocole
			docker run --name 'a b' app:1                      | not a container name             | nom de conteneur
			docker run App:1                                   | must be lowercase                | minuscules
			docker run -u 1000 $'app:1\\r'                     | invalid reference format         | invalid reference format
			""")
	void whatDockerRefusesIsRefused(String line, String english, String french) {
		GradingException ex = assertThrows(GradingException.class, () -> this.runs.parse(line.replace("\\u200b",
				"\u200b")));
		assertThat(ex.problem(Language.EN)).contains(english);
		assertThat(ex.problem(Language.FR)).contains(french);
	}

	@Test
	void aBackslashBeforeAWindowsLineEndIsNoContinuation() {
		GradingException ex = assertThrows(GradingException.class,
				() -> this.runs.parse("docker run --user 1000 \\\r\n  --read-only app:1\r\n"));
		assertThat(ex.line()).isEqualTo(1);
		assertThat(ex.problem(Language.EN)).contains("Windows line end");
		assertThat(ex.problem(Language.FR)).contains("fin de ligne Windows");
		// A Windows line end alone ends the line, as the editor meant it.
		assertThat(run("docker run --user 1000 app:1\r\n").image()).isEqualTo("app:1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			HEALTHCHECK                        | HEALTHCHECK requires at least one argument
			HEALTHCHECK CMD                    | Missing command after HEALTHCHECK CMD
			HEALTHCHECK CMD []                 | Missing command after HEALTHCHECK CMD
			HEALTHCHECK NONE now               | HEALTHCHECK NONE takes no arguments
			HEALTHCHECK CONNECT TCP 7000       | unknown type CONNECT in HEALTHCHECK
			HEALTHCHECK --interval CMD true    | needs a value
			HEALTHCHECK --every=5s CMD true    | unknown flag --every
			HEALTHCHECK --interval=5 CMD true  | not a duration
			HEALTHCHECK --retries=-1 CMD true  | --retries cannot be negative
			USER a b                           | USER takes exactly one user
			""")
	void dockerfileInstructionsDockerRefusesAreRefused(String instruction, String english) {
		GradingException ex = assertThrows(GradingException.class,
				() -> this.dockerfiles.parse("FROM alpine:3.20\n" + instruction + "\n"));
		assertThat(ex.line()).isEqualTo(2);
		assertThat(ex.problem(Language.EN)).contains(english);
		assertThat(ex.problem(Language.FR)).isNotEqualTo(ex.problem(Language.EN));
	}

	// Over-strict readings: valid input that was refused, or a right answer told it was wrong.

	@ParameterizedTest(name = "{0}: {1} passes")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run --mount type=tmpfs,dst=/tmp app:1                  | HR-20
			docker run --mount type=volume,dst=/data app:1                | HR-20
			docker run -v data:/data app:1                                | HR-20
			docker run -v docker.sock:/data app:1                         | HR-20
			docker run --security-opt seccomp=UNCONFINED app:1            | HR-06
			docker run --security-opt apparmor=UNCONFINED app:1           | HR-07
			docker run --security-opt no-new-privileges=1 app:1           | HR-05
			docker run --security-opt no-new-privileges:t app:1           | HR-05
			docker run --security-opt no-new-privileges=TRUE app:1        | HR-05
			docker run --privileged=f app:1                               | HR-02
			docker run --read-only=T app:1                                | HR-14
			docker run -i=false --read-only app:1                         | HR-14
			docker run -v /srv/data:/data:cached app:1                    | HR-21
			docker run -v /srv/data:/data:delegated,ro app:1              | HR-21
			docker run -v /srv/data:/data:consistent app:1                | HR-21
			docker run --pids-limit 0x10 app:1                            | HR-09
			docker run --pids-limit 1_000 app:1                           | HR-09
			docker run -m 1e9 app:1                                       | HR-12
			docker run --cpus 1/2 app:1                                   | HR-13
			docker run --cpus .5 app:1                                    | HR-13
			docker run -p ::1:8080:80 app:1                               | HR-24
			docker run -p 127.0.0.1:0:80 app:1                            | HR-24
			docker run --publish published=127.0.0.1:8080,target=80 app:1 | HR-24
			""")
	void validSettingsAreReadAndPass(String line, String rule) {
		assertThat(verdict(run(line), rule).passed()).isTrue();
	}

	@ParameterizedTest(name = "{0}: {1} = {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run --pids-limit 010 app:1        | pidsLimit | 8
			docker run --pids-limit 0b101 app:1      | pidsLimit | 5
			docker run --pids-limit 0x10 app:1       | pidsLimit | 16
			docker run -c 0x100 app:1                | cpuShares | 256
			docker run -m 1e9 app:1                  | memory    | 1000000000
			docker run -m 64MiB app:1                | memory    | 67108864
			docker run --cpus 3/4 app:1              | cpus      | 0.75
			docker run --cpus 1e-1 app:1             | cpus      | 0.1
			docker run -u '' app:1                   | user      | null
			docker run -p 0:80 app:1                 | ports     | [Port[hostIp=, hostPort=0, containerPort=80]]
			docker run -p ::1:8080:80 app:1          | ports     | [Port[hostIp=::1, hostPort=8080, containerPort=80]]
			docker run -p [::1]:8080:80 app:1        | ports     | [Port[hostIp=::1, hostPort=8080, containerPort=80]]
			docker run --publish published=8080,target=80 app:1 | ports | [Port[hostIp=, hostPort=8080, containerPort=80]]
			docker run -p mode=host,target=53,published=5353,protocol=udp app:1 | ports | [Port[hostIp=, hostPort=5353, containerPort=53]]
			docker run --ulimit nofile=1024:2048 app:1 | ulimits  | {nofile=1024:2048}
			""")
	void numbersAndPortsAreReadAsTheCliReadsThem(String line, String setting, String expected) {
		assertThat(String.valueOf(RunLineParserTests.SETTINGS.get(setting).apply(run(line)))).isEqualTo(expected);
	}

	@Test
	void composeAcceptsWhatComposeAccepts() {
		ContainerModel reset = new ComposeParser(Map.of()).parse("""
				services:
				  base:
				    image: app:1
				    privileged: true
				    cap_add: [NET_ADMIN]
				  web:
				    extends: base
				    privileged: !reset null
				    cap_add: !override [CHOWN]
				    ulimits:
				      nofile: {soft: 1024}
				    devices:
				      - source: /dev/fuse
				        target: /dev/fuse
				        permissions: rwm
				""").get(1).container();
		assertThat(reset.privileged()).isFalse();
		assertThat(reset.capAdd()).containsExactly("CHOWN");
		assertThat(reset.ulimits()).containsEntry("nofile", "1024");
		assertThat(reset.devices()).containsExactly("device=/dev/fuse");
	}

	@Test
	void composeExtendsAServiceOfAnotherFileOfTheSubmission() {
		Map<String, String> files = Map.of("common/base.yaml", """
				services:
				  hardened:
				    image: app:1
				    user: "1000:1000"
				    privileged: true
				""");
		ContainerModel web = new ComposeParser(Map.of(), files::get).parse("""
				services:
				  web:
				    extends: {file: common/base.yaml, service: hardened}
				    read_only: true
				""").get(0).container();
		assertThat(web.user()).isEqualTo("1000:1000");
		assertThat(web.privileged()).isTrue();
		assertThat(web.readOnly()).isTrue();
		GradingException alone = assertThrows(GradingException.class, () -> new ComposeParser(Map.of()).parse("""
				services:
				  web:
				    extends: {file: common/base.yaml, service: hardened}
				"""));
		assertThat(alone.problem(Language.EN)).contains("another file (common/base.yaml)");
		GradingException missing = assertThrows(GradingException.class, () -> new ComposeParser(Map.of(), files::get)
			.parse("services:\n  web:\n    extends: {file: common/base.yaml, service: nope}\n"));
		assertThat(missing.problem(Language.EN)).contains("which that file does not define");
	}

	@Test
	void aBlankLineInsideADockerfileContinuationIsAccepted() {
		ContainerModel model = this.dockerfiles.parse("FROM alpine:3.20\nRUN apk add \\\n\n    curl\nUSER 1000\n");
		assertThat(model.user()).isEqualTo("1000");
		assertThat(model.buildSteps()).extracting(DockerfileParser.Instruction::arguments).contains("apk add     curl");
	}

}
