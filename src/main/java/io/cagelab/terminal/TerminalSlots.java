package io.cagelab.terminal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cagelab.sandbox.SandboxException;

/**
 * The open terminals, counted per sandbox and per account from the moment a socket is admitted until it ends.
 */
final class TerminalSlots {

	private final TerminalProperties properties;

	private final Map<String, Integer> perSandbox = new HashMap<>();

	private final Map<Long, Integer> perAccount = new HashMap<>();

	TerminalSlots(TerminalProperties properties) {
		this.properties = properties;
	}

	/** Take a slot, or refuse with the cap that is reached. */
	synchronized Slot take(String sandboxId, long accountId) {
		if (this.perSandbox.getOrDefault(sandboxId, 0) >= this.properties.maxPerSandbox()) {
			throw new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-terminals-here",
					this.properties.maxPerSandbox());
		}
		if (this.perAccount.getOrDefault(accountId, 0) >= this.properties.maxPerLearner()) {
			throw new SandboxException(SandboxException.Reason.TOO_MANY, "too-many-terminals-of-yours",
					this.properties.maxPerLearner());
		}
		this.perSandbox.merge(sandboxId, 1, Integer::sum);
		this.perAccount.merge(accountId, 1, Integer::sum);
		return new Slot(sandboxId, accountId);
	}

	private synchronized void release(String sandboxId, long accountId) {
		// Counts that fall to zero go, so that the maps hold only what is open.
		this.perSandbox.computeIfPresent(sandboxId, (id, count) -> (count > 1) ? count - 1 : null);
		this.perAccount.computeIfPresent(accountId, (id, count) -> (count > 1) ? count - 1 : null);
	}

	/** One open terminal; releasing it twice releases it once. */
	final class Slot {

		private final String sandboxId;

		private final long accountId;

		private final AtomicBoolean released = new AtomicBoolean();

		private Slot(String sandboxId, long accountId) {
			this.sandboxId = sandboxId;
			this.accountId = accountId;
		}

		void release() {
			if (this.released.compareAndSet(false, true)) {
				TerminalSlots.this.release(this.sandboxId, this.accountId);
			}
		}

	}

}
