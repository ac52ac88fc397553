package io.cagelab.engineguard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cagelab.sandbox.ContainerView;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /containers/create} body as the floor's rules read it. Field names are matched as the engine's Go
 * decoder matches them, ignoring case, and a body naming one field twice is refused: otherwise
 * {@code "Privileged": false, "privileged": true} would say one thing to the guard and another to the engine.
 */
final class CreateBody {

	private CreateBody() {
	}

	/** Names of a field that appear twice in one object, ignoring case, anywhere in the body. */
	static List<String> duplicateFields(JsonNode node) {
		List<String> duplicates = new ArrayList<>();
		if (node.isObject()) {
			Set<String> seen = new HashSet<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (!seen.add(entry.getKey().toLowerCase(Locale.ROOT))) {
					duplicates.add(entry.getKey());
				}
				duplicates.addAll(duplicateFields(entry.getValue()));
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> duplicates.addAll(duplicateFields(element)));
		}
		return duplicates;
	}

	static ContainerView view(JsonNode body) {
		JsonNode host = field(body, "HostConfig");
		List<ContainerView.Mount> mounts = new ArrayList<>();
		for (JsonNode mount : array(host, "Mounts")) {
			JsonNode options = field(field(field(mount, "VolumeOptions"), "DriverConfig"), "Options");
			mounts.add(new ContainerView.Mount(text(mount, "Type"), text(mount, "Source"),
					options != null && options.isObject() && !options.isEmpty()));
		}
		return new ContainerView(text(body, "Image"), strings(field(body, "Labels")), bool(host, "Privileged"),
				texts(host, "CapAdd"), texts(host, "CapDrop"), text(host, "PidMode"), text(host, "IpcMode"),
				text(host, "UTSMode"), text(host, "NetworkMode"), text(host, "UsernsMode"), text(host, "CgroupnsMode"),
				texts(host, "Binds"), mounts, texts(host, "VolumesFrom"), array(host, "Devices").size(),
				array(host, "DeviceCgroupRules").size(), array(host, "DeviceRequests").size(), texts(host, "SecurityOpt"),
				nullableTexts(host, "MaskedPaths"), nullableTexts(host, "ReadonlyPaths"), number(host, "PidsLimit"),
				number(host, "Memory"), number(host, "MemorySwap"), number(host, "NanoCpus"), number(host, "CpuQuota"),
				text(host, "Runtime"), strings(field(host, "Sysctls")));
	}

	/** Networks beyond the one of {@code NetworkMode} that the body would join. */
	static List<String> otherNetworks(JsonNode body) {
		JsonNode endpoints = field(field(body, "NetworkingConfig"), "EndpointsConfig");
		String mode = text(field(body, "HostConfig"), "NetworkMode");
		List<String> others = new ArrayList<>();
		if (endpoints != null && endpoints.isObject()) {
			endpoints.propertyNames().forEach((name) -> {
				if (!name.equals(mode)) {
					others.add(name);
				}
			});
		}
		return others;
	}

	/** A field by name, ignoring case as the engine does; {@code null} when absent or JSON null. */
	static JsonNode field(JsonNode node, String name) {
		if (node == null || !node.isObject()) {
			return null;
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				return entry.getValue().isNull() ? null : entry.getValue();
			}
		}
		return null;
	}

	static String text(JsonNode node, String name) {
		JsonNode value = field(node, name);
		return (value != null) ? value.asString() : null;
	}

	static boolean bool(JsonNode node, String name) {
		JsonNode value = field(node, name);
		return value != null && value.asBoolean();
	}

	private static Long number(JsonNode node, String name) {
		JsonNode value = field(node, name);
		return (value != null && value.isNumber()) ? value.asLong() : null;
	}

	private static List<JsonNode> array(JsonNode node, String name) {
		JsonNode value = field(node, name);
		List<JsonNode> elements = new ArrayList<>();
		if (value != null && value.isArray()) {
			value.forEach(elements::add);
		}
		else if (value != null) {
			// Not an array: the engine refuses it, and so does the floor (counted as one entry).
			elements.add(value);
		}
		return elements;
	}

	private static List<String> texts(JsonNode node, String name) {
		return array(node, name).stream().map(JsonNode::asString).toList();
	}

	private static List<String> nullableTexts(JsonNode node, String name) {
		return (field(node, name) != null) ? texts(node, name) : null;
	}

	static Map<String, String> strings(JsonNode node) {
		Map<String, String> map = new LinkedHashMap<>();
		if (node != null && node.isObject()) {
			node.properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue().asString()));
		}
		return map;
	}

}
