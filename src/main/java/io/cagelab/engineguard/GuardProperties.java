package io.cagelab.engineguard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the engine guard listens and the engine it stands in front of.
 *
 * @param listen the address the app connects to, {@code host:port} ({@code CAGELAB_ENGINE_HOST=tcp://host:port})
 * @param engine the engine's unix socket, which only the guard holds
 * @param maxConnections connections at most, each with a thread of its own (a terminal holds one for its life)
 */
@ConfigurationProperties("cagelab.guard")
public record GuardProperties(@DefaultValue("127.0.0.1:2399") String listen,
		@DefaultValue("/var/run/docker.sock") String engine, @DefaultValue("1024") int maxConnections) {

	public GuardProperties {
		if (!listen.matches(".+:\\d{1,5}")) {
			throw new IllegalArgumentException("cagelab.guard.listen must be host:port, not " + listen);
		}
		if (maxConnections < 1) {
			throw new IllegalArgumentException("cagelab.guard.max-connections must be at least 1");
		}
	}

	String host() {
		return this.listen.substring(0, this.listen.lastIndexOf(':'));
	}

	int port() {
		return Integer.parseInt(this.listen.substring(this.listen.lastIndexOf(':') + 1));
	}

}
