package io.cagelab.grading;

import java.util.Set;
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
 */
public record HardeningRule(String id, String cis, String references, Severity severity, Set<Kind> kinds,
		String setting, Predicate<ContainerModel> passes) {

}
