package io.cagelab.grading;

import java.util.List;

import io.cagelab.course.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each finding maps to the controls it tests (issue 15): a rule that tests several CIS controls reports each only when
 * its own condition fails, a harmless capability added back is no CRITICAL finding, and the engine's socket is told
 * once.
 */
class RuleControlsTests {

	RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	private List<RuleVerdict> grade(String line) {
		return this.engine.grade(new RunLineParser().parse(line).get(0).container(), Language.EN);
	}

	private RuleVerdict verdict(String line, String rule) {
		return grade(line).stream().filter((v) -> v.rule().equals(rule)).findFirst().orElseThrow();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			-p 127.0.0.1:80:80             | [5.8]
			-p 8080:80                     | [5.14]
			-p 0.0.0.0:8080:80             | [5.14]
			-p 80:80                       | [5.8, 5.14]
			-p 127.0.0.1:2222:22           | [5.7]
			-P                             | [5.14]
			-p 127.0.0.1:8080:80 -p 443:443 | [5.8, 5.14]
			""")
	void eachPortControlIsReportedOnItsOwnCondition(String ports, String controls) {
		RuleVerdict verdict = verdict("docker run " + ports + " app:1", "HR-24");
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.controls()).hasToString(controls);
		assertThat(verdict.cis()).isEqualTo(controls.substring(1, controls.length() - 1));
	}

	@Test
	void aPassingVerdictNamesEveryControlItTests() {
		RuleVerdict verdict = verdict("docker run -p 127.0.0.1:8080:80 app:1", "HR-24");
		assertThat(verdict.passed()).isTrue();
		assertThat(verdict.controls()).containsExactly("5.7", "5.8", "5.14");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			--cap-drop ALL --cap-add CHOWN                   | LOW      | HR-04.fail.harmless
			--cap-drop ALL --cap-add SETUID --cap-add SETGID | LOW      | HR-04.fail.harmless
			--cap-drop ALL --cap-add SYS_ADMIN               | CRITICAL | HR-04.fail
			--cap-drop ALL --cap-add CHOWN --cap-add NET_RAW | CRITICAL | HR-04.fail
			--cap-drop ALL --cap-add ALL                     | CRITICAL | HR-04.fail
			""")
	void aHarmlessCapabilityAddedBackIsALowFinding(String capabilities, Severity severity, String key) {
		RuleVerdict verdict = verdict("docker run " + capabilities + " app:1", "HR-04");
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.severity()).isEqualTo(severity);
		assertThat(verdict.key()).isEqualTo(key);
		assertThat(verdict(("docker run --cap-drop ALL --cap-add NET_BIND_SERVICE app:1"), "HR-04").passed()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			-v /var/run/docker.sock:/var/run/docker.sock
			-v /run/containerd/containerd.sock:/c.sock:ro
			--mount type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock
			--use-api-socket
			""")
	void theEnginesSocketIsReportedOnceAsASocket(String mount) {
		List<RuleVerdict> failed = grade("docker run " + mount + " app:1").stream().filter((v) -> !v.passed()).toList();
		assertThat(failed).extracting(RuleVerdict::rule).contains("HR-20").doesNotContain("HR-21");
		assertThat(failed.stream().filter((v) -> v.rule().equals("HR-20")).findFirst().orElseThrow().controls())
			.containsExactly("5.32");
	}

	@Test
	void aDirectoryThatHoldsTheSocketIsStillASensitivePath() {
		List<RuleVerdict> failed = grade("docker run -v /var/run:/host/run app:1").stream().filter((v) -> !v.passed())
			.toList();
		assertThat(failed).extracting(RuleVerdict::rule).contains("HR-20", "HR-21");
	}

}
