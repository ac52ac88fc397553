package io.cagelab.classroom;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.cagelab.account.Role;
import io.cagelab.account.UserAccount;
import io.cagelab.account.UserAccountService;
import io.cagelab.course.Language;
import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manage accounts: an admin any account, a trainer the learners of their own classes (never a role); and import a
 * class's roster from CSV. Accounts a viewer may not manage do not exist for them.
 */
@RestController
class AccountsController {

	/** Rows a roster may have: more than any class, few enough to hash every password in seconds. */
	static final int MAX_ROSTER = 500;

	private final UserAccountService accounts;

	private final ClassroomService classrooms;

	AccountsController(UserAccountService accounts, ClassroomService classrooms) {
		this.accounts = accounts;
		this.classrooms = classrooms;
	}

	record AccountChange(Boolean disabled, String role, String password) {
	}

	record AccountView(long id, String username, Role role, boolean disabled) {

		static AccountView of(UserAccount account) {
			return new AccountView(account.id(), account.username(), account.role(), account.disabled());
		}

	}

	@PatchMapping("/api/accounts/{id}")
	Mono<AccountView> update(Viewer viewer, @PathVariable long id, @RequestBody AccountChange change) {
		Role role = (change.role() != null) ? parseRole(change.role()) : null;
		if (role != null && !viewer.isAdmin()) {
			return Mono.error(new Refusal(HttpStatus.FORBIDDEN, "account.refused.role-by-admin"));
		}
		return manageable(viewer, id).flatMap((account) -> {
			if (account.id() == viewer.accountId() && (Boolean.TRUE.equals(change.disabled()) || role != null)) {
				return Mono.error(new Refusal(HttpStatus.CONFLICT, "account.refused.self"));
			}
			return this.accounts.update(account, change.disabled(), role, change.password());
		}).map(AccountView::of);
	}

	@DeleteMapping("/api/accounts/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Viewer viewer, @PathVariable long id) {
		return manageable(viewer, id).flatMap((account) -> (account.id() == viewer.accountId())
				? Mono.error(new Refusal(HttpStatus.CONFLICT, "account.refused.self")) : this.accounts.delete(account));
	}

	/**
	 * Create the learners of a CSV roster ({@code username,password[,language]}, a header row allowed) and enrol them
	 * in the class. Every row is checked first: one bad row refuses the whole roster, naming its line, and nothing is
	 * created. A name that is already taken is refused too: its owner joins with the code, so that no trainer can
	 * enrol someone else's account and see their work.
	 */
	@PostMapping(path = "/api/classes/{id}/roster", consumes = { "text/csv", "text/plain" })
	@ResponseStatus(HttpStatus.CREATED)
	Flux<AccountView> importRoster(Viewer viewer, @PathVariable String id, @RequestBody String csv) {
		return this.classrooms.get(viewer, id).flatMapMany((classroom) -> {
			List<RosterRow> rows = parseRoster(csv);
			return Flux.fromIterable(rows)
				.concatMap((row) -> this.accounts.findByUsername(row.username())
					.flatMap((taken) -> Mono.<RosterRow>error(new Refusal(HttpStatus.CONFLICT,
							"account.refused.roster-taken", row.line(), row.username())))
					.defaultIfEmpty(row))
				.collectList()
				.<UserAccount>flatMapMany((checked) -> Flux.fromIterable(checked)
					.concatMap((row) -> this.accounts.create(row.username(), row.password(), Role.LEARNER, row.language())
						.flatMap((account) -> this.classrooms.enrol(classroom, account.id()).thenReturn(account))))
				.map(AccountView::of);
		});
	}

	private record RosterRow(int line, String username, String password, String language) {
	}

	private static List<RosterRow> parseRoster(String csv) {
		List<RosterRow> rows = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		List<String> lines = (csv != null) ? csv.lines().toList() : List.of();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || i == 0 && line.toLowerCase(Locale.ROOT).startsWith("username,")) {
				continue;
			}
			String[] fields = line.split(",", -1);
			if (fields.length < 2 || fields.length > 3) {
				throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "account.refused.roster-line", i + 1);
			}
			String username = fields[0].strip();
			String language = (fields.length == 3) ? Language.fromTag(fields[2].strip()).map(Language::code).orElse(null)
					: null;
			if (!UserAccountService.isValidUsername(username) || !UserAccountService.isValidPassword(fields[1])) {
				throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "account.refused.roster-row", i + 1, username);
			}
			if (!seen.add(username)) {
				throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "account.refused.roster-twice", i + 1, username);
			}
			rows.add(new RosterRow(i + 1, username, fields[1], language));
		}
		if (rows.isEmpty() || rows.size() > MAX_ROSTER) {
			throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "account.refused.roster-size", MAX_ROSTER);
		}
		return rows;
	}

	/** Return the account if the viewer may manage it: any for an admin, a learner of their classes for a trainer. */
	private Mono<UserAccount> manageable(Viewer viewer, long id) {
		return this.accounts.find(id)
			.filter((account) -> viewer.isAdmin()
					|| viewer.role() == Role.TRAINER && account.role() == Role.LEARNER && viewer.maySee(account.id()))
			.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "account.refused.not-found")));
	}

	private static Role parseRole(String role) {
		try {
			return Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new Refusal(HttpStatus.BAD_REQUEST, "account.refused.role", role);
		}
	}

}
