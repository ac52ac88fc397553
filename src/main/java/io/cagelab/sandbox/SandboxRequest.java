package io.cagelab.sandbox;

import java.time.Instant;

/**
 * Who wants a sandbox, for which exercise, with which profile, and for how long.
 */
record SandboxRequest(String installation, String sandboxId, SandboxOwner owner, String exerciseId, SandboxProfile profile,
		Instant createdAt, Instant expiresAt) {

}
