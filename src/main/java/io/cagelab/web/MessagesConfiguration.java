package io.cagelab.web;

import java.nio.charset.StandardCharsets;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The one MessageSource every user-facing text comes from: the app's messages, and the grading's own bundles, which
 * the command-line linter reads without Spring.
 */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

	@Bean
	MessageSource messageSource() {
		// The hardening rules' texts are plain text (an apostrophe is one apostrophe), not MessageFormat patterns:
		// they are asked for without arguments from a parent that never formats them.
		ResourceBundleMessageSource rules = bundles(false, "grading/rules");
		ResourceBundleMessageSource messages = bundles(true, "messages", "grading/problems");
		messages.setParentMessageSource(rules);
		return messages;
	}

	private static ResourceBundleMessageSource bundles(boolean messageFormat, String... basenames) {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasenames(basenames);
		source.setDefaultEncoding(StandardCharsets.UTF_8.name());
		// English is the base bundle: never fall back to the machine's own language instead.
		source.setFallbackToSystemLocale(false);
		source.setAlwaysUseMessageFormat(messageFormat);
		return source;
	}

}
