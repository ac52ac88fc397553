package io.cagelab.sandbox;

import io.cagelab.security.Viewer;

/**
 * The account a sandbox or a trial belongs to. What anyone may see of others' sandboxes is the {@link Viewer}'s to say.
 *
 * @param accountId the account's number, which also gives the sandbox its distinct UID
 */
public record SandboxOwner(long accountId, String username) {

	/** The viewer as the owner of what they start. */
	public static SandboxOwner of(Viewer viewer) {
		return new SandboxOwner(viewer.accountId(), viewer.username());
	}

}
