package io.cagelab.account;

import java.time.Instant;

/**
 * A person who can log in, unless disabled.
 *
 * @param language the language the account chose, or {@code null} for the browser's
 */
public record UserAccount(long id, String username, String passwordHash, Role role, Instant createdAt,
		boolean disabled, String language) {

}
