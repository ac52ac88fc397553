package io.cagelab.sandbox;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * What happens to sandboxes, as it happens, for whoever follows learners live (a class's dashboard). Nothing waits
 * for a follower: one that falls behind misses changes, and reads the state again.
 */
@Component
public class SandboxEvents {

	private final Sinks.Many<SandboxChange> changes = Sinks.many().multicast().directBestEffort();

	public Flux<SandboxChange> changes() {
		return this.changes.asFlux();
	}

	/** What happens to one sandbox from now on: its starts, resets, new times and its removal, not its activity. */
	public Flux<SandboxChange> changesOf(String sandboxId) {
		return changes().filter((change) -> change.sandbox() != null && change.sandbox().id().equals(sandboxId));
	}

	void changed(Sandbox sandbox) {
		emit(new SandboxChange(sandbox, false, null));
	}

	void removed(Sandbox sandbox) {
		emit(new SandboxChange(sandbox, true, null));
	}

	void active(String sandboxId, Instant when) {
		emit(new SandboxChange(null, false, new Activity(sandboxId, when)));
	}

	private void emit(SandboxChange change) {
		// Emitters are many threads; the sink takes one signal at a time.
		synchronized (this.changes) {
			this.changes.tryEmitNext(change);
		}
	}

	/**
	 * A sandbox started, reset, given more time or removed ({@code sandbox} as it now is, or was), or only used
	 * ({@code activity}, which names no owner: a follower knows the sandbox already).
	 */
	public record SandboxChange(Sandbox sandbox, boolean removed, Activity activity) {
	}

	public record Activity(String sandboxId, Instant at) {
	}

}
