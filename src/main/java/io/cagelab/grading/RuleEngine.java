package io.cagelab.grading;

import java.util.List;
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
		ResourceBundle messages = ResourceBundle.getBundle("grading/rules", language.locale(), NO_FALLBACK);
		return this.rules.stream().filter((rule) -> rule.kinds().contains(container.kind())).map((rule) -> {
			boolean passed = rule.passes().test(container);
			return new RuleVerdict(rule.id(), rule.cis(), rule.references(), rule.severity(), passed,
					container.lineOf(rule.setting()), messages.getString(rule.id() + (passed ? ".pass" : ".fail")));
		}).toList();
	}

}
