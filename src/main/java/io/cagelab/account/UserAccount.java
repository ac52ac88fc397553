package io.cagelab.account;

import java.time.Instant;

/**
 * A person who can log in.
 */
public record UserAccount(long id, String username, String passwordHash, Role role, Instant createdAt) {

}
