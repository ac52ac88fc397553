package io.cagelab.sandbox;

/**
 * What a command run inside a sandbox ended with.
 *
 * @param output standard output and error, cut at a bounded size
 */
public record ProbeResult(int exitCode, String output) {

}
