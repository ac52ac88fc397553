package io.cagelab.sandbox;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * A sandbox profile, or a container to try, that asks for something the floor forbids: a key into the app's messages
 * ({@code sandbox.floor.*}) with its arguments, for the reader's own language, and the English text as the message,
 * for logs and the exercise author's command line.
 */
public class SandboxPolicyException extends RuntimeException {

	/** What the floor refuses, each with its message. */
	public enum Refused {

		CPUS("cpus"), LIMIT("limit"), CAPABILITY("capability"), CAPABILITY_NEEDS_USERNS("capability-needs-userns"),
		ROOT_NEEDS_USERNS("root-needs-userns"), IMAGE("image"), RUNTIME("runtime"),
		RUNTIME_MISSING("runtime-missing"), NETWORK("network"), TRIAL_NEEDS_USERNS("trial.no-userns"),
		TRIAL_CAPABILITIES("trial.capabilities"), TRIAL_USER("trial.user"), TRIAL_TMPFS_COUNT("trial.tmpfs-count"),
		TRIAL_TMPFS_PATH("trial.tmpfs-path"), TRIAL_RUNTIME_MISSING("trial.runtime-missing");

		private final String key;

		Refused(String name) {
			this.key = "sandbox.floor." + name;
		}

		public String key() {
			return this.key;
		}

	}

	private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("messages", Locale.ROOT);

	private final String key;

	private final String[] arguments;

	/** Values are kept as text: a limit in bytes reads 268435456, not 268,435,456. */
	SandboxPolicyException(Refused refused, Object... arguments) {
		this(refused.key(), Arrays.stream(arguments).map(String::valueOf).toArray(String[]::new));
	}

	/** A learner's seccomp profile that would lower the floor: the first thing it lets through. */
	SandboxPolicyException(SeccompFloor.Refusal refusal) {
		this(refusal.key(), refusal.arguments().toArray(String[]::new));
	}

	private SandboxPolicyException(String key, String[] arguments) {
		super(new MessageFormat(ENGLISH.getString(key), Locale.ENGLISH).format(arguments));
		this.key = key;
		this.arguments = arguments;
	}

	/** Return the message's key in the app's messages. */
	public String key() {
		return this.key;
	}

	public String[] arguments() {
		return this.arguments.clone();
	}

}
