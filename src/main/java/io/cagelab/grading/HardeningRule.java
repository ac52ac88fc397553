package io.cagelab.grading;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One hardening rule over the container model.
 *
 * @param id stable identifier ({@code HR-09}), also the key of its messages
 * @param cis the CIS Docker Benchmark 1.6.0 control, empty when none applies
 * @param references other tools' ids for the same check (Trivy, hadolint, KICS)
 * @param kinds the kinds of submission the rule applies to
 * @param setting the model setting a finding points at
 * @param passes whether a container satisfies the rule
 * @param fault the setting at fault in a container that fails: the line a finding points at and, when the messages
 * have a text of their own for it ({@code HR-21.fail.volumes-from}), the text that explains it
 */
public record HardeningRule(String id, String cis, String references, Severity severity, Set<Kind> kinds,
		String setting, Predicate<ContainerModel> passes, Function<ContainerModel, String> fault) {

	/** A rule whose findings always point at its setting and are explained by its own message. */
	public HardeningRule(String id, String cis, String references, Severity severity, Set<Kind> kinds, String setting,
			Predicate<ContainerModel> passes) {
		this(id, cis, references, severity, kinds, setting, passes, (container) -> setting);
	}

	/** The same rule, for which {@code fault} tells what is at fault in a container that fails it. */
	HardeningRule blaming(Function<ContainerModel, String> fault) {
		return new HardeningRule(this.id, this.cis, this.references, this.severity, this.kinds, this.setting,
				this.passes, fault);
	}

}
