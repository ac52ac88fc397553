package io.cagelab.grading;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import io.cagelab.course.Language;

/**
 * Grade a container against every hardening rule and explain each verdict in the learner's language.
 */
public final class RuleEngine {

	/** English is the base bundle: never fall back to the machine's own language instead. */
	private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control
		.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

	private final List<HardeningRule> rules;

	public RuleEngine(List<HardeningRule> rules) {
		this.rules = List.copyOf(rules);
	}

	public List<RuleVerdict> grade(ContainerModel container, Language language) {
		ResourceBundle messages = messages(language);
		return this.rules.stream().filter((rule) -> rule.kinds().contains(container.kind())).map((rule) -> {
			boolean passed = rule.passes().test(container);
			String setting = passed ? rule.setting() : rule.fault().apply(container);
			String key = key(messages, rule, passed, setting, container.kind());
			String cis = passed ? rule.cis() : String.join(", ", rule.failing().apply(container));
			Severity severity = passed ? rule.severity() : rule.severityOf().apply(container);
			return new RuleVerdict(rule.id(), cis, rule.references(), severity, passed, container.lineOf(setting),
					messages.getString(key), key);
		}).toList();
	}

	static ResourceBundle messages(Language language) {
		return ResourceBundle.getBundle("grading/rules", language.locale(), NO_FALLBACK);
	}

	/** The keys a verdict's text may have, most precise first: for its cause and kind, its cause, its kind, the rule. */
	static List<String> keys(HardeningRule rule, boolean passed, String setting, Kind kind) {
		String verdict = rule.id() + (passed ? ".pass" : ".fail");
		String ofKind = "." + kind.name().toLowerCase(Locale.ROOT);
		if (setting.equals(rule.setting())) {
			return List.of(verdict + ofKind, verdict);
		}
		String cause = verdict + "." + setting;
		return List.of(cause + ofKind, cause, verdict + ofKind, verdict);
	}

	/**
	 * The key of the most precise text the messages have: {@code HR-21.fail.volumes-from.compose}, then
	 * {@code HR-21.fail.volumes-from}, {@code HR-21.fail.compose} and the rule's own {@code HR-21.fail}, which is
	 * written for run lines.
	 */
	private static String key(ResourceBundle messages, HardeningRule rule, boolean passed, String setting, Kind kind) {
		for (String key : keys(rule, passed, setting, kind)) {
			if (messages.containsKey(key)) {
				return key;
			}
		}
		throw new MissingResourceException("no message for " + rule.id(), "grading/rules", rule.id());
	}

}
