package io.cagelab.progress;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Attempts as they are stored, for whoever follows learners live. Nothing waits for a follower: one that falls
 * behind misses attempts, and reads progress again.
 */
@Component
public class ProgressEvents {

	private final Sinks.Many<AttemptRecorded> attempts = Sinks.many().multicast().directBestEffort();

	public Flux<AttemptRecorded> attempts() {
		return this.attempts.asFlux();
	}

	/** Tell followers about an attempt once it is stored (committed). */
	public void recorded(AttemptRecorded attempt) {
		synchronized (this.attempts) {
			this.attempts.tryEmitNext(attempt);
		}
	}

	/** A stored attempt, with its checks' verdicts in the exercise's order. */
	public record AttemptRecorded(String id, long learnerId, String exerciseId, int score, int maxScore,
			Instant submittedAt, List<CheckVerdict> verdicts) {
	}

}
