package io.cagelab.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * When each account last changed in a way that ends its sessions (disabled, deleted, another role, a new password).
 * Sessions live in memory, so this does too: after a restart there is no session older than it.
 */
@Component
public class AccountChanges {

	private final Map<Long, Instant> changedAt = new ConcurrentHashMap<>();

	private final Clock clock;

	AccountChanges(Clock clock) {
		this.clock = clock;
	}

	void changed(long accountId) {
		this.changedAt.put(accountId, this.clock.instant());
	}

	/** Tell whether a session signed in at {@code signedInAt} was signed in before its account last changed. */
	public boolean changedSince(long accountId, Instant signedInAt) {
		Instant changed = this.changedAt.get(accountId);
		return changed != null && !changed.isBefore(signedInAt);
	}

}
