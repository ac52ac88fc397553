package io.cagelab.account;

import io.cagelab.web.Refusal;

import org.springframework.http.HttpStatus;

/**
 * An account request that cannot be carried out: which field is wrong, or which account it clashes with, as a
 * message key under {@code account.refused.}.
 */
public class AccountException extends Refusal {

	AccountException(HttpStatus status, String key, Object... arguments) {
		super(status, "account.refused." + key, arguments);
	}

	/** Whether the request clashed with an existing account rather than being malformed. */
	public boolean isConflict() {
		return status() == HttpStatus.CONFLICT;
	}

}
