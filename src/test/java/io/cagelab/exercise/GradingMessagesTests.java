package io.cagelab.exercise;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cagelab.sandbox.SandboxPolicyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message the grading and the sandbox floor say is written in both languages, naming the same values.
 */
class GradingMessagesTests {

	private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)[^}]*}");

	@Test
	void everyKeyTheGradingAndTheFloorUseIsInBothBundlesWithTheSameArguments() throws IOException {
		Properties english = load("messages.properties");
		Properties french = load("messages_fr.properties");
		Stream<String> keys = Stream.concat(Stream.of(GradingMessage.values()).map(GradingMessage::key),
				Stream.of(SandboxPolicyException.Refused.values()).map(SandboxPolicyException.Refused::key));
		assertThat(keys).allSatisfy((key) -> {
			assertThat(english.getProperty(key)).as("English " + key).isNotBlank();
			assertThat(french.getProperty(key)).as("French " + key).isNotBlank();
			assertThat(arguments(french.getProperty(key))).as(key).isEqualTo(arguments(english.getProperty(key)));
		});
	}

	@Test
	void keysAreNamedOnce() {
		assertThat(Stream.of(GradingMessage.values()).map(GradingMessage::key).distinct())
			.hasSize(GradingMessage.values().length);
	}

	private static Set<String> arguments(String pattern) {
		Set<String> arguments = new TreeSet<>();
		Matcher matcher = ARGUMENT.matcher(pattern);
		while (matcher.find()) {
			arguments.add(matcher.group(1));
		}
		return arguments;
	}

	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = GradingMessagesTests.class.getClassLoader().getResourceAsStream(name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
