package io.cagelab.grading;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ComposeParserTests {

	static final String HARDENED = """
			x-hardening: &hardening
			  user: "1000:1000"
			  read_only: true
			  cap_drop: [ALL]
			  security_opt: ["no-new-privileges:true"]
			  pids_limit: 100
			  mem_limit: 256m
			  memswap_limit: 256m
			  cpus: 0.5
			  ulimits:
			    nofile: {soft: 1024, hard: 2048}
			  restart: on-failure:3

			services:
			  web:
			    <<: *hardening
			    image: "nginx:${NGINX_TAG:-1.27}"
			    tmpfs: [/tmp]
			    ports:
			      - target: 8080
			        published: "8080"
			        host_ip: 127.0.0.1
			    healthcheck:
			      test: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/"]
			""";

	ComposeParser parser = new ComposeParser(Map.of());

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	@Test
	void anchorsMergeKeysAndInterpolationAreResolved() {
		ComposeParser.ParsedService web = this.parser.parse(HARDENED).get(0);
		ContainerModel model = web.container();
		assertThat(web.name()).isEqualTo("web");
		assertThat(web.line()).isEqualTo(15);
		assertThat(model.image()).isEqualTo("nginx:1.27");
		assertThat(model.user()).isEqualTo("1000:1000");
		assertThat(model.pidsLimit()).isEqualTo(100);
		assertThat(model.memory()).isEqualTo(256L * 1024 * 1024);
		assertThat(model.ulimits()).containsEntry("nofile", "1024:2048");
		assertThat(model.lineOf("image")).isEqualTo(17);
		assertThat(new ComposeParser(Map.of("NGINX_TAG", "1.26")).parse(HARDENED).get(0).container().image())
			.isEqualTo("nginx:1.26");
	}

	@Test
	void theHardenedServicePassesEveryRule() {
		List<RuleVerdict> verdicts = this.engine.grade(this.parser.parse(HARDENED).get(0).container(), Language.EN);
		assertThat(verdicts).isNotEmpty().allSatisfy((v) -> assertThat(v.passed()).as("%s %s", v.rule(), v.message())
			.isTrue());
	}

	@ParameterizedTest(name = "{1} {2}: {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			privileged: true                                  | HR-02 | false
			cap_add: [SYS_ADMIN]                              | HR-04 | false
			security_opt: ["no-new-privileges:false"]        | HR-05 | false
			security_opt: ["no-new-privileges:true", "seccomp:unconfined"] | HR-06 | false
			pids_limit: -1                                    | HR-09 | false
			`deploy: {resources: {limits: {pids: 50}}}`       | HR-09 | true
			`deploy: {resources: {limits: {memory: 128M}}}`   | HR-12 | true
			cpu_shares: 512                                   | HR-13 | true
			read_only: false                                  | HR-14 | false
			network_mode: host                                | HR-15 | false
			pid: host                                         | HR-16 | false
			pid: "service:db"                                 | HR-16 | false
			pid: "container:db"                               | HR-16 | false
			ipc: host                                         | HR-17 | false
			userns_mode: host                                 | HR-19 | false
			volumes: [/var/run/docker.sock:/var/run/docker.sock] | HR-20 | false
			`volumes: [{type: bind, source: /etc, target: /host-etc, read_only: true}]` | HR-21 | false
			`volumes: [{type: bind, source: /srv/data, target: /data, bind: {propagation: rshared}}]` | HR-23 | false
			volumes: [app-data:/data]                         | HR-21 | true
			volumes: ["/tmp/../etc:/host-etc:ro"]             | HR-21 | false
			`volumes: [{type: bind, source: //etc/, target: /host-etc}]` | HR-21 | false
			`volumes: [{type: bind, source: ~/.ssh, target: /keys}]` | HR-21 | false
			volumes: ["${HOME}/.ssh:/keys:ro"]                | HR-21 | false
			volumes: ["/var/run/docker.sock/.:/docker.sock"]  | HR-20 | false
			volumes_from: [db]                                | HR-21 | false
			devices: [/dev/kvm]                               | HR-22 | false
			gpus: all                                         | HR-22 | false
			`gpus: [{driver: nvidia, count: 1}]`              | HR-22 | false
			`deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}]}}}` | HR-22 | false
			`deploy: {resources: {reservations: {memory: 64M}}}` | HR-22 | true
			ports: ["80:80"]                                  | HR-24 | false
			ports: ["127.0.0.1:2222:22"]                      | HR-24 | false
			ports: ["127.0.0.1:2200-2210:20-30"]              | HR-24 | false
			ports: ["127.0.0.1:2222:022/udp"]                 | HR-24 | false
			`ports: [{target: 22, published: "2222", host_ip: 127.0.0.1, protocol: udp}]` | HR-24 | false
			`ports: [{target: 8080, published: "8080-8090", host_ip: 127.0.0.1}]` | HR-24 | true
			cgroup_parent: evil                               | HR-25 | false
			`healthcheck: {disable: true}`                    | HR-26 | false
			`healthcheck: {test: [NONE]}`                     | HR-26 | false
			restart: always                                   | HR-27 | false
			`deploy: {restart_policy: {condition: any}}`      | HR-27 | false
			`deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}` | HR-27 | true
			`deploy: {restart_policy: {condition: on-failure, max_attempts: 5}}` | HR-27 | true
			`deploy: {restart_policy: {condition: on-failure, max_attempts: 6}}` | HR-27 | false
			`deploy: {restart_policy: {condition: none}}`     | HR-27 | true
			restart: no                                       | HR-27 | true
			restart: unless-stopped                           | HR-27 | false
			image: nginx                                      | HR-28 | false
			image: nginx:latest                               | HR-28 | false
			environment: [DB_PASSWORD=hunter2]                | HR-29 | false
			`environment: {API_TOKEN: abc}`                   | HR-29 | false
			`environment: {API_TOKEN: "${API_TOKEN}"}`        | HR-29 | true
			`environment: {API_TOKEN: "$${API_TOKEN}"}`       | HR-29 | true
			`environment: {API_TOKEN: "$$abc"}`               | HR-29 | true
			""")
	void oneServiceSettingDecidesOneRule(String setting, String rule, boolean passes) {
		String base = setting.startsWith("ports:") ? HARDENED.replace("""
				    ports:
				      - target: 8080
				        published: "8080"
				        host_ip: 127.0.0.1
				""", "") : HARDENED;
		String compose = base + "    " + setting + "\n";
		if (setting.startsWith("image:") || setting.startsWith("healthcheck:") || setting.startsWith("read_only:")
				|| setting.startsWith("security_opt:") || setting.startsWith("pids_limit:") || setting.startsWith("restart:")) {
			compose = compose.replace("    image: \"nginx:${NGINX_TAG:-1.27}\"\n", setting.startsWith("image:") ? "" : "    image: \"nginx:1.27\"\n")
				.replace("    healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://localhost:8080/\"]\n", "");
			if (!setting.startsWith("healthcheck:")) {
				compose = compose + "    healthcheck: {test: [CMD, \"true\"]}\n";
			}
		}
		RuleVerdict verdict = this.engine.grade(this.parser.parse(compose).get(0).container(), Language.EN).stream()
			.filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
		assertThat(verdict.passed()).as(compose).isEqualTo(passes);
	}

	@Test
	void inheritedVolumesAreExplainedInComposeTerms() {
		RuleVerdict verdict = this.engine.grade(this.parser.parse(HARDENED + "    volumes_from: [db]\n").get(0).container(),
				Language.FR).stream().filter((v) -> v.rule().equals("HR-21")).findFirst().orElseThrow();
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.line()).isEqualTo(25);
		assertThat(verdict.message()).startsWith("volumes_from monte tous les volumes");
	}

	@ParameterizedTest(name = "{0} -> {1} = {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			# YAML 1.2, as compose reads it: no is a word, and 2222:22 is not a number in base 60.
			restart: no                                               | restart | no
			ports: [2222:22, 8080:80]                                 | ports   | [Port[hostIp=, hostPort=2222, containerPort=22], Port[hostIp=, hostPort=8080, containerPort=80]]
			`environment: {DEBUG: yes, SINCE: 2024-01-31}`            | env     | {DEBUG=yes, SINCE=2024-01-31}
			# deploy.restart_policy wins over restart wherever it is written, in the engine's words.
			`restart: always\n    deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}` | restart | on-failure:3
			`deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}\n    restart: always` | restart | on-failure:3
			`deploy: {restart_policy: {condition: none}}`             | restart | no
			`deploy: {restart_policy: {condition: any}}`              | restart | always
			`deploy: {restart_policy: {condition: on-failure}}`       | restart | on-failure
			# Interpolation, with TAG=1.27 and EMPTY set but empty: with a colon, empty counts as unset.
			`image: "a:${TAG}${UNSET}"`                               | image   | a:1.27
			`image: "a:${EMPTY:-2}"`                                  | image   | a:2
			`image: "a:${EMPTY-2}"`                                   | image   | a:
			`image: "a:${UNSET-2}"`                                   | image   | a:2
			`image: "a:${TAG:+3}${UNSET:+4}${EMPTY+5}"`               | image   | a:35
			`image: "a:${TAG:?set TAG}"`                              | image   | a:1.27
			`image: "a:${EMPTY?}"`                                    | image   | a:
			# $$ is a dollar, so $${VAR} is the text ${VAR}, not a variable.
			`environment: {PASSWORD: $$x, REF: "$${VAR}", MIX: "$$$TAG"}` | env | {PASSWORD=$x, REF=${VAR}, MIX=$1.27}
			""")
	void aServiceBecomesAContainerModel(String settings, String setting, String expected) {
		String compose = "services:\n  web:\n    " + settings.replace("\\n", "\n") + "\n";
		ContainerModel model = new ComposeParser(Map.of("TAG", "1.27", "EMPTY", "")).parse(compose).get(0).container();
		assertThat(String.valueOf(RunLineParserTests.SETTINGS.get(setting).apply(model))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{2} {3}: {0} / {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			# web gets what base sets; what web writes itself wins; lists add up; volumes replace by target.
			privileged: true                 | extends: base                                        | HR-02 | false
			privileged: true                 | `extends: {service: base}\n    privileged: false`     | HR-02 | true
			cap_drop: [ALL]                  | extends: base                                        | HR-03 | true
			cap_add: [SYS_ADMIN]             | `extends: base\n    cap_add: [NET_BIND_SERVICE]`      | HR-04 | false
			user: root                       | `extends: base\n    user: "1000"`                     | HR-01 | true
			volumes: ["/etc:/cfg"]           | `extends: base\n    volumes: ["./data:/data"]`        | HR-21 | false
			volumes: ["/etc:/cfg:ro"]        | `extends: base\n    volumes: ["./cfg:/cfg:ro"]`       | HR-21 | true
			environment: [API_TOKEN=abc]     | `extends: base\n    environment: {LOG: debug}`        | HR-29 | false
			`environment: {API_TOKEN: abc}`  | `extends: base\n    environment: [API_TOKEN]`         | HR-29 | true
			`deploy: {resources: {limits: {pids: 100}}}` | `extends: base\n    deploy: {resources: {limits: {memory: 64M}}}` | HR-09 | true
			`healthcheck: {test: [CMD, "true"]}` | `extends: base\n    healthcheck: {interval: 30s}`  | HR-26 | true
			""")
	void aServiceThatExtendsAnotherIsGradedOnBoth(String base, String web, String rule, boolean passes) {
		String compose = "services:\n  base:\n    image: a:1\n    " + base + "\n  web:\n    " + web.replace("\\n", "\n")
				+ "\n";
		ComposeParser.ParsedService service = this.parser.parse(compose).get(1);
		assertThat(service.name()).isEqualTo("web");
		RuleVerdict verdict = this.engine.grade(service.container(), Language.EN).stream()
			.filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
		assertThat(verdict.passed()).as(compose).isEqualTo(passes);
	}

	@Test
	void aChainOfExtendsIsFollowedAndPointsAtTheLinesOfWhatItInherits() {
		List<ComposeParser.ParsedService> services = this.parser.parse("""
				services:
				  web:
				    extends: {service: base}
				  base:
				    extends: common
				    image: nginx:1.27
				  common:
				    privileged: true
				""");
		ContainerModel web = services.get(0).container();
		assertThat(web.image()).isEqualTo("nginx:1.27");
		assertThat(web.privileged()).isTrue();
		assertThat(web.lineOf("privileged")).isEqualTo(8);
		assertThat(services.get(1).container().privileged()).isTrue();
	}

	@Test
	void extendsThatExpandsTooFarIsRefused() {
		// Each service holds fewer values than the limit, but web holds both its own and those of base.
		String base = IntStream.range(0, 6_000).mapToObj((i) -> "      - A" + i + "\n").collect(Collectors.joining());
		String web = base.replace("- A", "- B");
		assertThatThrownBy(() -> this.parser.parse("services:\n  base:\n    environment:\n" + base
				+ "  web:\n    extends: base\n    environment:\n" + web)).isInstanceOf(GradingException.class)
			.hasMessageContaining("service web holds more than 10000 values with what it extends");
	}

	@Test
	void theBillionLaughsAreRefusedBeforeTheyExpand() {
		// Ten x, then eight levels of ten aliases to the level below: a billion x once expanded.
		StringBuilder bomb = new StringBuilder("x-a: &a [" + String.join(", ", Collections.nCopies(10, "x")) + "]\n");
		for (char c = 'b'; c <= 'i'; c++) {
			bomb.append("x-").append(c).append(": &").append(c).append(" [")
				.append(String.join(", ", Collections.nCopies(10, "*" + (char) (c - 1)))).append("]\n");
		}
		bomb.append("services: {x: {image: 'a:1', environment: *i}}\n");
		GradingException ex = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThrows(GradingException.class, () -> this.parser.parse(bomb.toString())));
		assertThat(ex.problem(Language.EN))
			.isEqualTo("this compose file uses more than 50 aliases; aliases that expand this far are refused");
		assertThat(ex.problem(Language.FR))
			.isEqualTo("ce fichier compose utilise plus de 50 alias\u202f; des alias qui se développent autant sont refusés");
	}

	@Test
	void theRecursiveAliasOfTheIssueIsRefusedAtItsLineInEnglishAndFrench() {
		// 53 bytes of YAML, 57 as the issue wrote them: they overflowed the stack, and the request never answered.
		String compose = "services:\n  api: &r\n    image: x\n    environment: *r\n";
		GradingException ex = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThrows(GradingException.class, () -> this.parser.parse(compose)));
		assertThat(ex.line()).isEqualTo(4);
		assertThat(ex.column()).isEqualTo(18);
		assertThat(ex.problem(Language.EN)).isEqualTo("the alias *r is inside the node that &r names, so it would repeat"
				+ " itself without end; anchor only a part that does not hold the alias");
		assertThat(ex.problem(Language.FR)).isEqualTo("l'alias *r se trouve dans le nœud que nomme &r, et se répéterait"
				+ " donc sans fin\u202f; n'ancrez qu'une partie qui ne contient pas l'alias");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			# A service that repeats itself: in a setting, as a merge key, in a list of merge keys, in a list.
			`services:\n  api: &r\n    image: x\n    environment: *r`               | 4 | 18 | r
			`services:\n  api: &r\n    image: x\n    <<: *r`                        | 4 | 9  | r
			`services:\n  api: &r\n    image: x\n    <<: [*r]`                      | 4 | 10 | r
			`services:\n  api: &r\n    image: x\n    command: [sh, *r]`             | 4 | 19 | r
			# An extension that merges itself, merged into a service.
			`x-base: &base\n  image: x\n  <<: *base\nservices:\n  api:\n    <<: *base` | 3 | 7 | base
			# Two anchors, each inside the other once expanded: b holds a, which holds b.
			`x-a: &a\n  b: &b\n    a: *a\nservices:\n  api:\n    image: x\n    environment: *b` | 3 | 8 | a
			# A mapping that is its own key.
			`x-k: &k {? *k : 1}\nservices:\n  api:\n    image: x`                   | 1 | 12 | k
			""")
	void aRecursiveAliasIsRefusedAtTheAlias(String compose, int line, int column, String anchor) {
		GradingException ex = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThrows(GradingException.class, () -> this.parser.parse(compose.replace("\\n", "\n"))));
		assertThat(ex.line()).isEqualTo(line);
		assertThat(ex.column()).isEqualTo(column);
		assertThat(ex.problem(Language.EN)).startsWith("the alias *" + anchor + " is inside the node that &" + anchor
				+ " names");
		assertThat(ex.problem(Language.FR)).startsWith("l'alias *" + anchor + " se trouve dans le nœud que nomme &"
				+ anchor);
	}

	@Test
	void anAliasOutsideItsAnchorIsRead() {
		// The alias follows an anchor written again to its latest node, which is closed, not to the one still open.
		List<ComposeParser.ParsedService> services = this.parser.parse("""
				x-base: &base
				  - &base {image: "nginx:1.27", user: "1000"}
				  - *base
				services:
				  api: *base
				  web:
				    <<: *base
				    user: "2000"
				""");
		assertThat(services).extracting((s) -> s.container().image()).containsExactly("nginx:1.27", "nginx:1.27");
		assertThat(services).extracting((s) -> s.container().user()).containsExactly("1000", "2000");
	}

	@ParameterizedTest(name = "{0} levels anchored, {1} around the alias")
	@CsvSource(delimiter = '|', textBlock = """
			# The file is one level, each list one more: 64 are read, 65 are refused where they get too deep.
			63      | 0  | 0 | 0
			64      | 0  | 1 | 72
			100000  | 0  | 1 | 72
			# Through an alias, the levels around it and those it repeats add up.
			40      | 23 | 0 | 0
			40      | 24 | 2 | 30
			""")
	void nestingIsBoundedAsWrittenAndThroughAliases(int anchored, int around, int line, int column) {
		String compose = "x-a: &a " + "[".repeat(anchored) + "x" + "]".repeat(anchored) + "\nx-b: " + "[".repeat(around)
				+ "*a" + "]".repeat(around) + "\nservices: {api: {image: x}}\n";
		if (line == 0) {
			assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> this.parser.parse(compose))).hasSize(1);
			return;
		}
		GradingException ex = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThrows(GradingException.class, () -> this.parser.parse(compose)));
		assertThat(ex.line()).isEqualTo(line);
		assertThat(ex.column()).isEqualTo(column);
		assertThat(ex.problem(Language.EN)).isEqualTo("this compose file nests more than 64 levels deep, counting what"
				+ " its aliases repeat; no compose file needs this many");
		assertThat(ex.problem(Language.FR)).isEqualTo("ce fichier compose s'imbrique sur plus de 64 niveaux, en comptant"
				+ " ce que répètent ses alias\u202f; aucun fichier compose n'en a besoin d'autant");
	}

	@Test
	void aFileLongerThanAnyComposeFileIsRefused() {
		String compose = "x-pad: '" + "a".repeat(ComposeParser.MAX_CODE_POINTS) + "'\nservices: {api: {image: x}}\n";
		GradingException ex = assertThrows(GradingException.class, () -> this.parser.parse(compose));
		assertThat(ex.problem(Language.EN))
			.isEqualTo("this compose file is longer than 1048576 characters; a compose file is far shorter");
		assertThat(ex.problem(Language.FR))
			.isEqualTo("ce fichier compose dépasse 1048576 caractères\u202f; un fichier compose est bien plus court");
	}

	@Test
	void aTreeThatAliasesBlowUpIsRefusedEvenUnderTheAliasLimit() {
		StringBuilder bomb = new StringBuilder("x-b:\n  l0: &l0 [" + "x, ".repeat(999) + "x]\n");
		for (int i = 1; i < 24; i++) {
			bomb.append("  l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
				.append(i - 1).append("]\n");
		}
		bomb.append("services:\n  s:\n    image: a:1\n    environment: *l23\n");
		assertThatThrownBy(() -> this.parser.parse(bomb.toString())).isInstanceOf(GradingException.class)
			.hasMessageContaining("aliases that expand this far");
	}

	@Test
	void portsOutOfRangeAreRefused() {
		assertThatThrownBy(() -> this.parser.parse("services:\n  s:\n    image: a:1\n    ports: [{target: 80, published: \"-1\"}]\n"))
			.isInstanceOf(GradingException.class).hasMessageContaining("port");
		assertThatThrownBy(() -> new RunLineParser().parse("docker run -p 127.0.0.1:99999999999:80 app:1"))
			.isInstanceOf(GradingException.class).hasMessageContaining("port");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`services:\n  web:\n    image: [unclosed`           | line 3, column 21: not valid YAML
			`version: '3'`                                       | needs a services: mapping
			`version: '3'`                                       | line 1, column 1: the compose file defines no services
			``                                                   | line 1, column 1: the compose file defines no services
			`services: {}`                                       | line 1, column 1: the compose file defines no services
			`x-base: {a: 1}\nservices:`                          | line 2, column 1: the compose file defines no services
			`name: app\n\nservices: {}`                          | line 3, column 1: the compose file defines no services
			`services: [web]`                                    | line 1, column 1: services is a mapping with one entry per service
			`services:\n  web:\n    extends: {file: common.yml, service: base}` | line 3, column 5: service web extends base from another file (common.yml)
			`services:\n  web:\n    extends: base`              | line 3, column 5: service web extends base, which this file does not define
			`services:\n  a:\n    extends: b\n  b:\n    extends: a` | line 3, column 5: extends goes round in a circle: a -> b -> a
			`services:\n  web:\n    extends: [base]`            | line 3, column 5: service web: extends names a service
			`services:\n  web: nginx`                            | line 2, column 1: the service web must be a mapping
			`services:\n  web:\n    image: a:1\n    privileged: maybe` | line 4, column 1: service web, privileged: expected true or false
			`services:\n  web:\n    image: a:1\n    ports: ["80:http"]` | service web, ports
			`services:\n  web:\n    image: "a:${TAG:?set TAG to a release}"` | line 3, column 1: required variable TAG is missing a value: set TAG to a release
			`services:\n  web:\n    image: a:1\n    user: ${APP_USER?}` | line 4, column 1: required variable APP_USER is missing a value
			`services:\n  web:\n    image: a:1\n    user: ${EMPTY:?}` | required variable EMPTY is missing a value
			""")
	void badComposeFilesAreRefusedWithTheirLine(String compose, String message) {
		assertThatThrownBy(() -> new ComposeParser(Map.of("EMPTY", "")).parse(compose.replace("\\n", "\n")))
			.isInstanceOf(GradingException.class).hasMessageContaining(message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`version: '3'`                                   | 1 | 1 | the compose file defines no services: it needs a services: mapping, with one entry per service | le fichier compose ne définit aucun service\u00a0: il lui faut un mapping services:, avec une entrée par service
			`services: [web]`                                | 1 | 1 | services is a mapping with one entry per service, such as services: {web: {image: nginx:1.27}} | services est un mapping avec une entrée par service, par exemple services: {web: {image: nginx:1.27}}
			`services:\n  web: nginx`                        | 2 | 1 | the service web must be a mapping | le service web doit être un mapping
			`services:\n  web:\n    extends: base`           | 3 | 5 | service web extends base, which this file does not define | le service web étend base, que ce fichier ne définit pas
			`services:\n  web:\n    extends: [base]`         | 3 | 5 | service web: extends names a service, such as extends: {service: base} | service web\u00a0: extends nomme un service, par exemple extends: {service: base}
			`services:\n  a:\n    extends: b\n  b:\n    extends: a` | 3 | 5 | extends goes round in a circle: a -> b -> a | extends tourne en rond\u00a0: a -> b -> a
			`services:\n  web:\n    image: a:1\n    privileged: maybe` | 4 | 1 | service web, privileged: expected true or false, not maybe | service web, privileged\u00a0: true ou false est attendu, pas maybe
			`services:\n  web:\n    image: a:1\n    pids_limit: lots` | 4 | 1 | service web, pids_limit: 'lots' is not a whole number | service web, pids_limit\u00a0: «\u202flots\u202f» n'est pas un nombre entier
			`services:\n  web:\n    image: a:1\n    ports: ["80:http"]` | 4 | 1 | service web, ports: write it as [ip:][hostPort:]containerPort, such as 127.0.0.1:8080:80 | service web, ports\u00a0: écrivez-le sous la forme [ip:][portHôte:]portConteneur, par exemple 127.0.0.1:8080:80
			`services:\n  web:\n    image: "a:${TAG:?set TAG}"` | 3 | 1 | required variable TAG is missing a value: set TAG | la variable obligatoire TAG n'a pas de valeur\u00a0: set TAG
			""")
	void badComposeFilesAreExplainedInEnglishAndFrench(String compose, int line, int column, String english,
			String french) {
		GradingException ex = assertThrows(GradingException.class,
				() -> this.parser.parse(compose.replace("\\n", "\n")));
		assertThat(ex.line()).isEqualTo(line);
		assertThat(ex.column()).isEqualTo(column);
		assertThat(ex.problem(Language.EN)).isEqualTo(english).isEqualTo(ex.problem());
		assertThat(ex.problem(Language.FR)).isEqualTo(french);
	}

	@Test
	void yamlErrorsAreToldInFrenchAroundTheYamlLibrarysOwnWords() {
		GradingException ex = assertThrows(GradingException.class,
				() -> this.parser.parse("services:\n  web:\n    image: [unclosed"));
		assertThat(ex.problem(Language.EN)).startsWith("not valid YAML: ");
		assertThat(ex.problem(Language.FR)).startsWith("YAML invalide\u00a0: ")
			.endsWith(ex.problem(Language.EN).substring("not valid YAML: ".length()));
	}

}
