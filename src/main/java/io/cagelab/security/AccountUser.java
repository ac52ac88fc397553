package io.cagelab.security;

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

	AccountUser(UserAccount account) {
		// A disabled account's password is still checked, then refused: Spring Security answers "disabled".
		super(account.username(), account.passwordHash(), !account.disabled(), true, true, true,
				List.of(new SimpleGrantedAuthority("ROLE_" + account.role().name())));
		this.accountId = account.id();
		this.role = account.role();
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
