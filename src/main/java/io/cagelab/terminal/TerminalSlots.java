package io.cagelab.terminal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cagelab.sandbox.SandboxException;

/**
 * The open terminals (or watches), counted per sandbox and per account from the moment a socket is admitted until it
 * ends.
 */
final class TerminalSlots {

	private final int maxPerSandbox;

	private final int maxPerAccount;

	private final String sandboxCapKey;

	private final String accountCapKey;

	private final Map<String, Integer> perSandbox = new HashMap<>();

	private final Map<Long, Integer> perAccount = new HashMap<>();

	private TerminalSlots(int maxPerSandbox, int maxPerAccount, String sandboxCapKey, String accountCapKey) {
		this.maxPerSandbox = maxPerSandbox;
		this.maxPerAccount = maxPerAccount;
		this.sandboxCapKey = sandboxCapKey;
		this.accountCapKey = accountCapKey;
	}

	/** The slots of terminals: each holds a shell. */
	static TerminalSlots terminals(TerminalProperties properties) {
		return new TerminalSlots(properties.maxPerSandbox(), properties.maxPerLearner(), "too-many-terminals-here",
				"too-many-terminals-of-yours");
	}

	/** The slots of watches: each holds output for its watcher. */
	static TerminalSlots watches(TerminalProperties properties) {
		return new TerminalSlots(properties.maxWatchersPerSandbox(), properties.maxWatchesPerAccount(),
				"too-many-watchers-here", "too-many-watches-of-yours");
	}

	/** Take a slot, or refuse with the cap that is reached. */
	synchronized Slot take(String sandboxId, long accountId) {
		if (this.perSandbox.getOrDefault(sandboxId, 0) >= this.maxPerSandbox) {
			throw new SandboxException(SandboxException.Reason.TOO_MANY, this.sandboxCapKey, this.maxPerSandbox);
		}
		if (this.perAccount.getOrDefault(accountId, 0) >= this.maxPerAccount) {
			throw new SandboxException(SandboxException.Reason.TOO_MANY, this.accountCapKey, this.maxPerAccount);
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
