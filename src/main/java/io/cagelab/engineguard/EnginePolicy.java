package io.cagelab.engineguard;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cagelab.sandbox.ContainerPlan;
import io.cagelab.sandbox.ContainerView;
import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxLabels;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the engine guard lets through: the few endpoints Cagelab calls, each only on this installation's containers
 * and networks, and container creation only at or above the floor. Everything else is refused with the reason.
 */
final class EnginePolicy {

	private static final Pattern CONTAINER = Pattern.compile("/containers/([A-Za-z0-9][A-Za-z0-9_.-]*)(/[a-z]+)?");

	private static final Pattern EXEC = Pattern.compile("/exec/([A-Za-z0-9]+)/(start|resize|json)");

	private static final Pattern VERSION = Pattern.compile("/v(\\d+)\\.(\\d+)/");

	private static final Pattern NETWORK = Pattern.compile("/networks/([A-Za-z0-9][A-Za-z0-9_.-]*)");

	/** What may be done to one of this installation's containers, as method and the path after its id. */
	private static final List<String> CONTAINER_ACTIONS = List.of("GET /json", "POST /start", "POST /stop",
			"POST /kill", "POST /wait", "GET /stats", "GET /logs", "POST /attach", "POST /exec", "POST /resize",
			"DELETE ");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FloorRules rules;

	private final Engine engine;

	EnginePolicy(FloorRules rules, Engine engine) {
		this.rules = rules;
		this.engine = engine;
	}

	/** Let a request through, or say why not. */
	Decision decide(HttpHead request, byte[] body) throws IOException {
		String method = request.method();
		String path = request.path();
		if (!request.plainPath()) {
			return Decision.refuse("a path with escapes or dot segments: " + request.target());
		}
		Matcher version = VERSION.matcher(request.target());
		if (version.lookingAt() && (Integer.parseInt(version.group(1)) < 1
				|| Integer.parseInt(version.group(1)) == 1 && Integer.parseInt(version.group(2)) < 24)) {
			return Decision.refuse("API version " + version.group(1) + "." + version.group(2) + " (1.24 at least)");
		}
		if (path.equals("/_ping") && (method.equals("GET") || method.equals("HEAD"))
				|| method.equals("GET") && (path.equals("/version") || path.equals("/info"))) {
			return Decision.ALLOW;
		}
		if (path.equals("/containers/json")) {
			return method.equals("GET") ? listFilter(request.query().get("filters")) : endpoint(method, path);
		}
		if (path.equals("/containers/create")) {
			return method.equals("POST") ? create(body) : endpoint(method, path);
		}
		Matcher container = CONTAINER.matcher(path);
		if (container.matches()) {
			String action = method + " " + ((container.group(2) != null) ? container.group(2) : "");
			if (!CONTAINER_ACTIONS.contains(action)) {
				return endpoint(method, path);
			}
			if (!action.equals("POST /exec") && body.length > 0) {
				// Old API versions let a start body change the host configuration, after the create was checked.
				return Decision.refuse("a body on " + method + " " + path);
			}
			if (action.equals("POST /exec")) {
				JsonNode exec = parse(body);
				if (exec == null || !CreateBody.duplicateFields(exec).isEmpty()) {
					return Decision.refuse("an exec body that is not one JSON object with each field once");
				}
				if (CreateBody.bool(exec, "Privileged")) {
					return Decision.refuse("a privileged exec");
				}
			}
			return ownContainer(container.group(1));
		}
		Matcher exec = EXEC.matcher(path);
		if (exec.matches()) {
			if (!(method + " " + exec.group(2)).matches("POST start|POST resize|GET json")) {
				return endpoint(method, path);
			}
			Engine.Lookup found = this.engine.exec(exec.group(1));
			if (found.missing()) {
				return Decision.notFound("No such exec instance: " + exec.group(1));
			}
			return ownContainer(found.value());
		}
		if (path.equals("/networks/create")) {
			return method.equals("POST") ? createNetwork(body) : endpoint(method, path);
		}
		Matcher network = NETWORK.matcher(path);
		if (network.matches() && (method.equals("GET") || method.equals("DELETE"))) {
			Engine.Lookup found = this.engine.networkInstallation(network.group(1));
			if (found.missing()) {
				return Decision.notFound("network " + network.group(1) + " not found");
			}
			return this.rules.installation().equals(found.value()) ? Decision.ALLOW
					: Decision.refuse("network " + network.group(1) + " is not this installation's");
		}
		return endpoint(method, path);
	}

	private static Decision endpoint(String method, String path) {
		return Decision.refuse("endpoint not allowed: " + method + " " + path);
	}

	private Decision ownContainer(String id) throws IOException {
		Engine.Lookup found = this.engine.containerInstallation(id);
		if (found.missing()) {
			return Decision.notFound("No such container: " + id);
		}
		return this.rules.installation().equals(found.value()) ? Decision.ALLOW
				: Decision.refuse("container " + id + " is not this installation's (label " + SandboxLabels.INSTALLATION
						+ "=" + found.value() + ")");
	}

	private Decision listFilter(String filters) {
		String own = SandboxLabels.INSTALLATION + "=" + this.rules.installation();
		JsonNode labels = (filters != null) ? CreateBody.field(parse(filters.getBytes()), "label") : null;
		boolean filtered = labels != null && (labels.isArray() && labels.valueStream().anyMatch((l) -> own.equals(l.asString()))
				|| labels.isObject() && labels.has(own) && labels.get(own).asBoolean());
		return filtered ? Decision.ALLOW : Decision.refuse("a container list without the filter label=" + own);
	}

	private Decision create(byte[] body) throws IOException {
		JsonNode create = parse(body);
		if (create == null || !create.isObject()) {
			return Decision.refuse("a create body that is not one JSON object");
		}
		List<String> duplicates = CreateBody.duplicateFields(create);
		if (!duplicates.isEmpty()) {
			return Decision.refuse("fields named twice: " + duplicates);
		}
		ContainerView view = CreateBody.view(create);
		List<String> broken = new java.util.ArrayList<>(this.rules.breaches(view));
		CreateBody.otherNetworks(create).forEach((network) -> broken.add("joins the network " + network));
		String network = view.networkMode();
		if (broken.isEmpty() && network != null && network.startsWith(ContainerPlan.NETWORK_PREFIX)) {
			// A sandbox's own network, named by the floor's prefix: it must be this installation's, not another's.
			Engine.Lookup owner = this.engine.networkInstallation(network);
			if (owner.missing() || !this.rules.installation().equals(owner.value())) {
				broken.add("the network " + network + " of " + (owner.missing() ? "no installation" : "another installation"));
			}
		}
		return broken.isEmpty() ? Decision.ALLOW : Decision.refuse("below the floor: " + String.join(", ", broken));
	}

	private Decision createNetwork(byte[] body) {
		JsonNode network = parse(body);
		if (network == null || !CreateBody.duplicateFields(network).isEmpty()) {
			return Decision.refuse("a network body that is not one JSON object with each field once");
		}
		String name = CreateBody.text(network, "Name");
		String driver = CreateBody.text(network, "Driver");
		Map<String, String> options = CreateBody.strings(CreateBody.field(network, "Options"));
		if (name == null || !name.startsWith(ContainerPlan.NETWORK_PREFIX) || !CreateBody.bool(network, "Internal")
				|| driver != null && !driver.equals("bridge")
				|| !List.of("com.docker.network.bridge.inhibit_ipv4").containsAll(options.keySet())
				|| !this.rules.installation().equals(CreateBody.strings(CreateBody.field(network, "Labels"))
					.get(SandboxLabels.INSTALLATION))) {
			return Decision.refuse("a network other than an internal " + ContainerPlan.NETWORK_PREFIX
					+ "* bridge of this installation");
		}
		return Decision.ALLOW;
	}

	private static JsonNode parse(byte[] body) {
		try {
			return (body.length > 0) ? JSON.readTree(body) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** A request let through, refused (403), or about something that does not exist (404). */
	record Decision(int status, String reason) {

		static final Decision ALLOW = new Decision(200, null);

		static Decision refuse(String reason) {
			return new Decision(403, reason);
		}

		static Decision notFound(String reason) {
			return new Decision(404, reason);
		}

		boolean allowed() {
			return this.status == 200;
		}

	}

	/** What the guard asks the engine itself before it forwards a request. */
	interface Engine {

		/** The installation label of a container, by id or name. */
		Lookup containerInstallation(String id) throws IOException;

		/** The container an exec instance runs in. */
		Lookup exec(String id) throws IOException;

		Lookup networkInstallation(String id) throws IOException;

		/** A value found (maybe {@code null}: no such label), or nothing found. */
		record Lookup(boolean missing, String value) {
		}

	}

}
