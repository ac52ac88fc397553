package io.cagelab.exercise;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.cagelab.course.Language;
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

	/** One check's outcome, explained; {@code hint} only when it failed. */
	public record CheckResult(String id, String kind, String rule, String cis, boolean passed, int points, int earned,
			int line, String message, String hint) {
	}

	public record Grade(int score, int maxScore, List<CheckResult> checks) {

		public boolean fullMarks() {
			return this.score == this.maxScore;
		}

	}

	/**
	 * Grade a submission, or refuse it with a {@link SubmissionException} that says what is wrong with it.
	 */
	public Mono<Grade> grade(SandboxOwner owner, Exercise exercise, Submission submission, Language language) {
		if (exercise.checks().isEmpty()) {
			return Mono.error(new SubmissionException(SubmissionException.Reason.NOT_GRADABLE, Messages.of(language,
					"The exercise " + exercise.id() + " has nothing to grade.",
					"L'exercice " + exercise.id() + " n'a rien à noter.")));
		}
		Mono<List<ArtifactReader.Container>> artifact = exercise.takesArtifact()
				? Mono.fromCallable(() -> this.reader.read(exercise, submission.content(), language))
					.subscribeOn(Schedulers.parallel())
				: Mono.just(List.of());
		return Mono.fromRunnable(() -> checkAnswers(exercise, submission, language))
			.then(artifact)
			.flatMap((containers) -> Mono.zip(runtimeResults(owner, exercise, containers, language),
					probeResults(owner, exercise, language))
				.map((live) -> {
					List<CheckResult> results = exercise.checks().stream().map((check) -> switch (check.kind()) {
						case "rule" -> ruleResult(check, containers, language);
						case "setting" -> settingResult(check, containers, language);
						case "quiz" -> quizResult(check, submission, language);
						case "probe" -> live.getT2().get(check.id());
						default -> live.getT1().get(check.id());
					}).toList();
					return new Grade(results.stream().mapToInt(CheckResult::earned).sum(), exercise.maxScore(), results);
				}));
	}

	private static void checkAnswers(Exercise exercise, Submission submission, Language language) {
		submission.answers().forEach((checkId, ticked) -> {
			Check check = exercise.checks().stream().filter((c) -> c.id().equals(checkId) && c.quiz() != null)
				.findFirst()
				.orElseThrow(() -> new SubmissionException(SubmissionException.Reason.INVALID, Messages.of(language,
						"The answers name '" + checkId + "', which is not a question of this exercise.",
						"Les réponses nomment « " + checkId + " », qui n'est pas une question de cet exercice.")));
			int choices = check.quiz().choices().size();
			if (ticked == null || ticked.stream().anyMatch((index) -> index == null || index < 0 || index >= choices)) {
				throw new SubmissionException(SubmissionException.Reason.INVALID, Messages.of(language,
						"The answer to '" + checkId + "' must list choices numbered from 0 to " + (choices - 1) + ".",
						"La réponse à « " + checkId + " » doit lister des choix numérotés de 0 à " + (choices - 1) + "."));
			}
			if (!check.quiz().multiple() && ticked.size() > 1) {
				throw new SubmissionException(SubmissionException.Reason.INVALID, Messages.of(language,
						"The question '" + checkId + "' takes a single answer.",
						"La question « " + checkId + " » n'attend qu'une réponse."));
			}
		});
	}

	private static CheckResult ruleResult(Check check, List<ArtifactReader.Container> containers, Language language) {
		if (check.service() != null && target(containers, check.service()).isEmpty()) {
			return noSuchService(check, language);
		}
		List<RuleVerdict> verdicts = containers.stream()
			.filter((container) -> check.service() == null || container.name().equals(check.service()))
			.flatMap((container) -> container.verdicts().stream())
			.filter((verdict) -> verdict.rule().equals(check.rule()))
			.toList();
		Optional<RuleVerdict> failed = verdicts.stream().filter((verdict) -> !verdict.passed()).findFirst();
		RuleVerdict shown = failed.orElse(verdicts.get(0));
		boolean passed = failed.isEmpty();
		return new CheckResult(check.id(), check.kind(), check.rule(), shown.cis(), passed, check.points(),
				passed ? check.points() : 0, shown.line(), shown.message(), passed ? null : check.hint(language));
	}

	private static CheckResult settingResult(Check check, List<ArtifactReader.Container> containers,
			Language language) {
		Optional<ArtifactReader.Container> target = target(containers, (check.service() != null) ? check.service() : "");
		if (target.isEmpty()) {
			return noSuchService(check, language);
		}
		String value = ArtifactSettings.read(target.get().model(), check.setting());
		boolean passed = Pattern.compile(check.expectOutput()).matcher(value).find();
		String shown = value.isEmpty() ? Messages.of(language, "not set", "absent") : "'" + value.replace("\n", ", ") + "'";
		String where = (check.service() != null) ? check.service() + ": " : "";
		return result(check, passed, target.get().model().lineOf("container"), Messages.of(language,
				where + check.setting() + " is " + shown + (passed ? ", as needed." : "."),
				where + check.setting() + " vaut " + shown + (passed ? ", comme il faut." : ".")), language);
	}

	private static CheckResult noSuchService(Check check, Language language) {
		return result(check, false, 1, Messages.of(language,
				"There is no service named '" + check.service() + "' in your compose file.",
				"Votre fichier compose n'a pas de service nommé « " + check.service() + " »."), language);
	}

	private static CheckResult quizResult(Check check, Submission submission, Language language) {
		List<Integer> ticked = submission.answers().get(check.id());
		boolean passed = ticked != null && new HashSet<>(ticked).equals(check.quiz().answer());
		String message = passed ? check.quiz().explanation(language)
				: (ticked == null || ticked.isEmpty()) ? Messages.of(language, "Not answered.", "Pas de réponse.")
						: Messages.of(language, "Not the right answer.", "Ce n'est pas la bonne réponse.");
		return result(check, passed, 0, message, language);
	}

	private Mono<Map<String, CheckResult>> probeResults(SandboxOwner owner, Exercise exercise, Language language) {
		return Flux.fromIterable(exercise.checks())
			.filter((check) -> check.kind().equals("probe"))
			.concatMap((check) -> this.sandboxes.probe(owner, exercise.id(), List.of("bash", "-c", check.command()))
				.map((probe) -> {
					boolean passed = matches(check, probe);
					return result(check, passed, 0, passed
							? Messages.of(language, "Verified in your sandbox.", "Vérifié dans votre bac à sable.")
							: Messages.of(language, "Not yet: this is not what your sandbox shows.",
									"Pas encore : ce n'est pas ce que montre votre bac à sable."), language);
				}))
			.collectMap(CheckResult::id, (result) -> result, LinkedHashMap::new);
	}

	/**
	 * Start one container per service that runtime checks look at, run their commands in it, and remove it. What the
	 * floor forbids is never started: its checks fail and say why.
	 */
	private Mono<Map<String, CheckResult>> runtimeResults(SandboxOwner owner, Exercise exercise,
			List<ArtifactReader.Container> containers, Language language) {
		Map<String, List<Check>> byService = new LinkedHashMap<>();
		exercise.checks().stream().filter((check) -> check.kind().equals("runtime"))
			.forEach((check) -> byService.computeIfAbsent((check.service() != null) ? check.service() : "", (s) -> new java.util.ArrayList<>())
				.add(check));
		return Flux.fromIterable(byService.entrySet())
			.concatMap((entry) -> tryOut(owner, exercise, target(containers, entry.getKey()), entry.getKey(),
					entry.getValue(), language))
			.collectMap(CheckResult::id, (result) -> result, LinkedHashMap::new);
	}

	private static Optional<ArtifactReader.Container> target(List<ArtifactReader.Container> containers, String service) {
		return service.isEmpty() ? containers.stream().findFirst()
				: containers.stream().filter((container) -> container.name().equals(service)).findFirst();
	}

	private Flux<CheckResult> tryOut(SandboxOwner owner, Exercise exercise, Optional<ArtifactReader.Container> target,
			String service, List<Check> checks, Language language) {
		if (target.isEmpty()) {
			return Flux.fromIterable(checks).map((check) -> noSuchService(check, language));
		}
		ArtifactReader.Container container = target.get();
		int line = container.model().lineOf("container");
		TrialSettings settings = ContainerTrials.settings(container.model());
		List<String> refusals = ContainerTrials.refusals(container.model(), settings, language);
		if (!refusals.isEmpty()) {
			String reasons = String.join("; ", refusals);
			return Flux.fromIterable(checks).map((check) -> result(check, false, line, Messages.of(language,
					"Not run: your container is never started here because " + reasons + ". Fix that first.",
					"Non exécuté : votre conteneur n'est jamais démarré ici car " + reasons + ". Corrigez d'abord cela."),
					language));
		}
		List<List<String>> commands = checks.stream().map((check) -> List.of("bash", "-c", check.command())).toList();
		return this.sandboxes.tryOut(owner, exercise.id(), settings, commands)
			.flatMapMany((probes) -> Flux.range(0, checks.size()).map((i) -> {
				Check check = checks.get(i);
				ProbeResult probe = probes.get(i);
				boolean passed = matches(check, probe);
				return result(check, passed, line, passed
						? Messages.of(language, "Seen in a container started from your settings.",
								"Constaté dans un conteneur démarré avec vos réglages.")
						: (probe.exitCode() == -1) ? Messages.of(language, "The check did not finish in time in a"
								+ " container started from your settings" + quoted(probe.output(), language) + ".",
								"La vérification ne s'est pas terminée à temps dans un conteneur démarré avec vos réglages"
										+ quoted(probe.output(), language) + ".")
						: Messages.of(language, "A container started from your settings shows otherwise"
								+ quoted(probe.output(), language) + ".", "Un conteneur démarré avec vos réglages montre"
										+ " autre chose" + quoted(probe.output(), language) + "."),
						language);
			}))
			// Busy or unavailable sandboxes refuse the whole submission (nothing is stored); anything else is this
			// container's own failure, which its checks report.
			.onErrorResume((ex) -> !(ex instanceof SandboxException),
					(ex) -> Flux.fromIterable(checks).map((check) -> result(check, false, line,
							didNotStart(ex, container, language), language)));
	}

	/** Say why the container did not start, without passing on what the engine says about the host. */
	private static String didNotStart(Throwable ex, ArtifactReader.Container container, Language language) {
		if (ex instanceof SandboxPolicyException) {
			return Messages.of(language, ex.getMessage(), "Votre conteneur n'est pas exécuté ici : le plancher de"
					+ " sécurité de cette installation le refuse.");
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = String.valueOf(root.getMessage());
		if (reason.contains("unable to find user") || reason.contains("no matching entries in passwd")) {
			return Messages.of(language, "Your container did not start: the user '" + container.model().user()
					+ "' does not exist in the image the check runs on. Give a numeric uid:gid, such as 1000:1000.",
					"Votre conteneur n'a pas démarré : l'utilisateur « " + container.model().user()
							+ " » n'existe pas dans l'image de la vérification. Donnez un uid:gid numérique, comme 1000:1000.");
		}
		logger.warn("A learner's container for a runtime check did not start: {}", reason);
		return Messages.of(language, "Your container did not start on the engine; the trainer can see why in the log.",
				"Votre conteneur n'a pas démarré sur le moteur ; le formateur peut en voir la raison dans le journal.");
	}

	private static String quoted(String output, Language language) {
		String text = output.strip().replaceAll("\\s+", " ");
		if (text.isEmpty()) {
			return "";
		}
		text = (text.length() > QUOTED_OUTPUT) ? text.substring(0, QUOTED_OUTPUT) + "…" : text;
		return Messages.of(language, " (it printed: " + text + ")", " (sortie : " + text + ")");
	}

	private static boolean matches(Check check, ProbeResult probe) {
		boolean exitMatches = check.expectExit() == null || check.expectExit() == probe.exitCode();
		boolean outputMatches = check.expectOutput() == null
				|| Pattern.compile(check.expectOutput()).matcher(probe.output()).find();
		return exitMatches && outputMatches;
	}

	private static CheckResult result(Check check, boolean passed, int line, String message, Language language) {
		return new CheckResult(check.id(), check.kind(), null, "", passed, check.points(), passed ? check.points() : 0,
				line, message, passed ? null : check.hint(language));
	}

}
