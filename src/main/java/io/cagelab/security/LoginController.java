package io.cagelab.security;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ServerWebExchange;

@Controller
class LoginController {

	@GetMapping("/login")
	String login(ServerWebExchange exchange, Model model) {
		var query = exchange.getRequest().getQueryParams();
		model.addAttribute("failed", query.containsKey("error"));
		model.addAttribute("loggedOut", query.containsKey("logout"));
		model.addAttribute("throttled", query.containsKey("throttled"));
		return "login";
	}

}
