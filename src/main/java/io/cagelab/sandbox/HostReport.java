package io.cagelab.sandbox;

import java.util.List;

/**
 * Whether sandboxes can run on this host under the floor, and why.
 *
 * @param facts what the engine reported, or {@code null} when it could not be reached
 * @param findings the reasons for the verdict, blocking ones first
 * @param unsafeOverride sandboxes run although the engine lacks user namespaces, because an admin allowed it
 */
public record HostReport(EngineFacts facts, List<HostFinding> findings, boolean unsafeOverride) {

	public boolean reachable() {
		return this.facts != null;
	}

	public boolean sandboxesAllowed() {
		return this.findings.stream().noneMatch(HostFinding::blocking);
	}

	static HostReport unreachable(String reason) {
		return new HostReport(null, List.of(HostFinding.blocking("unreachable", reason)), false);
	}

}
