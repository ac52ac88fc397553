package io.cagelab;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CagelabApplication {

	public static void main(String[] args) {
		SpringApplication.run(CagelabApplication.class, args);
	}

	/** Time as the rest of the code sees it, so that tests can move it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
