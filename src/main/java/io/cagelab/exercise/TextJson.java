package io.cagelab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message's arguments as stored, a JSON array: a value is a string, a message {@code {"key": …, "arguments": […]}},
 * an author's text {@code {"exercise": …, "check": …, "part": "hint"}}.
 */
final class TextJson {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private TextJson() {
	}

	static String arguments(Text.Message message, JsonMapper json) {
		return json.writeValueAsString(array(message.arguments()));
	}

	static Text.Message message(String key, String arguments, JsonMapper json) {
		return new Text.Message(key, arguments(json.readTree(arguments)));
	}

	private static ArrayNode array(List<Object> arguments) {
		ArrayNode array = NODES.arrayNode();
		for (Object argument : arguments) {
			if (argument instanceof Text.Message message) {
				ObjectNode node = NODES.objectNode();
				node.put("key", message.key());
				node.set("arguments", array(message.arguments()));
				array.add(node);
			}
			else if (argument instanceof Text.Authored authored) {
				ObjectNode node = NODES.objectNode();
				node.put("exercise", authored.exerciseId());
				node.put("check", authored.checkId());
				node.put("part", authored.part().code());
				array.add(node);
			}
			else {
				array.add((String) argument);
			}
		}
		return array;
	}

	private static List<Object> arguments(JsonNode array) {
		List<Object> arguments = new ArrayList<>();
		for (JsonNode node : array) {
			if (node.has("key")) {
				arguments.add(new Text.Message(node.get("key").asString(), arguments(node.get("arguments"))));
			}
			else if (node.has("exercise")) {
				arguments.add(new Text.Authored(node.get("exercise").asString(), node.get("check").asString(),
						Text.Part.valueOf(node.get("part").asString().toUpperCase(Locale.ROOT))));
			}
			else {
				arguments.add(node.asString());
			}
		}
		return arguments;
	}

}
