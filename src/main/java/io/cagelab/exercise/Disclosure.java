package io.cagelab.exercise;

/**
 * What the results of one attempt show, decided by the server from how many times the learner has handed the
 * exercise in: the hint first, a stronger hint from the second attempt, the rule messages' exact fix and then the
 * reference solution and the right answers from the attempts the exercise sets.
 *
 * @param attempt the attempt's number among the learner's attempts at the exercise, from 1
 */
record Disclosure(int attempt, Exercise.Feedback feedback) {

	/** Everything shown: what an author reads when validating an exercise. */
	static Disclosure everything() {
		return new Disclosure(Integer.MAX_VALUE, Exercise.Feedback.ALL);
	}

	boolean strongerHints() {
		return this.attempt >= 2;
	}

	boolean fixes() {
		return this.attempt >= this.feedback.fixAfter();
	}

	/** Whether the reference solution is shown: once earned or once the attempts the exercise allows are used up. */
	boolean solution(boolean fullMarks) {
		return fullMarks || this.attempt >= this.feedback.solutionAfter();
	}

	/**
	 * Whether an earlier attempt already showed the reference solution and every right answer: an attempt made with
	 * them in sight is graded for practice, never recorded, so that blank hand-ins cannot buy the marks.
	 */
	boolean afterTheAnswers() {
		return this.attempt > this.feedback.solutionAfter();
	}

	/** Whether a question's right answer is shown: once it is answered right or once the attempts are used up. */
	boolean answer(boolean passed) {
		return passed || this.attempt >= this.feedback.solutionAfter();
	}

}
