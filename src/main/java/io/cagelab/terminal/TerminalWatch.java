package io.cagelab.terminal;

import java.time.Instant;

/**
 * One watch of a learner's terminal, as recorded: who watched whose sandbox, and when.
 *
 * @param learner the learner's username, or {@code null} once the account is gone
 * @param watcher the watcher's username, or {@code null} once the account is gone
 * @param endedAt when the watch ended, or {@code null} while it lasts
 */
public record TerminalWatch(String id, String sandboxId, String exerciseId, long learnerId, String learner,
		long watcherId, String watcher, Instant startedAt, Instant endedAt) {

}
