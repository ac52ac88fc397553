package io.cagelab.sandbox;

import reactor.core.publisher.Flux;

/**
 * A login shell with a TTY inside a sandbox, as the sandbox's own user.
 */
public interface SandboxTerminal {

	/** The bytes the shell writes, at the pace the subscriber asks for them: a slow reader slows the shell. */
	Flux<byte[]> output();

	/**
	 * Type into the shell, without waiting. What the shell has not read yet is held up to a bound, and keys beyond it
	 * are dropped, never queued; a lone Ctrl-C jumps the queue and discards the keys still waiting, as the TTY does,
	 * and interrupts the foreground job even when the TTY is too full to take it.
	 *
	 * @return false when keys were dropped: these, or, for a Ctrl-C, those that were waiting
	 */
	boolean type(byte[] keys);

	/** Size the TTY, without waiting; sizes asked faster than they can be applied give way to the latest. */
	void resize(int columns, int rows);

	/** End the shell's input and stop reading its output. */
	void close();

}
