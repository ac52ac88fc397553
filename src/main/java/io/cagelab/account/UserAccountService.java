package io.cagelab.account;

import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Create and list accounts, enforcing the rules every account follows.
 */
@Service
public class UserAccountService {

	static final int MIN_PASSWORD_LENGTH = 8;

	private static final int MAX_PASSWORD_LENGTH = 128;

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

	private final UserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	UserAccountService(UserAccountRepository accounts, PasswordEncoder passwordEncoder) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
	}

	public Flux<UserAccount> findAll() {
		return this.accounts.findAll();
	}

	Mono<Boolean> hasAdmin() {
		return this.accounts.countByRole(Role.ADMIN).map((count) -> count > 0);
	}

	private static boolean isDuplicateUsername(Throwable ex) {
		return ex instanceof DataIntegrityViolationException && ex.getMessage() != null
				&& ex.getMessage().toUpperCase(java.util.Locale.ROOT).contains("USER_ACCOUNT_USERNAME_UNIQUE");
	}

	/**
	 * Create an account, or fail with an {@link AccountException} that says which field is wrong.
	 */
	public Mono<UserAccount> create(String username, String password, Role role) {
		return create(username, password, role, null);
	}

	/**
	 * Create an account with the language it chose (null: the browser's), or fail with an {@link AccountException}
	 * that says which field is wrong.
	 */
	public Mono<UserAccount> create(String username, String password, Role role, String language) {
		String name = (username != null) ? username.trim() : "";
		if (!USERNAME.matcher(name).matches()) {
			return Mono.error(new AccountException(HttpStatus.BAD_REQUEST, "username"));
		}
		if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
			return Mono.error(new AccountException(HttpStatus.BAD_REQUEST, "password", MIN_PASSWORD_LENGTH,
					MAX_PASSWORD_LENGTH));
		}
		if (role == null) {
			return Mono.error(new AccountException(HttpStatus.BAD_REQUEST, "role", ""));
		}
		// Hashing is deliberately slow: keep it off the event loop.
		return Mono.fromCallable(() -> this.passwordEncoder.encode(password))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((hash) -> this.accounts.insert(name, hash, role, language))
			.onErrorMap(UserAccountService::isDuplicateUsername,
					(ex) -> new AccountException(HttpStatus.CONFLICT, "taken", name));
	}

}
