package io.cagelab.authoring;

import java.util.HashMap;
import java.util.Map;

import io.cagelab.sandbox.SandboxOwner;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The proofs running now: one per exercise, and a few at most on the host so that proving never starves learners'
 * sandboxes and trials. Each slot plays as an owner of its own, never an account: a proof neither meets the
 * trainer's own sandbox of the exercise nor waits on their trial, and two proofs never share one.
 */
@Component
class ProofSlots {

	/** The slots' owners have negative numbers, which no account has (the validator command plays as 0). */
	private static final long FIRST_OWNER = -1;

	private final int max;

	/** Exercise id to the slot its proof holds, from 0. */
	private final Map<String, Integer> running = new HashMap<>();

	ProofSlots(AuthoringProperties properties) {
		this.max = properties.maxProofs();
	}

	/** A slot held by one proof; released when the proof ends, whatever its end. */
	record Slot(String exerciseId, int number, SandboxOwner owner) {
	}

	/** Take a slot for a proof of this exercise, or refuse at once: never wait for one. */
	synchronized Slot take(String exerciseId) {
		if (this.running.containsKey(exerciseId)) {
			throw new AuthoringException(HttpStatus.CONFLICT, "authoring.prove-running", exerciseId);
		}
		for (int number = 0; number < this.max; number++) {
			if (!this.running.containsValue(number)) {
				this.running.put(exerciseId, number);
				return new Slot(exerciseId, number,
						new SandboxOwner(FIRST_OWNER - number, "cagelab-prove-" + (number + 1)));
			}
		}
		throw new AuthoringException(HttpStatus.SERVICE_UNAVAILABLE, "authoring.prove-busy", this.max);
	}

	synchronized void release(Slot slot) {
		this.running.remove(slot.exerciseId(), slot.number());
	}

}
