package io.cagelab.sandbox;

/**
 * A sandbox's resource use at one moment, against its limits, for the gauges beside the terminal.
 *
 * @param cpuPercent share of one CPU, 100 being one full CPU
 */
public record SandboxUsage(long pids, long pidsLimit, long memoryBytes, long memoryLimitBytes, double cpuPercent,
		double cpuLimitPercent) {

}
