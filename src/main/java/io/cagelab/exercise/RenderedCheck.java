package io.cagelab.exercise;

/**
 * One check of an attempt as a reader sees it, in the reader's language: the shape the lab page reads.
 *
 * @param kind rule, setting, quiz, probe or runtime
 * @param rule the hardening rule of a rule check, or {@code null}
 * @param cis the CIS Docker Benchmark control behind it, empty when none applies
 * @param line the line of the artifact it points at, 0 for none
 * @param hint what to look at, only when it failed and the exercise has one
 */
public record RenderedCheck(String id, String kind, String rule, String cis, boolean passed, int points, int earned,
		int line, String message, String hint) {
}
