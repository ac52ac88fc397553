package io.cagelab.sandbox;

/**
 * The labels on every sandbox container: the engine is the truth for what exists, the database for what should.
 */
public final class SandboxLabels {

	public static final String OWNER = "io.cagelab.owner";

	public static final String EXERCISE = "io.cagelab.exercise";

	public static final String SANDBOX = "io.cagelab.sandbox";

	/** The Cagelab installation that made the container: one reaps only its own. */
	public static final String INSTALLATION = "io.cagelab.installation";

	public static final String CREATED_AT = "io.cagelab.created-at";

	public static final String EXPIRES_AT = "io.cagelab.expires-at";

	private SandboxLabels() {
	}

}
