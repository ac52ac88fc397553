package io.cagelab.authoring;

import io.cagelab.web.Refusal;

import org.springframework.http.HttpStatus;

/** An authoring request refused for a reason the trainer can act on, told in their language. */
class AuthoringException extends Refusal {

	AuthoringException(HttpStatus status, String key, Object... arguments) {
		super(status, key, arguments);
	}

	static AuthoringException notFound(String id) {
		return new AuthoringException(HttpStatus.NOT_FOUND, "authoring.not-found", id);
	}

}
