package io.cagelab.exercise;

import java.time.Clock;
import java.util.Locale;

import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxOwner;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Check a hand-in against an exercise's draft as its author previews it: graded as a learner's hand-in is, its probes
 * in the author's preview sandbox, every hint, fix and the solution shown at once, and nothing recorded (no attempt,
 * no progress, nothing on a dashboard).
 */
@Component
public class PreviewGrading {

	private final ExerciseGrader grader;

	private final TextRenderer renderer;

	private final MessageSource messages;

	private final Clock clock;

	PreviewGrading(ExerciseGrader grader, TextRenderer renderer, MessageSource messages, Clock clock) {
		this.grader = grader;
		this.renderer = renderer;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * Grade the hand-in, answered as the submissions API answers a learner's so that the lab page shows it alike.
	 *
	 * @param version the draft's version, which the answer names as the one graded
	 */
	public Mono<SubmissionView> grade(SandboxOwner author, Exercise draft, int version, Submission submission,
			Locale locale) {
		Disclosure everything = Disclosure.everything();
		return this.grader.grade(author, Sandbox.previewOf(draft.id()), draft, submission)
			.map((grade) -> new SubmissionView(null, draft.id(), version, grade.score(), grade.maxScore(),
					grade.fullMarks(), this.clock.instant(),
					this.renderer.checks(grade.checks(), draft, locale, everything), 0,
					this.renderer.solution(draft, everything, grade.fullMarks()),
					this.messages.getMessage("preview.not-recorded", null, locale), false));
	}

}
