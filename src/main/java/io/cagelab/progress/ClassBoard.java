package io.cagelab.progress;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cagelab.progress.ClassProgress.AssignedExercise;
import io.cagelab.progress.ClassProgress.Cell;
import io.cagelab.progress.ClassProgress.FailingCheck;
import io.cagelab.progress.ClassProgress.FailingRule;
import io.cagelab.progress.ClassProgress.Learner;
import io.cagelab.progress.ClassProgress.State;

/**
 * Where a class stands, kept in memory: read once from the database, then moved on by each attempt as it is stored,
 * so that a dashboard followed by many never asks the database again. Safe for use by several threads.
 */
public final class ClassBoard {

	/** How many of the most failed checks, and of the most failed rules, a class's progress lists. */
	static final int MOST_FAILED = 10;

	private final List<Learner> learners;

	private final Set<Long> learnerIds;

	private final List<String> exercises;

	private final Set<String> assigned;

	private final Map<Attempted, Summary> summaries;

	/** The checks that failed in each learner's latest attempt at each exercise. */
	private final Map<Attempted, List<FailedCheck>> latestFailures;

	ClassBoard(List<Learner> learners, List<String> exercises, Map<Attempted, Summary> summaries,
			Map<Attempted, List<FailedCheck>> latestFailures) {
		this.learners = List.copyOf(learners);
		this.learnerIds = learners.stream().map(Learner::id).collect(Collectors.toUnmodifiableSet());
		this.exercises = List.copyOf(exercises);
		this.assigned = Set.copyOf(exercises);
		this.summaries = new HashMap<>(summaries);
		this.latestFailures = new HashMap<>(latestFailures);
	}

	public List<Learner> learners() {
		return this.learners;
	}

	public boolean hasLearner(long learnerId) {
		return this.learnerIds.contains(learnerId);
	}

	public boolean assigns(String exerciseId) {
		return this.assigned.contains(exerciseId);
	}

	/** Count an attempt just stored; return whether it is the class's (one of its learners, on one of its exercises). */
	public synchronized boolean record(ProgressEvents.AttemptRecorded attempt) {
		if (!hasLearner(attempt.learnerId()) || !assigns(attempt.exerciseId())) {
			return false;
		}
		Attempted key = new Attempted(attempt.learnerId(), attempt.exerciseId());
		Summary before = this.summaries.get(key);
		boolean passed = attempt.score() == attempt.maxScore();
		Instant at = attempt.submittedAt();
		this.summaries.put(key, (before == null)
				? new Summary(1, attempt.score(), attempt.maxScore(), passed ? at : null, at, at)
				: new Summary(before.attempts() + 1, Math.max(before.bestScore(), attempt.score()), attempt.maxScore(),
						(before.firstPassedAt() == null && passed) ? at : before.firstPassedAt(), at,
						(attempt.score() > before.bestScore()) ? at : before.improvedAt()));
		this.latestFailures.put(key, attempt.verdicts().stream().filter((verdict) -> !verdict.passed())
			.map((verdict) -> new FailedCheck(attempt.exerciseId(), verdict.checkId(), verdict.kind(), verdict.rule(),
					verdict.cis()))
			.toList());
		return true;
	}

	/** Return the whole class: every learner on every exercise, the pass counts, what fails most. */
	public synchronized ClassProgress snapshot() {
		List<Cell> cells = cells();
		Map<String, Long> passedBy = cells.stream().filter(Cell::passed)
			.collect(Collectors.groupingBy(Cell::exercise, Collectors.counting()));
		List<FailingCheck> failing = failingChecks();
		return new ClassProgress(this.learners,
				this.exercises.stream().map((id) -> new AssignedExercise(id, passedBy.getOrDefault(id, 0L))).toList(),
				cells, failing.stream().limit(MOST_FAILED).toList(), failingRules(failing));
	}

	/** Return one cell per learner and assigned exercise, learners by user name, exercises in class order. */
	public synchronized List<Cell> cells() {
		return this.learners.stream().flatMap(this::row).toList();
	}

	/** Return a learner's cells, exercises in class order; none for someone not in the class. */
	public synchronized List<Cell> row(long learnerId) {
		return this.learners.stream().filter((learner) -> learner.id() == learnerId).flatMap(this::row).toList();
	}

	private Stream<Cell> row(Learner learner) {
		return this.exercises.stream().map((exercise) -> {
			Summary summary = this.summaries.get(new Attempted(learner.id(), exercise));
			if (summary == null) {
				return new Cell(learner.id(), learner.username(), exercise, State.NOT_STARTED, null, null, 0, false, null,
						null, null);
			}
			boolean passed = summary.firstPassedAt() != null;
			return new Cell(learner.id(), learner.username(), exercise, passed ? State.PASSED : State.IN_PROGRESS,
					summary.bestScore(), summary.maxScore(), summary.attempts(), passed, summary.firstPassedAt(),
					summary.lastAttemptAt(), summary.improvedAt());
		});
	}

	/** The checks failing in the learners' latest attempts, most failed first. */
	private List<FailingCheck> failingChecks() {
		Map<FailedCheck, Long> counts = this.latestFailures.entrySet().stream()
			.filter((entry) -> hasLearner(entry.getKey().learnerId()) && assigns(entry.getKey().exerciseId()))
			.flatMap((entry) -> entry.getValue().stream())
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		return counts.entrySet().stream()
			.map((entry) -> new FailingCheck(entry.getKey().exercise(), entry.getKey().check(), entry.getKey().kind(),
					entry.getKey().rule(), entry.getKey().cis(), entry.getValue()))
			.sorted(Comparator.comparingLong(FailingCheck::failing).reversed()
				.thenComparing(FailingCheck::exercise).thenComparing(FailingCheck::check))
			.toList();
	}

	/** Add up the failing checks rule by rule; checks that apply no rule (quizzes, probes) have none to add to. */
	private static List<FailingRule> failingRules(List<FailingCheck> failing) {
		record RuleKey(String rule, String cis) {
		}
		return failing.stream().filter((check) -> check.rule() != null)
			.collect(Collectors.groupingBy((check) -> new RuleKey(check.rule(), check.cis()),
					Collectors.summingLong(FailingCheck::failing)))
			.entrySet().stream()
			.map((entry) -> new FailingRule(entry.getKey().rule(), entry.getKey().cis(), entry.getValue()))
			.sorted(Comparator.comparingLong(FailingRule::failing).reversed().thenComparing(FailingRule::rule))
			.limit(MOST_FAILED)
			.toList();
	}

	record Attempted(long learnerId, String exerciseId) {
	}

	/** @param improvedAt when the best score was first reached */
	record Summary(long attempts, int bestScore, int maxScore, Instant firstPassedAt, Instant lastAttemptAt,
			Instant improvedAt) {
	}

	record FailedCheck(String exercise, String check, String kind, String rule, String cis) {
	}

}
