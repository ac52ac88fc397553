package io.cagelab.sandbox;

/**
 * One reason behind a host verdict, named by a message code so that pages can show it in the reader's language.
 *
 * @param blocking whether this finding alone keeps sandboxes from running
 * @param code the message key under {@code host.finding.}
 */
public record HostFinding(boolean blocking, String code, Object... arguments) {

	static HostFinding blocking(String code, Object... arguments) {
		return new HostFinding(true, code, arguments);
	}

	static HostFinding fine(String code, Object... arguments) {
		return new HostFinding(false, code, arguments);
	}

	public String messageKey() {
		return "host.finding." + this.code;
	}

}
