package io.cagelab.web;

import java.util.Locale;
import java.util.ResourceBundle;

import io.cagelab.exercise.Text;
import org.junit.jupiter.api.Test;

import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One MessageSource tells the app's messages, the grading's problems and the hardening rules' texts.
 */
class MessagesConfigurationTests {

	MessageSource messages = new MessagesConfiguration().messageSource();

	@Test
	void aRuleTextIsToldAsWrittenApostrophesAndBracesIncluded() {
		for (Locale locale : new Locale[] { Locale.ENGLISH, Locale.FRENCH }) {
			ResourceBundle rules = ResourceBundle.getBundle("grading/rules", locale);
			assertThat(this.messages.getMessage("HR-09.fail", null, locale)).isEqualTo(rules.getString("HR-09.fail"))
				.contains(":(){");
			assertThat(this.messages.getMessage("HR-03.fail", null, locale)).isEqualTo(rules.getString("HR-03.fail"));
		}
		assertThat(this.messages.getMessage("HR-03.fail", null, Locale.ENGLISH)).contains("Docker's");
	}

	@Test
	void aMessageWhoseArgumentsAreMessagesIsToldInOneLanguageThroughout() {
		Text.Message unreadable = Text.of("submission.refused.unreadable", Text.of("grading.artifact.run"), 1, 12,
				Text.of("run.option.unknown", "--frobnicate"));
		assertThat(this.messages.getMessage(unreadable, Locale.FRENCH)).isEqualTo("Impossible de lire votre commande"
				+ " docker run, ligne 1, colonne 12\u00a0: option --frobnicate inconnue de docker run.");
		assertThat(this.messages.getMessage(unreadable, Locale.ENGLISH)).isEqualTo("The docker run command cannot be"
				+ " read, line 1, column 12: unknown option --frobnicate for docker run.");
		// A value is told as it is: no grouping of digits in either language.
		assertThat(this.messages.getMessage(Text.of("sandbox.floor.limit", "memory", 268435456L, 536870912L),
				Locale.FRENCH)).contains("268435456").contains("536870912");
	}

}
