package io.cagelab.exercise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * Prove an exercise works on the real engine: its reference solution earns full marks, and each of its wrong answers
 * fails the checks it names, with the words it names. Labs are played in a fresh sandbox each time.
 */
@Component
public class ExerciseValidator {

	/** A lab's solution does what a learner does by hand; a minute is plenty. */
	static final Duration SOLUTION_TIMEOUT = Duration.ofSeconds(60);

	private final ExerciseGrader grader;

	private final SandboxService sandboxes;

	private final TextRenderer renderer;

	ExerciseValidator(ExerciseGrader grader, SandboxService sandboxes, TextRenderer renderer) {
		this.grader = grader;
		this.sandboxes = sandboxes;
		this.renderer = renderer;
	}

	/**
	 * What validating one exercise found.
	 *
	 * @param problems what is wrong, empty when the exercise works
	 * @param wrongAnswers how many wrong answers were tried
	 */
	public record Report(String exerciseId, int score, int maxScore, int wrongAnswers, List<String> problems,
			Duration took) {
	}

	public Mono<Report> validate(Exercise exercise, SandboxOwner owner) {
		long started = System.nanoTime();
		if (exercise.checks().isEmpty()) {
			return Mono.just(new Report(exercise.id(), 0, 0, 0, List.of("it has no checks: nothing is graded"),
					Duration.ZERO));
		}
		List<String> problems = new ArrayList<>();
		Mono<List<RenderedCheck>> reference = attempt(owner, exercise, exercise.solution(),
				exercise.referenceSubmission())
			.doOnNext((checks) -> checks.stream().filter((check) -> !check.passed())
				.forEach((check) -> problems.add("the solution fails '" + check.id() + "': " + check.message())));
		return reference.flatMap((checks) -> Flux.fromIterable(exercise.wrongAnswers())
			.index()
			.concatMap((numbered) -> attempt(owner, exercise, numbered.getT2().content(),
					new Submission(numbered.getT2().content(), numbered.getT2().answers()))
				.doOnNext((wrong) -> problems.addAll(mismatches(numbered.getT1() + 1, numbered.getT2(), wrong))))
			.then(Mono.fromCallable(() -> new Report(exercise.id(), earned(checks), exercise.maxScore(),
					exercise.wrongAnswers().size(), List.copyOf(problems),
					Duration.ofNanos(System.nanoTime() - started)))))
			.onErrorResume((ex) -> Mono.just(new Report(exercise.id(), 0, exercise.maxScore(),
					exercise.wrongAnswers().size(), List.of("could not be graded: " + english(ex)),
					Duration.ofNanos(System.nanoTime() - started))));
	}

	/** Grade one submission, told in English; for a lab, first play its script in a fresh sandbox, closed afterwards. */
	private Mono<List<RenderedCheck>> attempt(SandboxOwner owner, Exercise exercise, String script,
			Submission submission) {
		Mono<List<RenderedCheck>> graded = Mono.defer(() -> this.grader.grade(owner, exercise, submission))
			.map((grade) -> this.renderer.checks(grade.checks(), exercise, Locale.ENGLISH, Disclosure.everything()));
		if (exercise.kind() != ExerciseKind.LAB) {
			return graded;
		}
		return Mono.usingWhen(this.sandboxes.open(owner, exercise.id()),
				(sandbox) -> ((script != null && !script.isBlank())
						? this.sandboxes.run(owner, exercise.id(), List.of("bash", "-c", script), SOLUTION_TIMEOUT)
						: Mono.empty())
					.then(graded),
				(sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id()));
	}

	private static int earned(List<RenderedCheck> checks) {
		return checks.stream().mapToInt(RenderedCheck::earned).sum();
	}

	private String english(Throwable ex) {
		return (ex instanceof MessageSourceResolvable refusal) ? this.renderer.render(refusal, Locale.ENGLISH)
				: ex.getMessage();
	}

	private static List<String> mismatches(long number, Exercise.WrongAnswer wrongAnswer, List<RenderedCheck> checks) {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, String> expected : wrongAnswer.fails().entrySet()) {
			RenderedCheck result = checks.stream()
				.filter((check) -> check.id().equals(expected.getKey()))
				.findFirst()
				.orElseThrow();
			String explained = (result.message() + " " + (result.hint() != null ? result.hint() : ""))
				.toLowerCase(Locale.ROOT);
			if (result.passed()) {
				problems.add("wrong answer " + number + " passes '" + result.id() + "', which it should fail");
			}
			else if (!explained.contains(expected.getValue().toLowerCase(Locale.ROOT))) {
				problems.add("wrong answer " + number + " fails '" + result.id() + "' without saying '"
						+ expected.getValue() + "': " + result.message());
			}
		}
		return problems;
	}

}
