package io.cagelab.account;

/**
 * An account request that cannot be carried out, with a message fit to show to the person who made it.
 */
public class AccountException extends RuntimeException {

	private final boolean conflict;

	AccountException(String message, boolean conflict) {
		super(message);
		this.conflict = conflict;
	}

	/** Whether the request clashed with an existing account rather than being malformed. */
	public boolean isConflict() {
		return this.conflict;
	}

}
