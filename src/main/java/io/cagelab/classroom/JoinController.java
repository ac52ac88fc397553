package io.cagelab.classroom;

import java.net.URI;
import java.util.Locale;

import io.cagelab.account.Role;
import io.cagelab.account.UserAccountService;
import io.cagelab.course.Language;
import io.cagelab.security.ClientAddress;
import io.cagelab.security.SignIn;
import io.cagelab.security.Viewer;
import io.cagelab.security.ViewerResolver;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;

/**
 * Joining a class by its code: a signed-in learner just joins; a newcomer creates a learner account, is signed in and
 * joins, from the join page or the API.
 */
@Controller
class JoinController {

	private final ClassroomService classrooms;

	private final UserAccountService accounts;

	private final ViewerResolver viewers;

	private final SignIn signIn;

	private final MessageSource messages;

	private final JoinThrottle throttle;

	JoinController(ClassroomService classrooms, UserAccountService accounts, ViewerResolver viewers, SignIn signIn,
			MessageSource messages, JoinThrottle throttle) {
		this.throttle = throttle;
		this.classrooms = classrooms;
		this.accounts = accounts;
		this.viewers = viewers;
		this.signIn = signIn;
		this.messages = messages;
	}

	/** What a join asks: the code, and for a newcomer the account to create. */
	record JoinRequest(String code, String username, String password, String language) {
	}

	record JoinedView(String classroom, String name, boolean enrolledNow) {
	}

	@PostMapping("/api/join")
	@ResponseBody
	Mono<ResponseEntity<JoinedView>> joinFromApi(@RequestBody JoinRequest request, ServerWebExchange exchange) {
		return join(request, exchange).map((joined) -> ResponseEntity
			.status(joined.enrolledNow() ? HttpStatus.CREATED : HttpStatus.OK)
			.location(URI.create("/api/classes/" + joined.classroom().id()))
			.body(new JoinedView(joined.classroom().id(), joined.classroom().name(), joined.enrolledNow())));
	}

	@GetMapping("/join/{code}")
	Mono<String> page(@PathVariable String code, Model model, ServerWebExchange exchange) {
		model.addAttribute("form", new JoinRequest(code, "", "", null));
		return render(model, exchange, null);
	}

	@PostMapping("/join/{code}")
	Mono<String> joinFromForm(@PathVariable String code, @ModelAttribute JoinRequest form, Model model,
			ServerWebExchange exchange, Locale locale) {
		JoinRequest request = new JoinRequest(code, form.username(), form.password(), form.language());
		return join(request, exchange).map((joined) -> "redirect:/classes?joined=" + joined.classroom().id())
			.onErrorResume(Refusal.class, (ex) -> {
				exchange.getResponse().setStatusCode(ex.status());
				model.addAttribute("form", new JoinRequest(code, form.username(), "", form.language()));
				return render(model, exchange, this.messages.getMessage(ex, locale));
			});
	}

	private Mono<String> render(Model model, ServerWebExchange exchange, String error) {
		model.addAttribute("error", error);
		model.addAttribute("languages", Language.values());
		return this.viewers.resolve(exchange).map((viewer) -> true).defaultIfEmpty(false).map((signedIn) -> {
			model.addAttribute("signedIn", signedIn);
			return "classes/join";
		});
	}

	/**
	 * Join as the signed-in person, or create the newcomer's account first. The code is checked before an account is
	 * made, so that a wrong code never leaves an account behind.
	 */
	private Mono<ClassroomService.Joined> join(JoinRequest request, ServerWebExchange exchange) {
		return this.throttle.throttled(ClientAddress.of(exchange), this.viewers.resolve(exchange)
			.flatMap((Viewer viewer) -> this.classrooms.join(viewer.accountId(), request.code()))
			.switchIfEmpty(Mono.defer(() -> this.classrooms.check(request.code())
				.then(this.accounts.create(request.username(), request.password(), Role.LEARNER,
						Language.fromTag(String.valueOf(request.language())).map(Language::code).orElse(null)))
				.flatMap((account) -> this.signIn.signIn(exchange, account.username())
					.then(this.classrooms.join(account.id(), request.code()))))));
	}

}
