package io.cagelab.exercise;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cagelab.course.Language;
import io.cagelab.sandbox.SandboxProfile;

/**
 * An exercise as its trainer wrote it.
 *
 * @param id unique across the course, the name of its folder
 * @param module the course module it belongs to
 * @param kind what the learner hands in: {@code lab} (work in the sandbox), {@code run}, {@code dockerfile},
 * {@code compose} or {@code quiz}
 * @param sandbox what its sandbox needs, within the floor
 * @param folder where its spec and instructions ({@code README.en.md}, {@code README.fr.md}) are
 * @param checks what is graded, in order
 * @param solution the reference answer, which must earn full marks: the artifact, or for a lab the shell script that
 * does the lab in a fresh sandbox; empty for a quiz, whose checks hold their answers
 * @param wrongAnswers plausible mistakes, each with the checks it must fail
 * @param feedback what a learner's results reveal, attempt after attempt
 * @param starter the file the editor starts with before the learner's first hand-in, empty for an empty editor
 * @param version the version learners are served and attempts are graded against: {@link #SHIPPED} for an exercise
 * read from its folder, or the authored version a publication froze
 * @param instructions the instructions' Markdown by language when they are not files in {@code folder} (a
 * publication keeps its own, so that editing the draft never changes them); empty to read them from the folder
 */
public record Exercise(String id, String module, ExerciseKind kind, Map<Language, String> titles, SandboxProfile sandbox,
		Path folder, List<Check> checks, String solution, List<WrongAnswer> wrongAnswers, Feedback feedback,
		String starter, int version, Map<Language, String> instructions) {

	/** The version of an exercise served from its folder: a shipped one, whose history is the repository's. */
	public static final int SHIPPED = 0;

	public Exercise {
		instructions = Map.copyOf(instructions);
	}

	/** An exercise as its folder has it: served at version {@link #SHIPPED}, its instructions beside its spec. */
	public Exercise(String id, String module, ExerciseKind kind, Map<Language, String> titles, SandboxProfile sandbox,
			Path folder, List<Check> checks, String solution, List<WrongAnswer> wrongAnswers, Feedback feedback,
			String starter) {
		this(id, module, kind, titles, sandbox, folder, checks, solution, wrongAnswers, feedback, starter, SHIPPED,
				Map.of());
	}

	/** This exercise as a publication froze it: at that version, with the instructions published with it. */
	public Exercise published(int publishedVersion, Map<Language, String> publishedInstructions) {
		return new Exercise(this.id, this.module, this.kind, this.titles, this.sandbox, this.folder, this.checks,
				this.solution, this.wrongAnswers, this.feedback, this.starter, publishedVersion, publishedInstructions);
	}

	/**
	 * When the results of an attempt reveal more: every failed check shows its hint, from the second attempt its
	 * stronger hint too, and from attempt {@code solutionAfter} the reference solution and each question's answer,
	 * after which attempts are practice, never recorded. Unless the exercise sets it, the solution and the answers are
	 * shown only once earned.
	 *
	 * @param fixAfter the attempt from which the rule messages' exact fix is shown, 1 to show it at once
	 * @param solutionAfter the attempt from which the reference solution and the right answers are shown, or
	 * {@link #NEVER}
	 */
	public record Feedback(int fixAfter, int solutionAfter) {

		public static final int NEVER = Integer.MAX_VALUE;

		public static final Feedback DEFAULT = new Feedback(1, NEVER);

		/** Everything shown at once: what the author sees when validating. */
		public static final Feedback ALL = new Feedback(1, 1);

	}

	/**
	 * A mistake a learner would make, kept with the exercise so that validating it proves the checks catch it.
	 *
	 * @param content the artifact, or for a lab the script run in the sandbox
	 * @param answers quiz answers by check id
	 * @param fails check id to words its English message or hint must contain when it fails
	 */
	public record WrongAnswer(String content, Map<String, List<Integer>> answers, Map<String, String> fails) {
	}

	/** The reference answer as a submission: the solution and every quiz's right choices. */
	public Submission referenceSubmission() {
		Map<String, List<Integer>> answers = new java.util.LinkedHashMap<>();
		this.checks.stream().filter(Check.Quiz.class::isInstance).map(Check.Quiz.class::cast)
			.forEach((quiz) -> answers.put(quiz.id(), quiz.answer().stream().sorted().toList()));
		return new Submission(this.solution.isEmpty() ? null : this.solution, answers);
	}

	/** Whether learners hand in an artifact (a run line, a Dockerfile, a compose file) to be graded. */
	public boolean takesArtifact() {
		return this.kind.takesArtifact();
	}

	/** The check with this id, if the exercise has one. */
	public Optional<Check> check(String id) {
		return this.checks.stream().filter((check) -> check.id().equals(id)).findFirst();
	}

	public boolean hasCheck(String id) {
		return check(id).isPresent();
	}

	public int maxScore() {
		return this.checks.stream().mapToInt(Check::points).sum();
	}

	public String title(Language language) {
		return this.titles.getOrDefault(language, this.titles.get(Language.EN));
	}

}
