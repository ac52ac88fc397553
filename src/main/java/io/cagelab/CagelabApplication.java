package io.cagelab;

import java.time.Clock;
import java.util.Arrays;

import io.cagelab.grading.LintCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CagelabApplication {

	public static void main(String[] args) {
		// `cagelab lint` grades files and exits: no server, no database, no engine.
		if (args.length > 0 && args[0].equals("lint")) {
			LintCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(CagelabApplication.class, args);
	}

	/** Time as the rest of the code sees it, so that tests can move it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
