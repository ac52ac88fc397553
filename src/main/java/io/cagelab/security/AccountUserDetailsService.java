package io.cagelab.security;

import io.cagelab.account.UserAccountRepository;
import reactor.core.publisher.Mono;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * Look up the accounts that Spring Security checks passwords against.
 */
@Component
class AccountUserDetailsService implements ReactiveUserDetailsService {

	private final UserAccountRepository accounts;

	AccountUserDetailsService(UserAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		return this.accounts.findByUsername(username).map(AccountUser::new);
	}

}
