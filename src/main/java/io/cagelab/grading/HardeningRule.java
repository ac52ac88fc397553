package io.cagelab.grading;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One hardening rule over the container model.
 *
 * @param id stable identifier ({@code HR-09}), also the key of its messages
 * @param cis the CIS Docker Benchmark 1.6.0 controls, comma-separated, empty when none applies
 * @param references other tools' ids for the same check (Trivy, hadolint, KICS)
 * @param kinds the kinds of submission the rule applies to
 * @param setting the model setting a finding points at
 * @param passes whether a container satisfies the rule
 * @param fault the setting at fault in a container that fails: the line a finding points at and, when the messages
 * have a text of their own for it ({@code HR-21.fail.volumes-from}), the text that explains it
 * @param failing the controls a container that fails the rule fails: for a rule that tests several controls with
 * different conditions, only those whose own condition fails
 * @param severityOf how bad a failure is in that container: the rule's severity, or less for a lesser fault
 */
public record HardeningRule(String id, String cis, String references, Severity severity, Set<Kind> kinds,
		String setting, Predicate<ContainerModel> passes, Function<ContainerModel, String> fault,
		Function<ContainerModel, List<String>> failing, Function<ContainerModel, Severity> severityOf) {

	/** A rule whose findings always point at its setting and are explained by its own message. */
	public HardeningRule(String id, String cis, String references, Severity severity, Set<Kind> kinds, String setting,
			Predicate<ContainerModel> passes) {
		this(id, cis, references, severity, kinds, setting, passes, (container) -> setting,
				(container) -> controls(cis), (container) -> severity);
	}

	/** The controls of {@code cis}, as a list: "5.8, 5.14" is [5.8, 5.14]. */
	public static List<String> controls(String cis) {
		return cis.isBlank() ? List.of() : Arrays.stream(cis.split(",")).map(String::strip).toList();
	}

	/** Every control the rule tests. */
	public List<String> controls() {
		return controls(this.cis);
	}

	/** The same rule, for which {@code fault} tells what is at fault in a container that fails it. */
	HardeningRule blaming(Function<ContainerModel, String> fault) {
		return new HardeningRule(this.id, this.cis, this.references, this.severity, this.kinds, this.setting,
				this.passes, fault, this.failing, this.severityOf);
	}

	/** The same rule, whose failures report only the controls that {@code failing} names. */
	HardeningRule reporting(Function<ContainerModel, List<String>> failing) {
		return new HardeningRule(this.id, this.cis, this.references, this.severity, this.kinds, this.setting,
				this.passes, this.fault, failing, this.severityOf);
	}

	/** The same rule, whose failures are as severe as {@code severityOf} says. */
	HardeningRule grading(Function<ContainerModel, Severity> severityOf) {
		return new HardeningRule(this.id, this.cis, this.references, this.severity, this.kinds, this.setting,
				this.passes, this.fault, this.failing, severityOf);
	}

}
