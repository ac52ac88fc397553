package io.cagelab.exercise;

import java.util.List;
import java.util.regex.Pattern;

import io.cagelab.course.Language;
import io.cagelab.sandbox.ProbeResult;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Grade a lab by probing the learner's own sandbox: each check runs a command there and looks at the result.
 */
@Component
class LabGrader {

	private final SandboxService sandboxes;

	LabGrader(SandboxService sandboxes) {
		this.sandboxes = sandboxes;
	}

	Mono<SubmissionGrader.Grade> grade(SandboxOwner owner, Exercise exercise, Language language) {
		return Flux.fromIterable(exercise.checks())
			.concatMap((check) -> this.sandboxes.probe(owner, exercise.id(), List.of("sh", "-c", check.command()))
				.map((result) -> result(check, result, language)))
			.collectList()
			.map((results) -> new SubmissionGrader.Grade(
					results.stream().mapToInt(SubmissionGrader.CheckResult::earned).sum(), exercise.maxScore(), results));
	}

	private static SubmissionGrader.CheckResult result(Check check, ProbeResult probe, Language language) {
		boolean exitMatches = check.expectExit() == null || check.expectExit() == probe.exitCode();
		boolean outputMatches = check.expectOutput() == null
				|| Pattern.compile(check.expectOutput()).matcher(probe.output()).find();
		boolean passed = exitMatches && outputMatches;
		String message = (language == Language.FR)
				? (passed ? "Vérifié dans votre bac à sable." : "Pas encore : ce n'est pas ce que montre votre bac à sable.")
				: (passed ? "Verified in your sandbox." : "Not yet: this is not what your sandbox shows.");
		return new SubmissionGrader.CheckResult(check.id(), null, "", passed, check.points(), passed ? check.points() : 0,
				0, message, passed ? null : check.hint(language));
	}

}
