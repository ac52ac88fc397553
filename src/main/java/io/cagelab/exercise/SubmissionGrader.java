package io.cagelab.exercise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cagelab.course.Language;
import io.cagelab.grading.ComposeParser;
import io.cagelab.grading.ContainerModel;
import io.cagelab.grading.DockerfileParser;
import io.cagelab.grading.GradingException;
import io.cagelab.grading.HardeningRules;
import io.cagelab.grading.RuleEngine;
import io.cagelab.grading.RuleVerdict;
import io.cagelab.grading.RunLineParser;

import org.springframework.stereotype.Component;

/**
 * Grade what a learner handed in against an exercise's checks.
 */
@Component
public class SubmissionGrader {

	/** The largest submission read: a run line, a Dockerfile or a compose file is far smaller. */
	static final int MAX_BYTES = 64 * 1024;

	private final RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	/** One check's outcome, explained; {@code hint} only when it failed. */
	public record CheckResult(String id, String rule, String cis, boolean passed, int points, int earned, int line,
			String message, String hint) {
	}

	public record Grade(int score, int maxScore, List<CheckResult> checks) {

		public boolean fullMarks() {
			return this.score == this.maxScore;
		}

	}

	/**
	 * Grade a submission, or refuse it with a {@link SubmissionException} that says what is wrong with it.
	 */
	public Grade grade(Exercise exercise, String content, Language language) {
		if (!exercise.takesArtifact()) {
			throw new SubmissionException(SubmissionException.Reason.NOT_GRADABLE, "The exercise " + exercise.id()
					+ " has nothing to grade yet.");
		}
		if (content == null || content.isBlank()) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, "The submission is empty: paste your "
					+ describe(exercise.kind()) + ".");
		}
		if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new SubmissionException(SubmissionException.Reason.TOO_LARGE, "The submission is larger than 64 KiB;"
					+ " a " + describe(exercise.kind()) + " is much smaller than that.");
		}
		if (content.chars().anyMatch((c) -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, "The submission holds binary content;"
					+ " paste text.");
		}
		List<ContainerModel> containers;
		try {
			containers = containers(exercise.kind(), content);
		}
		catch (GradingException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, "The " + describe(exercise.kind())
					+ " cannot be read, " + ex.getMessage() + ".");
		}
		List<List<RuleVerdict>> verdicts;
		try {
			verdicts = containers.stream().map((c) -> this.engine.grade(c, language)).toList();
		}
		catch (RuntimeException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, "The " + describe(exercise.kind())
					+ " holds a value the checks cannot read: " + ex.getMessage() + ".");
		}
		List<CheckResult> results = new ArrayList<>();
		for (Check check : exercise.checks()) {
			Optional<RuleVerdict> failed = verdicts.stream().flatMap(List::stream)
				.filter((v) -> v.rule().equals(check.rule()) && !v.passed()).findFirst();
			RuleVerdict shown = failed.orElseGet(() -> verdicts.stream().flatMap(List::stream)
				.filter((v) -> v.rule().equals(check.rule())).findFirst().orElseThrow());
			boolean passed = failed.isEmpty();
			results.add(new CheckResult(check.id(), check.rule(), shown.cis(), passed, check.points(),
					passed ? check.points() : 0, shown.line(), shown.message(), passed ? null : check.hint(language)));
		}
		return new Grade(results.stream().mapToInt(CheckResult::earned).sum(), exercise.maxScore(), List.copyOf(results));
	}

	private static List<ContainerModel> containers(String kind, String content) {
		List<ContainerModel> containers = switch (kind) {
			case "run" -> new RunLineParser().parse(content).stream().map(RunLineParser.ParsedRun::container).toList();
			case "dockerfile" -> List.of(new DockerfileParser().parse(content));
			default -> new ComposeParser(Map.of()).parse(content).stream().map(ComposeParser.ParsedService::container)
				.toList();
		};
		if (containers.isEmpty()) {
			throw new GradingException(1, 1, "no docker run command was found");
		}
		return containers;
	}

	private static String describe(String kind) {
		return switch (kind) {
			case "run" -> "docker run command";
			case "dockerfile" -> "Dockerfile";
			default -> "compose file";
		};
	}

}
