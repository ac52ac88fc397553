package io.cagelab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class RuleMessagesTests {

	/** Services that fail every rule a compose file is graded on, between them (volumes_from is a cause of its own). */
	static final String COMPOSE_FAILING_EVERY_RULE = """
			services:
			  bad:
			    image: nginx
			    user: root
			    privileged: true
			    cap_add: [SYS_ADMIN]
			    security_opt: ["no-new-privileges:false", "seccomp:unconfined", "apparmor:unconfined", "label:disable"]
			    pids_limit: 0
			    network_mode: host
			    pid: host
			    ipc: host
			    uts: host
			    userns_mode: host
			    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/etc:/host-etc:rshared"]
			    devices: [/dev/kvm]
			    ports: ["22:22"]
			    cgroup_parent: evil
			    healthcheck: {disable: true}
			    restart: always
			    environment: {DB_PASSWORD: hunter2}
			  inherits:
			    image: nginx:1.27
			    volumes_from: [bad]
			""";

	/** A Dockerfile that fails every rule a Dockerfile is graded on. */
	static final String DOCKERFILE_FAILING_EVERY_RULE = """
			FROM ubuntu AS build
			FROM ubuntu
			ENV DB_PASSWORD=hunter2
			ADD app.tar.gz /
			RUN chmod u+s /bin/app
			EXPOSE 22
			HEALTHCHECK NONE
			""";

	/** How a command line spells an option: --user, -p. */
	private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");

	private static final Pattern KEY = Pattern.compile("(HR-\\d\\d)\\.(fail|pass)((?:\\.[a-z-]+)*)");

	private static final Set<String> KIND_NAMES = Stream.of(Kind.values())
		.map((kind) -> kind.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	@ParameterizedTest
	@EnumSource(Language.class)
	void composeAndDockerfileFindingsAreWrittenInTheirOwnSyntax(Language language) throws IOException {
		List<ContainerModel> failing = Stream.concat(new ComposeParser(Map.of()).parse(COMPOSE_FAILING_EVERY_RULE)
			.stream().map(ComposeParser.ParsedService::container),
				Stream.of(new DockerfileParser().parse(DOCKERFILE_FAILING_EVERY_RULE))).toList();
		List<ContainerModel> passing = List.of(
				new ComposeParser(Map.of()).parse(ComposeParserTests.HARDENED).get(0).container(),
				new DockerfileParser().parse(DockerfileParserTests.HARDENED));
		Map<String, Set<String>> runLineSpellings = runLineSpellings();
		for (ContainerModel container : Stream.concat(failing.stream(), passing.stream()).toList()) {
			for (RuleVerdict verdict : this.engine.grade(container, language)) {
				Set<String> spelled = options(verdict.message());
				spelled.retainAll(runLineSpellings.get(verdict.rule()));
				assertThat(spelled).as("%s %s %s, written for a %s: %s", verdict.rule(), verdict.passed() ? "pass" : "fail",
						language, container.kind(), verdict.message()).isEmpty();
			}
		}
		// Between them, the failing artifacts fail every rule of their kind, so every fail text was read.
		assertThat(failing.stream().flatMap((container) -> this.engine.grade(container, language).stream()
			.filter((verdict) -> !verdict.passed()).map((verdict) -> container.kind() + " " + verdict.rule())))
			.containsAll(HardeningRules.ALL.stream().flatMap((rule) -> rule.kinds().stream()
				.filter((kind) -> kind != Kind.RUN).map((kind) -> kind + " " + rule.id())).toList());
		assertThat(passing).allSatisfy((container) -> assertThat(this.engine.grade(container, language))
			.allMatch(RuleVerdict::passed));
	}

	@ParameterizedTest(name = "{0} {1} {2}: {3}")
	@CsvSource(delimiter = '|', textBlock = """
			COMPOSE    | HR-01 | EN | add user: "1000:1000" to the service
			COMPOSE    | HR-03 | FR | cap_drop: [ALL]
			COMPOSE    | HR-05 | EN | security_opt: ["no-new-privileges:true"]
			COMPOSE    | HR-09 | EN | pids_limit: 100
			COMPOSE    | HR-12 | FR | mem_limit: 256m
			COMPOSE    | HR-14 | EN | read_only: true
			COMPOSE    | HR-21 | FR | volumes_from monte tous les volumes
			COMPOSE    | HR-24 | EN | ports: ["127.0.0.1:8080:80"]
			COMPOSE    | HR-27 | FR | restart: on-failure:5
			DOCKERFILE | HR-01 | EN | USER 1000:1000
			DOCKERFILE | HR-24 | FR | Retirez 22 de EXPOSE
			DOCKERFILE | HR-26 | EN | HEALTHCHECK CMD curl -f
			DOCKERFILE | HR-28 | FR | dans chaque FROM
			DOCKERFILE | HR-29 | EN | RUN --mount=type=secret
			""")
	void aFixIsWrittenInTheSyntaxOfWhatWasHandedIn(Kind kind, String rule, Language language, String fix) {
		List<ContainerModel> containers = (kind == Kind.COMPOSE) ? new ComposeParser(Map.of())
			.parse(COMPOSE_FAILING_EVERY_RULE).stream().map(ComposeParser.ParsedService::container).toList()
				: List.of(new DockerfileParser().parse(DOCKERFILE_FAILING_EVERY_RULE));
		assertThat(containers.stream().flatMap((container) -> this.engine.grade(container, language).stream())
			.filter((verdict) -> verdict.rule().equals(rule) && !verdict.passed()).map(RuleVerdict::message))
			.anyMatch((message) -> message.contains(fix));
	}

	@Test
	void aFindingOfAnotherKindStillFallsBackToTheRunLineText() {
		RuleVerdict verdict = this.engine.grade(new ComposeParser(Map.of()).parse("services:\n  web:\n    image: a:1\n")
			.get(0).container(), Language.EN).stream().filter((v) -> v.rule().equals("HR-20")).findFirst().orElseThrow();
		assertThat(verdict.message()).isEqualTo(RuleEngine.messages(Language.EN).getString("HR-20.pass"));
	}

	@Test
	void everyMessageIsWrittenInBothLanguagesForARuleAndKindThatExist() throws IOException {
		Properties english = load("grading/rules.properties");
		Properties french = load("grading/rules_fr.properties");
		assertThat(new TreeSet<>(french.stringPropertyNames())).isEqualTo(new TreeSet<>(english.stringPropertyNames()));
		Map<String, HardeningRule> rules = HardeningRules.ALL.stream()
			.collect(Collectors.toMap(HardeningRule::id, (rule) -> rule));
		for (String key : english.stringPropertyNames()) {
			Matcher parts = KEY.matcher(key);
			assertThat(parts.matches()).as(key).isTrue();
			HardeningRule rule = rules.get(parts.group(1));
			assertThat(rule).as(key).isNotNull();
			String kind = key.substring(key.lastIndexOf('.') + 1);
			if (KIND_NAMES.contains(kind)) {
				assertThat(rule.kinds()).as(key).contains(Kind.valueOf(kind.toUpperCase(Locale.ROOT)));
			}
			assertThat(french.getProperty(key)).as(key).isNotBlank().isNotEqualTo(english.getProperty(key));
		}
		assertThat(rules.keySet()).allSatisfy((id) -> assertThat(english).containsKeys(id + ".fail", id + ".pass"));
	}

	/**
	 * For each rule, the options of docker run that its texts for run lines spell ({@code --user}, {@code -p}), in
	 * either language: the texts for a compose file or a Dockerfile must spell them in their own syntax. The texts of
	 * a rule that does not apply to run lines (HR-30 to HR-32) are written for Dockerfiles already.
	 */
	private static Map<String, Set<String>> runLineSpellings() throws IOException {
		Map<String, Set<String>> spellings = HardeningRules.ALL.stream()
			.collect(Collectors.toMap(HardeningRule::id, (rule) -> new TreeSet<>()));
		Set<String> runLineRules = HardeningRules.ALL.stream().filter((rule) -> rule.kinds().contains(Kind.RUN))
			.map(HardeningRule::id).collect(Collectors.toSet());
		for (Properties texts : List.of(load("grading/rules.properties"), load("grading/rules_fr.properties"))) {
			for (String key : texts.stringPropertyNames()) {
				if (runLineRules.contains(key.substring(0, 5))
						&& !KIND_NAMES.contains(key.substring(key.lastIndexOf('.') + 1))) {
					options(texts.getProperty(key)).stream().filter(RunLineParser::isOption)
						.forEach(spellings.get(key.substring(0, 5))::add);
				}
			}
		}
		return spellings;
	}

	private static Set<String> options(String text) {
		Set<String> options = new TreeSet<>();
		Matcher option = OPTION.matcher(text);
		while (option.find()) {
			options.add(option.group());
		}
		return options;
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = RuleMessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
