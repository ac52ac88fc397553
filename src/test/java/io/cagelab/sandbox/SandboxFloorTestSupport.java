package io.cagelab.sandbox;

/**
 * The floor with its default settings, for tests outside this package.
 */
public final class SandboxFloorTestSupport {

	public static SandboxFloor defaultFloor() {
		return new SandboxFloor(SandboxFloorTests.FLOOR);
	}

	private SandboxFloorTestSupport() {
	}

}
