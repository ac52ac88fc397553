package io.cagelab.sandbox;

public enum SandboxStatus {

	/** Recorded, its container not running yet. */
	STARTING,

	/** Its container runs. */
	RUNNING

}
