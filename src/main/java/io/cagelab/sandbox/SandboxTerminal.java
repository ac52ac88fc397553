package io.cagelab.sandbox;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A login shell with a TTY inside a sandbox, as the sandbox's own user.
 */
public interface SandboxTerminal {

	/** The bytes the shell writes, at the pace the subscriber asks for them: a slow reader slows the shell. */
	Flux<byte[]> output();

	/** Type into the shell. */
	Mono<Void> write(byte[] keys);

	Mono<Void> resize(int columns, int rows);

	/** End the shell's input and stop reading its output. */
	void close();

}
