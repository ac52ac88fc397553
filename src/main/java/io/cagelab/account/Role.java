package io.cagelab.account;

/**
 * What an account may do: learners use labs, trainers run classrooms, admins run the platform.
 */
public enum Role {

	LEARNER, TRAINER, ADMIN

}
