package io.cagelab.security;

import java.util.Map;
import java.util.Set;

import io.cagelab.account.Role;

/**
 * Who is asking, and what they may see or act on: a learner their own work, a trainer or assistant the learners of
 * their classes on the exercises of those classes, an admin everything. Resolved once per request; everything it
 * refuses is answered as if it did not exist.
 */
public final class Viewer {

	private final long accountId;

	private final String username;

	private final Role role;

	private final TeachingScope teaching;

	Viewer(long accountId, String username, Role role, TeachingScope teaching) {
		this.accountId = accountId;
		this.username = username;
		this.role = role;
		this.teaching = teaching;
	}

	/** A viewer for work done outside a request (the reaper, the validator): it sees everything. */
	public static Viewer system() {
		return new Viewer(0, "system", Role.ADMIN, TeachingScope.NONE);
	}

	public long accountId() {
		return this.accountId;
	}

	public String username() {
		return this.username;
	}

	public Role role() {
		return this.role;
	}

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	/** Tell whether this viewer may create classes. */
	public boolean mayTeach() {
		return this.role == Role.ADMIN || this.role == Role.TRAINER;
	}

	/** Tell whether this viewer owns, assists in, or administers the class. */
	public boolean teaches(String classroomId) {
		return isAdmin() || this.teaching.classrooms().contains(classroomId);
	}

	/** Tell whether this viewer may see the learner at all: themselves, one of their classes' learners, or anyone. */
	public boolean maySee(long learnerId) {
		return isAdmin() || learnerId == this.accountId || this.teaching.learners().containsKey(learnerId);
	}

	/** Tell whether this viewer may see the learner's work on an exercise, and act on its sandbox. */
	public boolean maySee(long learnerId, String exerciseId) {
		return isAdmin() || learnerId == this.accountId
				|| this.teaching.learners().getOrDefault(learnerId, Set.of()).contains(exerciseId);
	}

	/** Tell whether this viewer may watch another person's terminal: a trainer of theirs, or an admin. */
	public boolean mayWatch(long learnerId, String exerciseId) {
		return learnerId != this.accountId && maySee(learnerId, exerciseId);
	}

	/**
	 * What a trainer teaches: the classes they own or assist in, and each learner of those classes with the exercises
	 * assigned to them there.
	 */
	public record TeachingScope(Set<String> classrooms, Map<Long, Set<String>> learners) {

		public static final TeachingScope NONE = new TeachingScope(Set.of(), Map.of());

		public TeachingScope {
			classrooms = Set.copyOf(classrooms);
			learners = Map.copyOf(learners);
		}

	}

}
