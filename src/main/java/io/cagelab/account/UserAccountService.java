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

	private final AccountChanges changes;

	UserAccountService(UserAccountRepository accounts, PasswordEncoder passwordEncoder, AccountChanges changes) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.changes = changes;
	}

	public Flux<UserAccount> findAll() {
		return this.accounts.findAll();
	}

	Mono<Boolean> hasAdmin() {
		return this.accounts.countByRole(Role.ADMIN).map((count) -> count > 0);
	}

	public Mono<UserAccount> findByUsername(String username) {
		return this.accounts.findByUsername(username);
	}

	public static boolean isValidUsername(String username) {
		return username != null && USERNAME.matcher(username).matches();
	}

	public static boolean isValidPassword(String password) {
		return password != null && password.length() >= MIN_PASSWORD_LENGTH && password.length() <= MAX_PASSWORD_LENGTH;
	}

	public Mono<UserAccount> find(long id) {
		return this.accounts.findById(id)
			.switchIfEmpty(Mono.error(() -> new AccountException(HttpStatus.NOT_FOUND, "not-found")));
	}

	/**
	 * Change what an admin or a trainer may change of an account: whether it can log in, its role, its password.
	 * Who may change which account is the caller's to decide; this keeps the rules every account follows.
	 */
	public Mono<UserAccount> update(UserAccount account, Boolean disabled, Role role, String password) {
		Mono<Void> changes = Mono.empty();
		if (account.role() == Role.ADMIN && (Boolean.TRUE.equals(disabled) || role != null && role != Role.ADMIN)) {
			changes = isLastAdmin(account).flatMap((last) -> last
					? Mono.error(new AccountException(HttpStatus.CONFLICT, "last-admin", account.username())) : Mono.empty());
		}
		if (password != null) {
			if (!isValidPassword(password)) {
				return Mono.error(new AccountException(HttpStatus.BAD_REQUEST, "password", MIN_PASSWORD_LENGTH,
						MAX_PASSWORD_LENGTH));
			}
			changes = changes.then(Mono.fromCallable(() -> this.passwordEncoder.encode(password))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((hash) -> this.accounts.setPasswordHash(account.id(), hash)));
		}
		if (disabled != null) {
			changes = changes.then(this.accounts.setDisabled(account.id(), disabled));
		}
		if (role != null) {
			changes = changes.then(this.accounts.setRole(account.id(), role));
		}
		return changes.doOnSuccess((done) -> {
			if (disabled != null || role != null || password != null) {
				this.changes.changed(account.id());
			}
		}).then(find(account.id()));
	}

	/** Delete an account; its attempts stay, anonymous, for the class statistics. The last admin stays. */
	public Mono<Void> delete(UserAccount account) {
		Mono<Boolean> last = (account.role() == Role.ADMIN) ? isLastAdmin(account) : Mono.just(false);
		return last.flatMap((isLast) -> isLast
				? Mono.error(new AccountException(HttpStatus.CONFLICT, "last-admin", account.username()))
				: this.accounts.delete(account.id()).doOnSuccess((done) -> this.changes.changed(account.id())));
	}

	private Mono<Boolean> isLastAdmin(UserAccount account) {
		return this.accounts.countEnabled(Role.ADMIN).map((admins) -> admins <= 1 && !account.disabled());
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
		if (!isValidUsername(name)) {
			return Mono.error(new AccountException(HttpStatus.BAD_REQUEST, "username"));
		}
		if (!isValidPassword(password)) {
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
