package io.cagelab.account;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Let an admin list accounts and create trainers and learners, from a page or the JSON API.
 */
@Controller
class AdminUsersController {

	private final UserAccountService accounts;

	private final MessageSource messages;

	AdminUsersController(UserAccountService accounts, MessageSource messages) {
		this.accounts = accounts;
		this.messages = messages;
	}

	@GetMapping("/admin/users")
	String page(@RequestParam(required = false) String created, Model model) {
		model.addAttribute("created", created);
		return render(model, new NewAccount("", "", Role.LEARNER.name()), null);
	}

	@PostMapping("/admin/users")
	Mono<String> createFromForm(@ModelAttribute NewAccount form, Model model, Locale locale) {
		return create(form).map((account) -> "redirect:/admin/users?created=" + account.username())
			.onErrorResume(AccountException.class, (ex) -> Mono.just(render(model, form.withoutPassword(),
					this.messages.getMessage(ex, locale))));
	}

	@GetMapping("/api/admin/users")
	@ResponseBody
	Flux<AccountView> list() {
		return this.accounts.findAll().map(AccountView::of);
	}

	@PostMapping("/api/admin/users")
	@ResponseBody
	Mono<ResponseEntity<AccountView>> createFromApi(@RequestBody NewAccount request) {
		return create(request).map((account) -> ResponseEntity.created(URI.create("/api/admin/users/" + account.id()))
			.body(AccountView.of(account)));
	}

	private Mono<UserAccount> create(NewAccount request) {
		return Mono.defer(() -> this.accounts.create(request.username(), request.password(), request.parsedRole()));
	}

	private String render(Model model, NewAccount form, String error) {
		model.addAttribute("accounts", this.accounts.findAll().map(AccountView::of));
		model.addAttribute("roles", Role.values());
		model.addAttribute("form", form);
		model.addAttribute("error", error);
		return "admin/users";
	}

	record NewAccount(String username, String password, String role) {

		Role parsedRole() {
			if (this.role == null || this.role.isBlank()) {
				return Role.LEARNER;
			}
			try {
				return Role.valueOf(this.role.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new AccountException(HttpStatus.BAD_REQUEST, "role", this.role);
			}
		}

		NewAccount withoutPassword() {
			return new NewAccount(this.username, "", this.role);
		}

	}

	record AccountView(long id, String username, Role role, Instant createdAt) {

		static AccountView of(UserAccount account) {
			return new AccountView(account.id(), account.username(), account.role(), account.createdAt());
		}

	}

}
