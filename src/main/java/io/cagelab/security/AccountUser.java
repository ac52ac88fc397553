package io.cagelab.security;

import java.time.Instant;
import java.util.List;

import io.cagelab.account.Role;
import io.cagelab.account.UserAccount;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * The logged-in person: Spring Security's user plus the account number that features key their data on.
 */
public class AccountUser extends User {

	private final long accountId;

	private final Role role;

	private final Instant signedInAt;

	/** The account as read to check a password: at sign-in, so {@link #signedInAt} is when the session began. */
	AccountUser(UserAccount account, Instant signedInAt) {
		// A disabled account's password is still checked, then refused: Spring Security answers "disabled".
		super(account.username(), account.passwordHash(), !account.disabled(), true, true, true,
				List.of(new SimpleGrantedAuthority("ROLE_" + account.role().name())));
		this.accountId = account.id();
		this.role = account.role();
		this.signedInAt = signedInAt;
	}

	public Instant signedInAt() {
		return this.signedInAt;
	}

	public Role role() {
		return this.role;
	}

	public long accountId() {
		return this.accountId;
	}

	public boolean hasRole(String role) {
		return getAuthorities().stream().anyMatch((authority) -> authority.getAuthority().equals("ROLE_" + role));
	}

}
