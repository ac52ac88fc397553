package io.cagelab.engineguard;

import java.io.IOException;
import java.nio.file.Path;

import io.cagelab.sandbox.FloorRules;
import io.cagelab.sandbox.SandboxProperties;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code cagelab guard}: run the engine guard until stopped. It reads the floor as the app does
 * ({@code cagelab.sandbox.*}, {@code CAGELAB_SANDBOX_*}), and needs the installation named
 * ({@code CAGELAB_SANDBOX_INSTALLATION}), since it has no database to read it from.
 */
public final class GuardCommand {

	private GuardCommand() {
	}

	public static void main(String[] args) throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));
		GuardProperties guard = binder.bindOrCreate("cagelab.guard", Bindable.of(GuardProperties.class));
		SandboxProperties floor = binder.bindOrCreate("cagelab.sandbox", Bindable.of(SandboxProperties.class));
		if (floor.installation().isBlank()) {
			LoggerFactory.getLogger(GuardCommand.class)
				.error("The engine guard needs the installation it serves: set CAGELAB_SANDBOX_INSTALLATION "
						+ "(or --cagelab.sandbox.installation), as for the app");
			System.exit(2);
		}
		String unreachable = socketProblem(Path.of(guard.engine()));
		if (unreachable != null) {
			LoggerFactory.getLogger(GuardCommand.class).error(unreachable);
			System.exit(2);
		}
		EngineGuard running = EngineGuard.start(guard, FloorRules.of(floor, floor.installation()));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				running.close();
			}
			catch (Exception ex) {
				// Stopping anyway.
			}
		}));
		Thread.currentThread().join();
	}

	/**
	 * Say why the engine's socket cannot be opened, or {@code null} when it can: a guard that starts anyway would
	 * only answer every call with an error, far from its cause (in compose, the socket's group in DOCKER_GID).
	 */
	static String socketProblem(Path socket) {
		try (EngineSocket ignored = new EngineSocket(socket)) {
			return null;
		}
		catch (IOException ex) {
			return "The engine guard cannot open the engine's socket " + socket + " (" + ex.getMessage() + "): it must "
					+ "run with the socket's group (in compose, DOCKER_GID in .env: stat -c %g " + socket + ")";
		}
	}

}
