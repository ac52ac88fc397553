package io.cagelab.security;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * The login page. After a failed attempt it shows the user name as typed, so that only the password is typed again:
 * kept in the session for the next page, never put in a URL.
 */
@Controller
class LoginController {

	private static final String TYPED_USERNAME = LoginController.class.getName() + ".username";

	/** Longer than any user name: what is kept is only ever shown back, escaped, to whoever typed it. */
	private static final int MAX_KEPT = 64;

	@GetMapping("/login")
	Mono<String> login(ServerWebExchange exchange, Model model) {
		var query = exchange.getRequest().getQueryParams();
		model.addAttribute("failed", query.containsKey("error"));
		model.addAttribute("loggedOut", query.containsKey("logout"));
		model.addAttribute("throttled", query.containsKey("throttled"));
		return exchange.getSession().map((session) -> {
			Object typed = session.getAttributes().remove(TYPED_USERNAME);
			model.addAttribute("typedUsername", (typed != null && query.containsKey("error")) ? typed : "");
			return "login";
		});
	}

	/** Keep the user name of a failed login for the login page it is sent back to. */
	static Mono<Void> keepTypedUsername(ServerWebExchange exchange) {
		return exchange.getFormData().zipWith(exchange.getSession()).doOnNext((both) -> {
			String typed = both.getT1().getFirst("username");
			if (typed != null && !typed.isBlank()) {
				String kept = typed.strip();
				both.getT2().getAttributes().put(TYPED_USERNAME, kept.substring(0, Math.min(kept.length(), MAX_KEPT)));
			}
		}).then();
	}

}
