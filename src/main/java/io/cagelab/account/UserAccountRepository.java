package io.cagelab.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts as stored in the {@code user_account} table.
 */
@Repository
public class UserAccountRepository {

	private static final String COLUMNS = "id, username, password_hash, role, created_at, disabled, language";

	private final DatabaseClient database;

	UserAccountRepository(DatabaseClient database) {
		this.database = database;
	}

	public Mono<UserAccount> findByUsername(String username) {
		return this.database.sql("select " + COLUMNS + " from user_account where username = :username")
			.bind("username", username)
			.map(UserAccountRepository::toAccount)
			.one();
	}

	public Mono<UserAccount> findById(long id) {
		return this.database.sql("select " + COLUMNS + " from user_account where id = :id").bind("id", id)
			.map(UserAccountRepository::toAccount)
			.one();
	}

	Flux<UserAccount> findAll() {
		return this.database.sql("select " + COLUMNS + " from user_account order by role, username")
			.map(UserAccountRepository::toAccount)
			.all();
	}

	Mono<Long> countByRole(Role role) {
		return this.database.sql("select count(*) from user_account where role = :role")
			.bind("role", role.name())
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<UserAccount> insert(String username, String passwordHash, Role role, String language) {
		Instant now = Instant.now();
		DatabaseClient.GenericExecuteSpec insert = this.database
			.sql("insert into user_account (username, password_hash, role, created_at, language)"
					+ " values (:username, :hash, :role, :createdAt, :language)")
			.bind("username", username)
			.bind("hash", passwordHash)
			.bind("role", role.name())
			.bind("createdAt", now.atOffset(ZoneOffset.UTC));
		return ((language != null) ? insert.bind("language", language) : insert.bindNull("language", String.class))
			.filter((statement) -> statement.returnGeneratedValues("id"))
			.map((row) -> row.get("id", Long.class))
			.one()
			.map((id) -> new UserAccount(id, username, passwordHash, role, now, false, language));
	}

	Mono<Long> countEnabled(Role role) {
		return this.database.sql("select count(*) from user_account where role = :role and not disabled")
			.bind("role", role.name())
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Void> setDisabled(long id, boolean disabled) {
		return this.database.sql("update user_account set disabled = :disabled where id = :id").bind("disabled", disabled)
			.bind("id", id).then();
	}

	Mono<Void> setRole(long id, Role role) {
		return this.database.sql("update user_account set role = :role where id = :id").bind("role", role.name())
			.bind("id", id).then();
	}

	Mono<Void> setPasswordHash(long id, String hash) {
		return this.database.sql("update user_account set password_hash = :hash where id = :id").bind("hash", hash)
			.bind("id", id).then();
	}

	Mono<Void> delete(long id) {
		return this.database.sql("delete from user_account where id = :id").bind("id", id).then();
	}

	private static UserAccount toAccount(Readable row) {
		return new UserAccount(row.get("id", Long.class), row.get("username", String.class),
				row.get("password_hash", String.class), Role.valueOf(row.get("role", String.class)),
				row.get("created_at", OffsetDateTime.class).toInstant(), Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
				row.get("language", String.class));
	}

}
