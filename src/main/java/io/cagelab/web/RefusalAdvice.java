package io.cagelab.web;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answer every {@link Refusal} as an RFC 9457 problem whose detail is in the reader's language.
 */
@RestControllerAdvice
class RefusalAdvice {

	private final MessageSource messages;

	RefusalAdvice(MessageSource messages) {
		this.messages = messages;
	}

	@ExceptionHandler(Refusal.class)
	ResponseEntity<ProblemDetail> refused(Refusal refusal, ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(),
				this.messages.getMessage(refusal, (locale != null) ? locale : Locale.ENGLISH));
		problem.setTitle(refusal.status().getReasonPhrase());
		return ResponseEntity.status(refusal.status()).body(problem);
	}

}
