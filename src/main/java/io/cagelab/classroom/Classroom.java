package io.cagelab.classroom;

import java.time.Instant;
import java.util.List;

/**
 * A class a trainer runs: who teaches it, what it assigns, when it is open and how many may join.
 *
 * @param joinCode the code learners join with, or {@code null} when joining is switched off
 * @param opensAt when learners may start, or {@code null} for at once
 * @param closesAt when the class ends and its code stops working, or {@code null} for never
 * @param seats how many learners may join at most, or {@code null} for no limit
 * @param exercises the assigned exercises, in order
 * @param assistants trainers who help the owner and see this class only
 */
public record Classroom(String id, String name, long ownerId, String joinCode, Instant opensAt, Instant closesAt,
		Integer seats, List<String> exercises, List<Long> assistants, Instant createdAt) {

	public Classroom {
		exercises = List.copyOf(exercises);
		assistants = List.copyOf(assistants);
	}

	boolean isClosed(Instant now) {
		return this.closesAt != null && !now.isBefore(this.closesAt);
	}

}
