package io.cagelab.exercise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cagelab.DockerCli;
import io.cagelab.IntegrationTest;
import io.cagelab.grading.RunLineParser;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.TrialSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live grading of each run-line exercise with runtime checks, against the bare docker commands that do the same work
 * (run the container, exec each check, remove it). Not part of the test suite:
 * {@code ./mvnw test -Dtest=LiveGradingBenchmark}. Results go to target/benchmarks/live-grading.txt.
 */
class LiveGradingBenchmark extends IntegrationTest {

	static final int RUNS = 10;

	static final SandboxOwner LEARNER = new SandboxOwner(70_000, "bench");

	@Autowired
	ExerciseCatalog catalog;

	@Autowired
	ExerciseGrader grader;

	@Test
	void liveGradingAgainstBareDocker() throws Exception {
		StringBuilder report = new StringBuilder();
		List<Exercise> live = this.catalog.exercises().block().stream()
			.filter((exercise) -> exercise.kind().code().equals("run")
					&& exercise.checks().stream().anyMatch((check) -> check.kind().code().equals("runtime")))
			.toList();
		assertThat(live).isNotEmpty();
		for (Exercise exercise : live) {
			List<Double> cagelab = new ArrayList<>();
			List<Double> bare = new ArrayList<>();
			List<String> commands = exercise.checks().stream().filter((check) -> check.kind().code().equals("runtime"))
				.map((check) -> ((Check.Runtime) check).command()).toList();
			List<String> flags = bareFlags(exercise.solution());
			for (int i = -1; i < RUNS; i++) {
				long started = System.nanoTime();
				ExerciseGrader.Grade grade = this.grader
					.grade(LEARNER, exercise, exercise.referenceSubmission()).block();
				double cagelabMs = (System.nanoTime() - started) / 1e6;
				assertThat(grade.fullMarks()).as(exercise.id()).isTrue();
				started = System.nanoTime();
				DockerCli.Result run = DockerCli.docker(flags.toArray(String[]::new));
				assertThat(run.exitCode()).as(run.output()).isZero();
				for (String command : commands) {
					DockerCli.exec(run.output(), command);
				}
				DockerCli.docker("rm", "-f", run.output());
				double bareMs = (System.nanoTime() - started) / 1e6;
				if (i >= 0) {
					cagelab.add(cagelabMs);
					bare.add(bareMs);
				}
			}
			report.append(String.format(Locale.ROOT, "%s: %d runtime checks, %d runs each%n", exercise.id(),
					commands.size(), RUNS));
			report.append(String.format(Locale.ROOT, "  Cagelab grade (parse, rules, trial container, checks, removal):"
					+ " median %.0f ms, p95 %.0f ms%n", median(cagelab), p95(cagelab)));
			report.append(String.format(Locale.ROOT, "  bare docker run -d + docker exec per check + docker rm -f:"
					+ "      median %.0f ms, p95 %.0f ms%n", median(bare), p95(bare)));
			report.append(String.format(Locale.ROOT, "  ratio: median %.2fx%n", median(cagelab) / median(bare)));
		}
		Path out = Files.createDirectories(Path.of("target", "benchmarks")).resolve("live-grading.txt");
		Files.writeString(out, report);
		System.out.println(report);
	}

	/** What the trial runs, as docker CLI flags: the learner's settings under the same floor. */
	private static List<String> bareFlags(String solution) {
		TrialSettings settings = ContainerTrials.settings(new RunLineParser().parse(solution).get(0).container());
		List<String> flags = new ArrayList<>(List.of("run", "-d", "--init", "--network", "none", "--cap-drop", "ALL",
				"--security-opt", "no-new-privileges:" + settings.noNewPrivileges(), "--user",
				(settings.user() != null) ? settings.user() : "0:0", "--pids-limit",
				String.valueOf((settings.pidsLimit() != null) ? settings.pidsLimit() : 512), "--memory", "256m"));
		settings.capabilities().forEach((capability) -> flags.addAll(List.of("--cap-add", capability)));
		if (settings.readOnlyRoot()) {
			flags.add("--read-only");
		}
		settings.tmpfs().keySet().forEach((path) -> flags.addAll(List.of("--tmpfs", path)));
		flags.addAll(List.of("cagelab/sandbox:1", "sleep", "infinity"));
		return flags;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static double p95(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
	}

}
