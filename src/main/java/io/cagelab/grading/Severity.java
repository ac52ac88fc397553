package io.cagelab.grading;

public enum Severity {

	CRITICAL, HIGH, MEDIUM, LOW, INFO

}
