package io.cagelab.grading;

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

class RunLineParserTests {

	static final Map<String, Function<ContainerModel, Object>> SETTINGS = Map.ofEntries(
			Map.entry("image", ContainerModel::image), Map.entry("user", ContainerModel::user),
			Map.entry("privileged", ContainerModel::privileged), Map.entry("capAdd", ContainerModel::capAdd),
			Map.entry("capDrop", ContainerModel::capDrop), Map.entry("securityOpts", ContainerModel::securityOpts),
			Map.entry("pidsLimit", ContainerModel::pidsLimit), Map.entry("memory", ContainerModel::memory),
			Map.entry("memorySwap", ContainerModel::memorySwap), Map.entry("cpus", ContainerModel::cpus),
			Map.entry("cpuShares", ContainerModel::cpuShares), Map.entry("readOnly", ContainerModel::readOnly),
			Map.entry("tmpfs", ContainerModel::tmpfs), Map.entry("network", ContainerModel::network),
			Map.entry("pid", ContainerModel::pid), Map.entry("ipc", ContainerModel::ipc),
			Map.entry("uts", ContainerModel::uts), Map.entry("userns", ContainerModel::userns),
			Map.entry("cgroupParent", ContainerModel::cgroupParent), Map.entry("mounts", ContainerModel::mounts),
			Map.entry("devices", ContainerModel::devices), Map.entry("ports", ContainerModel::ports),
			Map.entry("publishAll", ContainerModel::publishAll), Map.entry("volumesFrom", ContainerModel::volumesFrom),
			Map.entry("ulimits", ContainerModel::ulimits), Map.entry("restart", ContainerModel::restart),
			Map.entry("healthCheck", ContainerModel::healthCheck), Map.entry("noHealthCheck", ContainerModel::noHealthCheck),
			Map.entry("env", ContainerModel::env), Map.entry("command", ContainerModel::command));

	RunLineParser parser = new RunLineParser();

	@ParameterizedTest(name = "{0} -> {1} = {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run alpine                                         | image        | alpine
			docker container run alpine:3.20                          | image        | alpine:3.20
			docker create nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | image | nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
			docker container create -u 1000 busybox                   | user         | 1000
			sudo docker run --user=app:app alpine                     | user         | app:app
			docker run -u 0:0 alpine                                  | user         | 0:0
			docker run --privileged alpine                            | privileged   | true
			docker run --privileged=false alpine                      | privileged   | false
			docker run --cap-drop ALL --cap-add NET_BIND_SERVICE x    | capAdd       | [NET_BIND_SERVICE]
			docker run --cap-drop=all x                               | capDrop      | [ALL]
			docker run --cap-add cap_sys_admin --cap-add NET_RAW x    | capAdd       | [SYS_ADMIN, NET_RAW]
			docker run --cap-add chown --cap-add CAP_KILL x          | capAdd       | [CHOWN, KILL]
			docker run --security-opt no-new-privileges x             | securityOpts | [no-new-privileges]
			docker run --security-opt=no-new-privileges:true x        | securityOpts | [no-new-privileges:true]
			docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined x | securityOpts | [seccomp=unconfined, apparmor=unconfined]
			docker run --pids-limit 100 x                             | pidsLimit    | 100
			docker run --pids-limit=-1 x                              | pidsLimit    | -1
			docker run -m 256m x                                      | memory       | 268435456
			docker run --memory=1g x                                  | memory       | 1073741824
			docker run -m512MB x                                      | memory       | 536870912
			docker run -m 128m --memory-swap 256m x                   | memorySwap   | 268435456
			docker run -m 128m --memory-swap=-1 x                    | memorySwap   | -1
			docker run --cpus 0.5 x                                   | cpus         | 0.5
			docker run -c 512 x                                       | cpuShares    | 512
			docker run --read-only x                                  | readOnly     | true
			docker run --read-only=true x                             | readOnly     | true
			docker run --tmpfs /tmp:rw,size=64m x                     | tmpfs        | [/tmp:rw,size=64m]
			docker run --network host x                               | network      | host
			docker run --net=none x                                   | network      | none
			docker run --pid=host x                                   | pid          | host
			docker run --ipc host x                                   | ipc          | host
			docker run --uts=host x                                   | uts          | host
			docker run --userns=host x                                | userns       | host
			docker run --cgroup-parent /evil x                        | cgroupParent | /evil
			docker run -v /var/run/docker.sock:/var/run/docker.sock x | mounts       | [Mount[type=bind, source=/var/run/docker.sock, target=/var/run/docker.sock, readOnly=false, propagation=]]
			docker run -v /:/host:ro x                                | mounts       | [Mount[type=bind, source=/, target=/host, readOnly=true, propagation=]]
			docker run -v data:/data:rw,z x                           | mounts       | [Mount[type=volume, source=data, target=/data, readOnly=false, propagation=]]
			docker run -v /data x                                     | mounts       | [Mount[type=volume, source=, target=/data, readOnly=false, propagation=]]
			docker run -v /srv:/srv:rshared x                         | mounts       | [Mount[type=bind, source=/srv, target=/srv, readOnly=false, propagation=rshared]]
			docker run --mount type=bind,source=/etc,target=/etc,readonly x | mounts | [Mount[type=bind, source=/etc, target=/etc, readOnly=true, propagation=]]
			docker run --mount type=bind,src=/a,dst=/b,bind-propagation=shared x | mounts | [Mount[type=bind, source=/a, target=/b, readOnly=false, propagation=shared]]
			docker run --mount type=tmpfs,target=/cache x             | mounts       | [Mount[type=tmpfs, source=, target=/cache, readOnly=false, propagation=]]
			docker run --mount TYPE=BIND,Source=/etc,Target=/etc x    | mounts       | [Mount[type=bind, source=/etc, target=/etc, readOnly=false, propagation=]]
			docker run --mount type=Bind,src=/a,dst=/b,ro=FALSE,bind-propagation=RShared x | mounts | [Mount[type=bind, source=/a, target=/b, readOnly=false, propagation=rshared]]
			docker run --mount type=bind,src=/a,dst=/b,readonly=1 x   | mounts       | [Mount[type=bind, source=/a, target=/b, readOnly=true, propagation=]]
			docker run --device /dev/sda x                            | devices      | [device=/dev/sda]
			docker run --gpus all x                                   | devices      | [gpus=all]
			docker run -p 8080:80 x                                   | ports        | [Port[hostIp=, hostPort=8080, containerPort=80]]
			docker run -p 127.0.0.1:8080:80/tcp x                     | ports        | [Port[hostIp=127.0.0.1, hostPort=8080, containerPort=80]]
			docker run -p [::1]:8443:443 x                            | ports        | [Port[hostIp=::1, hostPort=8443, containerPort=443]]
			docker run -p 80 x                                        | ports        | [Port[hostIp=, hostPort=, containerPort=80]]
			docker run -p8080:80 x                                    | ports        | [Port[hostIp=, hostPort=8080, containerPort=80]]
			docker run -p 127.0.0.1:02222:022/TCP x                   | ports        | [Port[hostIp=127.0.0.1, hostPort=2222, containerPort=22]]
			docker run -p 127.0.0.1:2200-2210:20-30/udp x             | ports        | [Port[hostIp=127.0.0.1, hostPort=2200-2210, containerPort=20-30]]
			docker run -itP x                                         | publishAll   | true
			docker run --publish-all x                                | publishAll   | true
			docker run --volumes-from db:ro --volumes-from cache x    | volumesFrom  | [db:ro, cache]
			docker run --ulimit nproc=512:1024 --ulimit nofile=1024 x | ulimits      | {nproc=512:1024, nofile=1024}
			docker run --restart=always x                             | restart      | always
			docker run --restart on-failure:5 x                       | restart      | on-failure:5
			docker run --health-cmd 'curl -f localhost' x             | healthCheck  | true
			docker run --no-healthcheck x                             | noHealthCheck | true
			docker run -e PASSWORD=hunter2 -e HOME x                  | env          | {PASSWORD=hunter2, HOME=null}
			docker run -itd --rm alpine sh -c 'echo hi'               | command      | [sh, -c, echo hi]
			docker run -dp 8080:80 nginx                              | ports        | [Port[hostIp=, hostPort=8080, containerPort=80]]
			docker run -it -u1000 alpine                              | user         | 1000
			docker run --name web -h web -w /srv -l a=b --rm -- alpine echo | command | [echo]
			docker --context lab run alpine                           | image        | alpine
			docker run -e "GREETING=hello world" x                    | env          | {GREETING=hello world}
			docker run -e 'A=$HOME' x                                 | env          | {A=$HOME}
			""")
	void aRunLineBecomesAContainerModel(String line, String setting, String expected) {
		List<RunLineParser.ParsedRun> runs = this.parser.parse(line);
		assertThat(runs).hasSize(1);
		assertThat(String.valueOf(SETTINGS.get(setting).apply(runs.get(0).container()))).isEqualTo(expected);
	}

	@Test
	void continuationsCommentsAndSeveralCommandsAreFollowed() {
		List<RunLineParser.ParsedRun> runs = this.parser.parse("""
				# build then run
				docker build -t app .
				docker run \\
				  --read-only \\
				  --pids-limit 64 \\
				  app && docker run --privileged other # one more
				echo done; docker create --cap-drop ALL third
				""");
		assertThat(runs).extracting((run) -> run.container().image()).containsExactly("app", "other", "third");
		assertThat(runs.get(0).line()).isEqualTo(3);
		assertThat(runs.get(0).container().readOnly()).isTrue();
		assertThat(runs.get(0).container().pidsLimit()).isEqualTo(64);
		assertThat(runs.get(0).container().lineOf("pids-limit")).isEqualTo(5);
		assertThat(runs.get(1).container().privileged()).isTrue();
		assertThat(runs.get(2).container().capDrop()).containsExactly("ALL");
	}

	@Test
	void aCopyOfAModelKeepsEverySettingAndLine() {
		ContainerModel model = this.parser.parse(HardeningRulesTests.HARDENED.replace(" --health-cmd 'true'", "")
				.replace(" app:1.4.2", " --privileged"
				+ " --cap-add NET_ADMIN --cpu-quota 5000 -c 512 --network host --pid host --ipc host --uts host --userns host"
				+ " --cgroup-parent x -v /etc:/etc --volumes-from db --device /dev/sda -P --no-healthcheck -e A=1"
				+ " app:1.4.2 sh")).get(0).container();
		assertThat(model.copy()).usingRecursiveComparison().isEqualTo(model);
	}

	@Test
	void aSettingThatWasNotWrittenPointsAtItsCommand() {
		ContainerModel model = this.parser.parse("\n\ndocker run alpine").get(0).container();
		assertThat(model.lineOf("pids-limit")).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			docker run --frobnicate x           | line 1, column 12: unknown option --frobnicate for docker run
			docker run -iZ x                    | line 1, column 14: unknown option -Z for docker run
			docker run --memory                 | line 1, column 12: the option --memory needs a value
			docker run -it                      | docker run needs an image after its options
			docker run -m lots x                | line 1, column 12: the value 'lots' of --memory cannot be read
			docker run --privileged=maybe x     | is true or false, not 'maybe'
			docker run -p 80:http x             | such as 127.0.0.1:8080:80
			docker run -v a:b:c:d x             | write it as source:target[:options]
			docker run -v /a:/b:bogus x         | unknown volume option 'bogus'
			docker run --ulimit nproc x         | write it as name=soft[:hard]
			docker run -p 127.0.0.1:2000-80:80 x | the port range 2000-80 ends before it starts
			docker run -p 127.0.0.1:8080:20-0x  | such as 127.0.0.1:8080:80
			docker run --mount type=bind,src=/a,dst=/b,readonly=yes x | readonly is true or false, not 'yes'
			docker run -e 'unclosed x           | line 1, column 15: this single quote is never closed
			""")
	void badRunLinesAreRefusedWithLineAndColumn(String line, String message) {
		assertThatThrownBy(() -> this.parser.parse(line)).isInstanceOf(GradingException.class)
			.hasMessageContaining(message);
	}

	@Test
	void otherCommandsAreNotContainers() {
		assertThat(this.parser.parse("docker ps -a\ndocker image rm x\necho docker run x\nrun docker")).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`docker run --frobnicate x`          | 1 | 12 | unknown option --frobnicate for docker run | option --frobnicate inconnue de docker run
			`docker run -d \\\n  --frobnicate x` | 2 | 3  | unknown option --frobnicate for docker run | option --frobnicate inconnue de docker run
			`docker run --memory`                | 1 | 12 | the option --memory needs a value | l'option --memory attend une valeur
			`docker run -it`                     | 1 | 15 | docker run needs an image after its options | docker run attend une image après ses options
			`docker run --privileged=maybe x`    | 1 | 12 | the option --privileged is true or false, not 'maybe' | l'option --privileged vaut true ou false, pas «\u202fmaybe\u202f»
			`docker run -m lots x`               | 1 | 12 | the value 'lots' of --memory cannot be read: a size is a number with an optional unit, such as 256m or 1g | la valeur «\u202flots\u202f» de --memory est illisible\u00a0: une taille est un nombre suivi ou non d'une unité, par exemple 256m ou 1g
			`docker run --pids-limit lots x`     | 1 | 12 | the value 'lots' of --pids-limit cannot be read: 'lots' is not a whole number | la valeur «\u202flots\u202f» de --pids-limit est illisible\u00a0: «\u202flots\u202f» n'est pas un nombre entier
			`docker run -p 1.2.3.4:2000-80:80 x` | 1 | 12 | the value '1.2.3.4:2000-80:80' of --publish cannot be read: the port range 2000-80 ends before it starts | la valeur «\u202f1.2.3.4:2000-80:80\u202f» de --publish est illisible\u00a0: la plage de ports 2000-80 finit avant de commencer
			`docker run -v /a:/b:bogus x`        | 1 | 12 | the value '/a:/b:bogus' of --volume cannot be read: unknown volume option 'bogus' | la valeur «\u202f/a:/b:bogus\u202f» de --volume est illisible\u00a0: option de volume «\u202fbogus\u202f» inconnue
			`docker run -e 'unclosed x`          | 1 | 15 | this single quote is never closed | ce guillemet simple n'est jamais fermé
			`docker run -e "unclosed x`          | 1 | 15 | this double quote is never closed | ce guillemet double n'est jamais fermé
			""")
	void badRunLinesAreExplainedInEnglishAndFrench(String line, int lineNumber, int column, String english,
			String french) {
		GradingException ex = assertThrows(GradingException.class, () -> this.parser.parse(line));
		assertThat(ex.line()).isEqualTo(lineNumber);
		assertThat(ex.column()).isEqualTo(column);
		assertThat(ex.problem(Language.EN)).isEqualTo(english).isEqualTo(ex.problem());
		assertThat(ex.problem(Language.FR)).isEqualTo(french);
		assertThat(ex.getMessage()).isEqualTo("line " + lineNumber + ", column " + column + ": " + english);
	}

}
