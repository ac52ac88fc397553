package io.cagelab.backup;

/** A backup or restore that could not be done, with what was wrong and what was (not) changed. */
public class BackupException extends Exception {

	BackupException(String message) {
		super(message);
	}

	BackupException(String message, Throwable cause) {
		super(message, cause);
	}

}
