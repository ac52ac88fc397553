package io.cagelab.sandbox;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Show an admin what the engine offers and whether sandboxes can run on it.
 */
@Controller
class HostController {

	private final HostInspector inspector;

	HostController(HostInspector inspector) {
		this.inspector = inspector;
	}

	@GetMapping("/admin/host")
	Mono<String> host(Model model) {
		return this.inspector.inspect().map((report) -> {
			model.addAttribute("report", report);
			return "admin/host";
		});
	}

}
