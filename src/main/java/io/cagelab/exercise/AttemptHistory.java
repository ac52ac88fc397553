package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.progress.AttemptChecks;
import io.cagelab.progress.CheckVerdict;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * A learner's graded attempts at an exercise, told in the reader's language: the learner's own, or a trainer's look
 * at them. Who may read whose attempts is the caller's decision.
 */
@Service
public class AttemptHistory {

	private static final TypeReference<Map<String, List<Integer>>> ANSWERS = new TypeReference<>() {
	};

	private final SubmissionRepository submissions;

	private final AttemptChecks checks;

	private final ExerciseCatalog catalog;

	private final TextRenderer renderer;

	private final JsonMapper json;

	AttemptHistory(SubmissionRepository submissions, AttemptChecks checks, ExerciseCatalog catalog,
			TextRenderer renderer, JsonMapper json) {
		this.submissions = submissions;
		this.checks = checks;
		this.catalog = catalog;
		this.renderer = renderer;
		this.json = json;
	}

	/** Return the owner's attempts at the exercise, newest first, in the reader's language. */
	public Flux<RenderedAttempt> attempts(long ownerId, String exerciseId, Locale locale) {
		return rendered(this.submissions.findByOwnerAndExercise(ownerId, exerciseId), locale);
	}

	/** Return the owner's newest attempt at the exercise, in the reader's language, or nothing if there is none. */
	public Mono<RenderedAttempt> latest(long ownerId, String exerciseId, Locale locale) {
		return attempts(ownerId, exerciseId, locale).next();
	}

	private Flux<RenderedAttempt> rendered(Flux<SubmissionRepository.Attempt> found, Locale locale) {
		return found.collectList().flatMapMany((attempts) -> Mono.zip(versions(attempts),
				this.checks.of(attempts.stream().map(SubmissionRepository.Attempt::id).toList()))
			.flatMapIterable((loaded) -> {
				// Newest first: the last of the list is the owner's first attempt.
				List<RenderedAttempt> rendered = new ArrayList<>();
				for (int i = 0; i < attempts.size(); i++) {
					SubmissionRepository.Attempt attempt = attempts.get(i);
					Exercise exercise = loaded.getT1().get(versionKey(attempt));
					rendered.add(render(attempt, attempts.size() - i,
							loaded.getT2().getOrDefault(attempt.id(), List.of()), locale,
							(exercise != null) ? Map.of(exercise.id(), exercise) : Map.of()));
				}
				return rendered;
			}));
	}

	/**
	 * Each exercise at the versions these attempts were graded against, which they are shown with: editing and
	 * publishing an exercise again never rewrites a past attempt's titles, hints or answers.
	 */
	private Mono<Map<String, Exercise>> versions(List<SubmissionRepository.Attempt> attempts) {
		return Flux.fromIterable(attempts.stream().map(AttemptHistory::versionKey).distinct().toList())
			.flatMap((key) -> {
				SubmissionRepository.Attempt attempt = attempts.stream()
					.filter((candidate) -> versionKey(candidate).equals(key)).findFirst().orElseThrow();
				return this.catalog.exerciseAt(attempt.exerciseId(), attempt.exerciseVersion())
					.map((exercise) -> Map.entry(key, exercise));
			})
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private static String versionKey(SubmissionRepository.Attempt attempt) {
		return attempt.exerciseId() + "@" + attempt.exerciseVersion();
	}

	private RenderedAttempt render(SubmissionRepository.Attempt attempt, int number, List<CheckVerdict> verdicts,
			Locale locale, Map<String, Exercise> exercises) {
		Exercise exercise = exercises.get(attempt.exerciseId());
		Disclosure disclosure = new Disclosure(number,
				(exercise != null) ? exercise.feedback() : Exercise.Feedback.DEFAULT);
		boolean fullMarks = attempt.score() == attempt.maxScore();
		// An attempt graded before messages were kept without words is shown as it was graded.
		boolean neutral = !verdicts.isEmpty() && verdicts.stream().allMatch((verdict) -> verdict.messageKey() != null);
		List<RenderedCheck> checks = neutral ? verdicts.stream()
			.map((verdict) -> this.renderer.check(attempt.exerciseId(), result(attempt.exerciseId(), verdict), locale,
					exercises, disclosure))
			.toList() : asGraded(attempt);
		return new RenderedAttempt(attempt.id(), attempt.exerciseId(), attempt.exerciseVersion(),
				attempt.submittedAt(), attempt.content(), this.json.readValue(attempt.answers(), ANSWERS),
				attempt.score(), attempt.maxScore(), fullMarks, checks, number,
				(exercise != null) ? this.renderer.solution(exercise, disclosure, fullMarks) : null,
				(exercise != null) ? this.renderer.coming(exercise, disclosure, fullMarks, locale) : null);
	}

	private ExerciseGrader.CheckResult result(String exerciseId, CheckVerdict verdict) {
		return new ExerciseGrader.CheckResult(verdict.checkId(), verdict.kind(), verdict.rule(), verdict.cis(),
				verdict.passed(), verdict.points(), verdict.earned(), (verdict.line() != null) ? verdict.line() : 0,
				TextJson.message(verdict.messageKey(), verdict.messageArguments(), this.json),
				verdict.passed() ? null : new Text.Authored(exerciseId, verdict.checkId(), Text.Part.HINT));
	}

	/** The checks as the result kept them, in the language they were graded in; the first had no kind. */
	private List<RenderedCheck> asGraded(SubmissionRepository.Attempt attempt) {
		JsonNode stored;
		try {
			stored = this.json.readTree(attempt.result());
		}
		catch (JacksonException ex) {
			return List.of();
		}
		List<RenderedCheck> checks = new ArrayList<>();
		for (JsonNode check : stored) {
			checks.add(new RenderedCheck(check.path("id").asString(""), text(check, "kind", "rule"),
					text(check, "rule", null), text(check, "cis", ""), check.path("passed").asBoolean(false),
					check.path("points").asInt(0), check.path("earned").asInt(0), check.path("line").asInt(0),
					text(check, "message", null), text(check, "hint", null)));
		}
		return checks;
	}

	private static String text(JsonNode check, String field, String fallback) {
		JsonNode value = check.get(field);
		return (value == null || value.isNull()) ? fallback : value.asString();
	}

}
