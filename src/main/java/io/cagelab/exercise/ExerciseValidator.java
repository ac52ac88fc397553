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
 * fails the checks it names, with the words it names. Labs are played in a fresh sandbox each time. One path for
 * {@code ./cagelab validate} and for proving in the browser: each step is told as it completes.
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

	/** One step of a proof, told in the reader's language; the exercise is proven when no step has a problem. */
	public sealed interface Step permits SolutionTried, WrongAnswerTried, NotGraded {

		List<String> problems();

	}

	/**
	 * The reference solution, graded.
	 *
	 * @param passed whether it earns full marks
	 * @param checks every check's verdict, with its message and hint
	 * @param problems each check it fails, named with its message
	 */
	public record SolutionTried(int score, int maxScore, boolean passed, List<RenderedCheck> checks,
			List<String> problems) implements Step {
	}

	/**
	 * One wrong answer, graded.
	 *
	 * @param number its place among the spec's wrong answers, from 1
	 * @param caught whether every check its {@code fails:} names failed with the words named
	 * @param missed the checks its {@code fails:} names that did not fail as it says: passed, or failed without the
	 * words named
	 */
	public record WrongAnswerTried(int number, boolean caught, List<String> missed, List<RenderedCheck> checks,
			List<String> problems) implements Step {
	}

	/** The proof could not go on: the exercise has nothing to grade, or grading it failed (the engine, a refusal). */
	public record NotGraded(List<String> problems) implements Step {
	}

	/** Validate an exercise and tell what was found in English, as {@code ./cagelab validate} prints it. */
	public Mono<Report> validate(Exercise exercise, SandboxOwner owner) {
		long started = System.nanoTime();
		return steps(exercise, owner, Locale.ENGLISH).collectList().map((steps) -> new Report(exercise.id(),
				steps.stream().filter(SolutionTried.class::isInstance).map(SolutionTried.class::cast)
					.mapToInt(SolutionTried::score).findFirst().orElse(0),
				exercise.maxScore(), exercise.wrongAnswers().size(),
				steps.stream().flatMap((step) -> step.problems().stream()).toList(),
				Duration.ofNanos(System.nanoTime() - started)));
	}

	/**
	 * Play the reference solution, then each wrong answer in the spec's order, each step told in the reader's
	 * language as soon as it is graded; a step that could not be graded ends the proof.
	 */
	public Flux<Step> steps(Exercise exercise, SandboxOwner owner, Locale locale) {
		if (exercise.checks().isEmpty()) {
			return Flux.just(new NotGraded(List.of(text(locale, exercise, "prove.no-checks"))));
		}
		Mono<Step> reference = attempt(owner, exercise, exercise.solution(), exercise.referenceSubmission())
			.map((grade) -> {
				List<RenderedCheck> checks = this.renderer.checks(grade.checks(), exercise, locale,
						Disclosure.everything());
				List<String> problems = checks.stream().filter((check) -> !check.passed())
					.map((check) -> text(locale, exercise, "prove.solution-fails", check.id(), check.message()))
					.toList();
				return new SolutionTried(grade.score(), grade.maxScore(), problems.isEmpty(), checks, problems);
			});
		Flux<Step> wrongAnswers = Flux.fromIterable(exercise.wrongAnswers()).index()
			.concatMap((numbered) -> attempt(owner, exercise, numbered.getT2().content(),
					new Submission(numbered.getT2().content(), numbered.getT2().answers()))
				.map((grade) -> wrongAnswer((int) numbered.getT1().longValue() + 1, numbered.getT2(), grade, exercise,
						locale)));
		return reference.concatWith(wrongAnswers)
			.onErrorResume((ex) -> Mono.just(new NotGraded(List.of(text(locale, exercise, "prove.not-graded",
					reason(ex, locale))))));
	}

	/** Grade one submission; for a lab, first play its script in a fresh sandbox, closed afterwards. */
	private Mono<ExerciseGrader.Grade> attempt(SandboxOwner owner, Exercise exercise, String script,
			Submission submission) {
		Mono<ExerciseGrader.Grade> graded = Mono.defer(() -> this.grader.grade(owner, exercise, submission));
		if (exercise.kind() != ExerciseKind.LAB) {
			return graded;
		}
		return leftOver(owner, exercise).then(Mono.usingWhen(this.sandboxes.open(owner, exercise.id(), exercise.sandbox()),
				(sandbox) -> ((script != null && !script.isBlank())
						? this.sandboxes.run(owner, exercise.id(), List.of("bash", "-c", script), SOLUTION_TIMEOUT)
						: Mono.empty())
					.then(graded),
				(sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id())));
	}

	/** Close a sandbox an interrupted proof left behind (the app was killed during it): each play starts fresh. */
	private Mono<Void> leftOver(SandboxOwner owner, Exercise exercise) {
		return this.sandboxes.list(Viewer.system())
			.filter((sandbox) -> sandbox.ownerId() == owner.accountId() && sandbox.exerciseId().equals(exercise.id()))
			.concatMap((sandbox) -> this.sandboxes.close(Viewer.system(), sandbox.id()))
			.then();
	}

	/**
	 * A wrong answer's step: each check its {@code fails:} names must fail with the words named, in its English
	 * message or hint whatever the reader's language, since the spec names English words.
	 */
	private WrongAnswerTried wrongAnswer(int number, Exercise.WrongAnswer wrongAnswer, ExerciseGrader.Grade grade,
			Exercise exercise, Locale locale) {
		List<RenderedCheck> english = this.renderer.checks(grade.checks(), exercise, Locale.ENGLISH,
				Disclosure.everything());
		List<RenderedCheck> shown = locale.getLanguage().equals(Locale.ENGLISH.getLanguage()) ? english
				: this.renderer.checks(grade.checks(), exercise, locale, Disclosure.everything());
		List<String> missed = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, String> expected : wrongAnswer.fails().entrySet()) {
			int at = indexOf(english, expected.getKey());
			RenderedCheck result = english.get(at);
			String explained = (result.message() + " " + (result.hint() != null ? result.hint() : ""))
				.toLowerCase(Locale.ROOT);
			if (result.passed()) {
				missed.add(result.id());
				problems.add(text(locale, exercise, "prove.wrong-answer-passes", number, result.id()));
			}
			else if (!explained.contains(expected.getValue().toLowerCase(Locale.ROOT))) {
				missed.add(result.id());
				problems.add(text(locale, exercise, "prove.wrong-answer-unexplained", number, result.id(),
						expected.getValue(), shown.get(at).message()));
			}
		}
		return new WrongAnswerTried(number, problems.isEmpty(), List.copyOf(missed), shown, List.copyOf(problems));
	}

	private static int indexOf(List<RenderedCheck> checks, String id) {
		for (int i = 0; i < checks.size(); i++) {
			if (checks.get(i).id().equals(id)) {
				return i;
			}
		}
		// The reader refuses a wrong answer that names a check the exercise does not have.
		throw new IllegalStateException("No check '" + id + "' to fail");
	}

	private String text(Locale locale, Exercise exercise, String key, Object... arguments) {
		return this.renderer.render(Text.of(key, arguments), locale, Map.of(exercise.id(), exercise));
	}

	private String reason(Throwable ex, Locale locale) {
		return (ex instanceof MessageSourceResolvable refusal) ? this.renderer.render(refusal, locale)
				: String.valueOf(ex.getMessage());
	}

}
