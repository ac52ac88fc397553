package io.cagelab.sandbox;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * This installation's identity on the engine: its sandboxes carry it, and it reaps only containers that do.
 */
@Component
class Installation {

	private final String id;

	Installation(DatabaseClient database, SandboxProperties properties) {
		// Read once at start-up, before any request, so blocking here costs no event-loop time.
		this.id = properties.installation().isBlank()
				? database.sql("select id from installation").map((row) -> row.get(0, String.class)).one().block()
				: properties.installation();
	}

	String id() {
		return this.id;
	}

}
