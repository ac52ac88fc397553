package io.cagelab;

import java.time.Clock;
import java.util.Arrays;

import io.cagelab.backup.BackupCommand;
import io.cagelab.backup.RestoreCommand;
import io.cagelab.engineguard.GuardCommand;
import io.cagelab.exercise.ValidateCommand;
import io.cagelab.grading.LintCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CagelabApplication {

	public static void main(String[] args) throws Exception {
		// `cagelab lint` grades files and exits: no server, no database, no engine.
		if (args.length > 0 && args[0].equals("lint")) {
			LintCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		// `cagelab guard` stands in front of the engine's socket for the app: no server, no database.
		if (args.length > 0 && args[0].equals("guard")) {
			GuardCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		// `cagelab backup FILE` asks the running app for a backup; `cagelab restore FILE` unpacks one, app stopped.
		if (args.length > 0 && args[0].equals("backup")) {
			BackupCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("restore")) {
			RestoreCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		// `cagelab validate` plays every exercise's solution on the engine, then exits.
		if (args.length > 0 && args[0].equals("validate")) {
			System.exit(ValidateCommand.run(CagelabApplication.class, Arrays.copyOfRange(args, 1, args.length),
					System.out));
		}
		SpringApplication.run(CagelabApplication.class, args);
	}

	/** Time as the rest of the code sees it, so that tests can move it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
