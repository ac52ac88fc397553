package io.cagelab.security;

import java.time.Clock;

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

	private final Clock clock;

	AccountUserDetailsService(UserAccountRepository accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		return this.accounts.findByUsername(username).map((account) -> new AccountUser(account, this.clock.instant()));
	}

}
