package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.cagelab.grading.HardeningRules;
import io.cagelab.grading.RuleVerdict;
import io.cagelab.sandbox.ProbeResult;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxPolicyException;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.sandbox.TrialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Grade a submission against every check of an exercise: rules on the artifact, quiz answers, probes in the learner's
 * own sandbox, and runtime checks in a container started from the learner's own settings.
 */
@Component
public class ExerciseGrader {

	private static final Logger logger = LoggerFactory.getLogger(ExerciseGrader.class);

	/** The most of a command's output quoted back to the learner. */
	private static final int QUOTED_OUTPUT = 160;

	private final ArtifactReader reader;

	private final SandboxService sandboxes;

	ExerciseGrader(ArtifactReader reader, SandboxService sandboxes) {
		this.reader = reader;
		this.sandboxes = sandboxes;
	}

	/**
	 * One check's outcome, explained without words: its texts are told in the reader's language when shown.
	 *
	 * @param cis the CIS control of a rule check, empty when none applies
	 * @param hint what to look at, only when it failed
	 */
	public record CheckResult(String id, String kind, String rule, String cis, boolean passed, int points, int earned,
			int line, Text.Message message, Text hint) {
	}

	public record Grade(int score, int maxScore, List<CheckResult> checks) {

		public boolean fullMarks() {
			return this.score == this.maxScore;
		}

	}

	/**
	 * Grade a submission, or refuse it with a {@link SubmissionException} that says what is wrong with it.
	 */
	public Mono<Grade> grade(SandboxOwner owner, Exercise exercise, Submission submission) {
		return grade(owner, exercise.id(), exercise, submission);
	}

	/**
	 * Grade a submission as {@link #grade(SandboxOwner, Exercise, Submission)} does, its probes looking in the owner's
	 * sandbox of this key: the exercise's own, or a preview's ({@link io.cagelab.sandbox.Sandbox#previewOf}).
	 */
	Mono<Grade> grade(SandboxOwner owner, String sandboxKey, Exercise exercise, Submission submission) {
		if (exercise.checks().isEmpty()) {
			return Mono.error(new SubmissionException(SubmissionException.Reason.NOT_GRADABLE,
					GradingMessage.NOTHING_TO_GRADE, exercise.id()));
		}
		Mono<List<ArtifactReader.Container>> artifact = exercise.takesArtifact()
				? Mono.fromCallable(() -> this.reader.read(exercise, submission.content()))
					.subscribeOn(Schedulers.parallel())
				: Mono.just(List.of());
		return Mono.fromRunnable(() -> checkAnswers(exercise, submission))
			.then(artifact)
			.flatMap((containers) -> Mono.zip(runtimeResults(owner, exercise, containers),
					probeResults(owner, sandboxKey, exercise))
				.map((live) -> {
					List<CheckResult> results = exercise.checks().stream().map((check) -> {
						if (check instanceof Check.Rule rule) {
							return ruleResult(exercise, rule, containers);
						}
						if (check instanceof Check.Setting setting) {
							return settingResult(exercise, setting, containers);
						}
						if (check instanceof Check.Quiz quiz) {
							return quizResult(exercise, quiz, submission);
						}
						return (check instanceof Check.Probe) ? live.getT2().get(check.id()) : live.getT1().get(check.id());
					}).toList();
					return new Grade(results.stream().mapToInt(CheckResult::earned).sum(), exercise.maxScore(), results);
				}));
	}

	private static void checkAnswers(Exercise exercise, Submission submission) {
		submission.answers().forEach((checkId, ticked) -> {
			Check.Quiz check = exercise.check(checkId).filter(Check.Quiz.class::isInstance).map(Check.Quiz.class::cast)
				.orElseThrow(() -> new SubmissionException(SubmissionException.Reason.INVALID,
						GradingMessage.NOT_A_QUESTION, checkId));
			int choices = check.choices().size();
			if (ticked == null || ticked.stream().anyMatch((index) -> index == null || index < 0 || index >= choices)) {
				throw new SubmissionException(SubmissionException.Reason.INVALID, GradingMessage.CHOICES_OUT_OF_RANGE,
						checkId, choices - 1);
			}
			if (!check.multiple() && ticked.size() > 1) {
				throw new SubmissionException(SubmissionException.Reason.INVALID, GradingMessage.SINGLE_ANSWER, checkId);
			}
		});
	}

	private static CheckResult ruleResult(Exercise exercise, Check.Rule check, List<ArtifactReader.Container> containers) {
		if (check.service() != null && target(containers, check.service()).isEmpty()) {
			return noSuchService(exercise, check, check.service());
		}
		if (check.allowedCapabilities() != null) {
			return capabilityResult(exercise, check, containers);
		}
		List<RuleVerdict> verdicts = containers.stream()
			.filter((container) -> check.service() == null || container.name().equals(check.service()))
			.flatMap((container) -> container.verdicts().stream())
			.filter((verdict) -> verdict.rule().equals(check.rule()))
			.toList();
		Optional<RuleVerdict> failed = verdicts.stream().filter((verdict) -> !verdict.passed()).findFirst();
		RuleVerdict shown = failed.orElse(verdicts.get(0));
		boolean passed = failed.isEmpty();
		return new CheckResult(check.id(), check.kind().code(), check.rule(), shown.cis(), passed, check.points(),
				passed ? check.points() : 0, shown.line(), Text.of(shown.key()),
				passed ? null : Text.hint(exercise, check));
	}

	/** HR-04 against the capabilities the exercise allows instead of the rule's own: the first container beyond them. */
	private static CheckResult capabilityResult(Exercise exercise, Check.Rule check,
			List<ArtifactReader.Container> containers) {
		List<String> allowed = check.allowedCapabilities();
		String cis = HardeningRules.ALL.stream().filter((rule) -> rule.id().equals(check.rule())).findFirst()
			.orElseThrow().cis();
		for (ArtifactReader.Container container : containers) {
			if (check.service() != null && !container.name().equals(check.service())) {
				continue;
			}
			List<String> beyond = container.model().capAdd().stream().filter((added) -> !allowed.contains(added))
				.toList();
			if (!beyond.isEmpty()) {
				String where = (container.name().isEmpty()) ? "" : container.name() + ": ";
				Text.Message message = allowed.isEmpty()
						? GradingMessage.CAPABILITIES_BEYOND_NONE.with(where, String.join(", ", beyond))
						: GradingMessage.CAPABILITIES_BEYOND.with(where, String.join(", ", beyond),
								String.join(", ", allowed));
				return new CheckResult(check.id(), check.kind().code(), check.rule(), cis, false, check.points(), 0,
						container.model().lineOf("cap-add"), message, Text.hint(exercise, check));
			}
		}
		Text.Message message = allowed.isEmpty() ? GradingMessage.CAPABILITIES_WITHIN_NONE.with()
				: GradingMessage.CAPABILITIES_WITHIN.with(String.join(", ", allowed));
		return new CheckResult(check.id(), check.kind().code(), check.rule(), cis, true, check.points(),
				check.points(), 0, message, null);
	}

	private static CheckResult settingResult(Exercise exercise, Check.Setting check, List<ArtifactReader.Container> containers) {
		Optional<ArtifactReader.Container> target = target(containers, (check.service() != null) ? check.service() : "");
		if (target.isEmpty()) {
			return noSuchService(exercise, check, check.service());
		}
		String value = ArtifactSettings.read(target.get().model(), check.setting());
		boolean passed = Pattern.compile(check.expect().output()).matcher(value).find();
		Text shown = value.isEmpty() ? GradingMessage.SETTING_UNSET.with()
				: GradingMessage.SETTING_VALUE.with(value.replace("\n", ", "));
		String where = (check.service() != null) ? check.service() + ": " : "";
		GradingMessage verdict = passed ? GradingMessage.SETTING_AS_NEEDED : GradingMessage.SETTING_OTHERWISE;
		return result(exercise, check, passed, target.get().model().lineOf("container"),
				verdict.with(where, check.setting(), shown));
	}

	private static CheckResult noSuchService(Exercise exercise, Check check, String service) {
		return result(exercise, check, false, 1, GradingMessage.NO_SUCH_SERVICE.with(service));
	}

	private static CheckResult quizResult(Exercise exercise, Check.Quiz check, Submission submission) {
		List<Integer> ticked = submission.answers().get(check.id());
		boolean passed = ticked != null && new HashSet<>(ticked).equals(check.answer());
		Text.Message message = passed ? GradingMessage.QUIZ_RIGHT.with(Text.explanation(exercise, check))
				: (ticked == null || ticked.isEmpty()) ? GradingMessage.QUIZ_NOT_ANSWERED.with()
						: GradingMessage.QUIZ_WRONG.with();
		return result(exercise, check, passed, 0, message);
	}

	private Mono<Map<String, CheckResult>> probeResults(SandboxOwner owner, String sandboxKey, Exercise exercise) {
		return Flux.fromIterable(exercise.checks())
			.filter(Check.Probe.class::isInstance).map(Check.Probe.class::cast)
			.concatMap((check) -> this.sandboxes.probe(owner, sandboxKey, List.of("bash", "-c", check.command()))
				.map((probe) -> {
					boolean passed = matches(check.expect(), probe);
					return result(exercise, check, passed, 0,
							(passed ? GradingMessage.PROBE_VERIFIED : GradingMessage.PROBE_NOT_YET).with());
				}))
			.collectMap(CheckResult::id, (result) -> result, LinkedHashMap::new);
	}

	/**
	 * Start one container per service that runtime checks look at, run their commands in it, and remove it. What the
	 * floor forbids is never started: its checks fail and say why.
	 */
	private Mono<Map<String, CheckResult>> runtimeResults(SandboxOwner owner, Exercise exercise,
			List<ArtifactReader.Container> containers) {
		Map<String, List<Check.Runtime>> byService = new LinkedHashMap<>();
		exercise.checks().stream().filter(Check.Runtime.class::isInstance).map(Check.Runtime.class::cast)
			.forEach((check) -> byService.computeIfAbsent((check.service() != null) ? check.service() : "",
					(s) -> new ArrayList<>())
				.add(check));
		return Flux.fromIterable(byService.entrySet())
			.concatMap((entry) -> tryOut(owner, exercise, target(containers, entry.getKey()), entry.getValue()))
			.collectMap(CheckResult::id, (result) -> result, LinkedHashMap::new);
	}

	private static Optional<ArtifactReader.Container> target(List<ArtifactReader.Container> containers, String service) {
		return service.isEmpty() ? containers.stream().findFirst()
				: containers.stream().filter((container) -> container.name().equals(service)).findFirst();
	}

	private Flux<CheckResult> tryOut(SandboxOwner owner, Exercise exercise, Optional<ArtifactReader.Container> target,
			List<Check.Runtime> checks) {
		if (target.isEmpty()) {
			return Flux.fromIterable(checks).map((check) -> noSuchService(exercise, check, check.service()));
		}
		ArtifactReader.Container container = target.get();
		int line = container.model().lineOf("container");
		TrialSettings settings = ContainerTrials.settings(container.model());
		List<Text> refusals = ContainerTrials.refusals(container.model(), settings);
		if (!refusals.isEmpty()) {
			Text.Message notRun = GradingMessage.NOT_RUN.with(ContainerTrials.joined(refusals));
			return Flux.fromIterable(checks).map((check) -> result(exercise, check, false, line, notRun));
		}
		List<List<String>> commands = checks.stream().map((check) -> List.of("bash", "-c", check.command())).toList();
		// The profile of the exercise graded: a published version's own, or a draft's while it is proven.
		return this.sandboxes.tryOut(owner, exercise.id(), exercise.sandbox(), settings, commands)
			.flatMapMany((probes) -> Flux.range(0, checks.size()).map((i) -> {
				Check.Runtime check = checks.get(i);
				ProbeResult probe = probes.get(i);
				boolean passed = matches(check.expect(), probe);
				return result(exercise, check, passed, line, passed ? GradingMessage.TRIAL_SEEN.with()
						: (probe.exitCode() == -1)
								? printed(GradingMessage.TRIAL_TIMED_OUT, GradingMessage.TRIAL_TIMED_OUT_PRINTED, probe)
								: printed(GradingMessage.TRIAL_OTHERWISE, GradingMessage.TRIAL_OTHERWISE_PRINTED, probe));
			}))
			// Busy or unavailable sandboxes refuse the whole submission (nothing is stored); anything else is this
			// container's own failure, which its checks report.
			.onErrorResume((ex) -> !(ex instanceof SandboxException),
					(ex) -> Flux.fromIterable(checks).map((check) -> result(exercise, check, false, line,
							didNotStart(ex, container))));
	}

	/** Say why the container did not start, without passing on what the engine says about the host. */
	private static Text.Message didNotStart(Throwable ex, ArtifactReader.Container container) {
		if (ex instanceof SandboxPolicyException refused) {
			return Text.of(refused.key(), (Object[]) refused.arguments());
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = String.valueOf(root.getMessage());
		if (reason.contains("unable to find user") || reason.contains("no matching entries in passwd")) {
			return GradingMessage.TRIAL_UNKNOWN_USER.with(container.model().user());
		}
		logger.warn("A learner's container for a runtime check did not start: {}", reason);
		return GradingMessage.TRIAL_DID_NOT_START.with();
	}

	/** The message that quotes what the command printed, cut short, or the one without a quote when it printed nothing. */
	private static Text.Message printed(GradingMessage silent, GradingMessage quoting, ProbeResult probe) {
		String text = probe.output().strip().replaceAll("\\s+", " ");
		if (text.isEmpty()) {
			return silent.with();
		}
		return quoting.with((text.length() > QUOTED_OUTPUT) ? text.substring(0, QUOTED_OUTPUT) + "…" : text);
	}

	private static boolean matches(Check.Expect expect, ProbeResult probe) {
		boolean exitMatches = expect.exit() == null || expect.exit() == probe.exitCode();
		boolean outputMatches = expect.output() == null
				|| Pattern.compile(expect.output()).matcher(probe.output()).find();
		return exitMatches && outputMatches;
	}

	private static CheckResult result(Exercise exercise, Check check, boolean passed, int line, Text.Message message) {
		return new CheckResult(check.id(), check.kind().code(), null, "", passed, check.points(), passed ? check.points() : 0,
				line, message, passed ? null : Text.hint(exercise, check));
	}

}
