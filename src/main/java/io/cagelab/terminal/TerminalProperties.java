package io.cagelab.terminal;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many terminals may be open at once. Each one holds a shell, an engine connection and two threads: the caps keep
 * one learner from holding many.
 *
 * @param maxPerSandbox open terminals to one sandbox at most, whoever opens them
 * @param maxPerLearner open terminals of one account at most, over all the sandboxes it reaches
 */
@Validated
@ConfigurationProperties("cagelab.terminal")
public record TerminalProperties(@DefaultValue("4") @Min(1) int maxPerSandbox,
		@DefaultValue("8") @Min(1) int maxPerLearner) {

}
