package io.cagelab.grading;

import java.util.List;

import io.cagelab.course.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class HardeningRulesTests {

	/** A run line that follows every rule, the reference the table's rows change one setting of. */
	static final String HARDENED = "docker run --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges"
			+ " --pids-limit 100 --memory 256m --memory-swap 256m --cpus 0.5 --read-only --tmpfs /tmp"
			+ " --ulimit nofile=1024 --health-cmd 'true' --restart on-failure:3 -p 127.0.0.1:8080:8080"
			+ " app:1.4.2";

	RunLineParser parser = new RunLineParser();

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	@Test
	void theHardenedLinePassesEveryRule() {
		assertThat(grade(HARDENED, Language.EN)).allSatisfy((verdict) -> assertThat(verdict.passed())
			.as("%s: %s", verdict.rule(), verdict.message()).isTrue());
	}

	@Test
	void aBareRunLineFailsTheControlsThatMustBeWritten() {
		List<RuleVerdict> verdicts = grade("docker run nginx", Language.EN);
		assertThat(verdicts.stream().filter((v) -> !v.passed()).map(RuleVerdict::rule)).containsExactlyInAnyOrder(
				"HR-01", "HR-03", "HR-05", "HR-09", "HR-11", "HR-12", "HR-13", "HR-14", "HR-26", "HR-28");
	}

	@ParameterizedTest(name = "{1} {2}: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			--user 0                                | HR-01 | false
			--user root:root                        | HR-01 | false
			--user app                              | HR-01 | true
			--privileged                            | HR-02 | false
			--privileged=false                      | HR-02 | true
			--cap-drop NET_RAW                      | HR-03 | true
			--cap-add SYS_ADMIN                     | HR-04 | false
			--cap-add ALL                           | HR-04 | false
			--cap-add cap_net_bind_service          | HR-04 | true
			--security-opt no-new-privileges=false  | HR-05 | false
			--user 00                               | HR-01 | false
			--user :1000                            | HR-01 | false
			--user 0010                             | HR-01 | true
			--security-opt seccomp=unconfined       | HR-06 | false
			--security-opt seccomp:unconfined       | HR-06 | false
			--security-opt apparmor=unconfined      | HR-07 | false
			--security-opt label=disable            | HR-08 | false
			--security-opt systempaths=unconfined   | HR-08 | false
			--pids-limit -1                         | HR-09 | false
			--pids-limit 0                          | HR-09 | false
			--pids-limit 100000                     | HR-09 | false
			--pids-limit 4096                       | HR-09 | true
			--cpus 2                                | HR-13 | true
			--network host                          | HR-15 | false
			--network=bridge                        | HR-15 | true
			--pid host                              | HR-16 | false
			--pid container:other                   | HR-16 | false
			--ipc host                              | HR-17 | false
			--ipc private                           | HR-17 | true
			--uts host                              | HR-18 | false
			--userns host                           | HR-19 | false
			-v /var/run/docker.sock:/var/run/docker.sock:ro | HR-20 | false
			-v /run/containerd/containerd.sock:/c.sock | HR-20 | false
			--mount type=bind,src=/var/run,dst=/host-run | HR-20 | false
			-v ./data:/data                         | HR-20 | true
			# The engine cleans a source path before it mounts it: these are the socket, its directory or a parent of it.
			-v /var/run/docker.sock/.:/docker.sock  | HR-20 | false
			-v /var/run/../run/docker.sock:/d.sock  | HR-20 | false
			-v /var/run/..:/host-var                | HR-20 | false
			-v //run/:/host-run                     | HR-20 | false
			-v /:/host:ro                           | HR-20 | false
			-v /srv/run:/run                        | HR-20 | true
			-v /:/host:ro                           | HR-21 | false
			-v /etc/passwd:/etc/passwd:ro           | HR-21 | false
			-v /var/lib/docker:/docker              | HR-21 | false
			-v /srv/app-data:/data                  | HR-21 | true
			# The CLI reads the mount type in any case: BIND is a bind mount.
			--mount type=BIND,src=/etc,dst=/host-etc | HR-21 | false
			# Dots and repeated slashes do not hide a sensitive path.
			-v /tmp/../etc:/host-etc                | HR-21 | false
			-v //etc/:/host-etc                     | HR-21 | false
			-v /etc/.:/host-etc                     | HR-21 | false
			--mount type=bind,src=/srv/../usr,dst=/u | HR-21 | false
			# A directory that holds a sensitive path exposes it: /var holds /var/lib/docker.
			-v /var:/host-var                       | HR-21 | false
			-v /var/lib:/host-var-lib               | HR-21 | false
			-v /var/lib/app:/data                   | HR-21 | true
			-v /srv/./app/../app-data:/data         | HR-21 | true
			# A home directory holds keys and tokens, however it is written.
			-v ~:/home-dir                          | HR-21 | false
			-v ~/..:/homes                          | HR-21 | false
			-v ~/.ssh:/keys:ro                      | HR-21 | false
			-v $HOME:/home-dir                      | HR-21 | false
			-v ${HOME}/.aws:/aws                    | HR-21 | false
			-v $PWD/data:/data                      | HR-21 | true
			# What another container mounts is unknown here, so it may be /etc or the socket.
			--volumes-from db                       | HR-21 | false
			--volumes-from=db:ro                    | HR-21 | false
			-v etc:/etc                             | HR-21 | true
			--device /dev/sda                       | HR-22 | false
			--gpus all                              | HR-22 | false
			--device-cgroup-rule 'c 1:3 rwm'        | HR-22 | false
			-v /srv/x:/x:rshared                    | HR-23 | false
			--mount type=bind,src=/srv/x,dst=/x,bind-propagation=shared | HR-23 | false
			-v /srv/x:/x:rslave                     | HR-23 | true
			--mount type=bind,src=/srv/x,dst=/x,bind-propagation=RSHARED | HR-23 | false
			-p 8080:80                              | HR-24 | false
			-p 0.0.0.0:8080:80                      | HR-24 | false
			-p 127.0.0.1:80:80                      | HR-24 | false
			-p 127.0.0.1:2222:22                    | HR-24 | false
			-p 10.0.0.5:8443:443                    | HR-24 | true
			# -P publishes every port the image exposes, on every interface.
			-P                                      | HR-24 | false
			--publish-all                           | HR-24 | false
			--publish-all=false                     | HR-24 | true
			# SSH is port 22 however it is written, whatever the protocol, alone or inside a range.
			-p 127.0.0.1:2222:022                   | HR-24 | false
			-p 127.0.0.1:2222:22/udp                | HR-24 | false
			-p 127.0.0.1:2222:22/SCTP               | HR-24 | false
			-p 127.0.0.1:2200-2210:20-30            | HR-24 | false
			-p 127.0.0.1:2222-2230:22-30/tcp        | HR-24 | false
			-p 127.0.0.1:8000-8010:8000-8010        | HR-24 | true
			-p 127.0.0.1:1000-2000:8080             | HR-24 | false
			--cgroup-parent /docker-evil            | HR-25 | false
			--health-cmd=""                         | HR-26 | false
			--restart always                        | HR-27 | false
			--restart unless-stopped                | HR-27 | false
			--restart on-failure                    | HR-27 | false
			--restart on-failure:10                 | HR-27 | false
			--restart no                            | HR-27 | true
			-e DB_PASSWORD=hunter2                  | HR-29 | false
			-e API_KEY=abc123                       | HR-29 | false
			-e GITHUB_TOKEN=ghp_x                   | HR-29 | false
			-e DB_PASSWORD                          | HR-29 | true
			-e DB_PASSWORD=$DB_PASSWORD             | HR-29 | true
			-e LOG_LEVEL=debug                      | HR-29 | true
			""")
	void oneChangedSettingDecidesOneRule(String extra, String rule, boolean passes) {
		String line = HARDENED.replace(" app:1.4.2", " " + extra + " app:1.4.2");
		assertThat(verdict(line, rule).passed()).as(line).isEqualTo(passes);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/etc                      | /etc
			/etc/                     | /etc
			//etc//ssl/./certs/       | /etc/ssl/certs
			/tmp/../etc               | /etc
			/../../etc                | /etc
			/var/run/..               | /var
			/.                        | /
			~                         | /home/user
			~/..                      | /home
			~alice/.ssh               | /home/alice/.ssh
			~root                     | /root
			$HOME/.ssh                | /home/user/.ssh
			${HOME}                   | /home/user
			~backup-dir               | /home/backup-dir
			./data/../data            | ./data/../data
			$PWD/data                 | $PWD/data
			""")
	void aBindSourceIsTheHostPathTheEngineResolves(String source, String path) {
		assertThat(HardeningRules.hostPath(source)).isEqualTo(path);
	}

	@ParameterizedTest(name = "{0}: {1} {2}")
	@CsvSource(delimiter = '|', textBlock = """
			app                       | HR-28 | false
			app:latest                | HR-28 | false
			registry:5000/team/app    | HR-28 | false
			registry:5000/team/app:2  | HR-28 | true
			app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | HR-28 | true
			""")
	void imagesMustBePinned(String image, String rule, boolean passes) {
		assertThat(verdict(HARDENED.replace("app:1.4.2", image), rule).passed()).isEqualTo(passes);
	}

	@Test
	void missingLimitsAndRemovedOptionsFailTheirRules() {
		assertThat(verdict(HARDENED.replace("--pids-limit 100 ", ""), "HR-09").passed()).isFalse();
		assertThat(verdict(HARDENED.replace("--cpus 0.5 ", "--cpu-shares 512 "), "HR-13").passed()).isFalse();
		assertThat(verdict(HARDENED.replace("--read-only ", ""), "HR-14").passed()).isFalse();
		assertThat(verdict(HARDENED.replace("--memory 256m --memory-swap 256m ", ""), "HR-12").passed()).isFalse();
		assertThat(verdict(HARDENED.replace("--ulimit nofile=1024 ", ""), "HR-11").passed()).isFalse();
	}

	@Test
	void aFindingPointsAtTheLineOfTheSettingAtFault() {
		RuleVerdict verdict = verdict("docker run \\\n  --read-only \\\n  --privileged \\\n  app:1", "HR-02");
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.line()).isEqualTo(3);
		assertThat(verdict.cis()).isEqualTo("5.5");
		assertThat(verdict.severity()).isEqualTo(Severity.CRITICAL);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			--volumes-from db                     | 3 | --volumes-from mounts every volume
			--volumes-from db -v /etc:/host-etc   | 3 | A sensitive host path
			-v /etc:/host-etc --volumes-from db   | 3 | A sensitive host path
			-P                                    | 3 | -P (--publish-all) publishes every port
			""")
	void aFindingNamesTheCauseThatFailedTheRule(String options, int line, String message) {
		String rule = options.equals("-P") ? "HR-24" : "HR-21";
		RuleVerdict verdict = verdict("docker run \\\n  --read-only \\\n  " + options + " \\\n  app:1", rule);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.line()).isEqualTo(line);
		assertThat(verdict.message()).startsWith(message);
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void everyRuleExplainsBothVerdictsInEachLanguage(Language language) {
		for (boolean fail : new boolean[] { true, false }) {
			List<RuleVerdict> verdicts = grade(fail ? "docker run --privileged nginx" : HARDENED, language);
			assertThat(verdicts).hasSize((int) HardeningRules.ALL.stream().filter((r) -> r.kinds().contains(Kind.RUN)).count())
				.allSatisfy((verdict) -> assertThat(verdict.message()).isNotBlank());
		}
		assertThat(grade("docker run nginx", language).stream().filter((v) -> v.rule().equals("HR-09")))
			.singleElement().extracting(RuleVerdict::message).asString()
			.contains(language == Language.FR ? "Ajoutez --pids-limit" : "Add --pids-limit");
	}

	@Test
	void everyRuleHasAStableIdAndACisControlOrReference() {
		assertThat(HardeningRules.ALL).hasSizeGreaterThanOrEqualTo(30).extracting(HardeningRule::id)
			.doesNotHaveDuplicates().allMatch((id) -> id.matches("HR-\\d\\d"));
		assertThat(HardeningRules.ALL).allSatisfy((rule) -> assertThat(rule.cis()).isNotBlank());
	}

	private List<RuleVerdict> grade(String line, Language language) {
		return this.engine.grade(this.parser.parse(line).get(0).container(), language);
	}

	private RuleVerdict verdict(String line, String rule) {
		return grade(line, Language.EN).stream().filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
	}

}
