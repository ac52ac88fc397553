package io.cagelab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, with its database file in a fresh folder and the real engine.
 * Test classes share one running application, so each one creates the accounts it needs under its own names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class IntegrationTest {

	public static final String ADMIN_PASSWORD = "admin-secret-1";

	protected static final Path DATA_DIR = createDataDir();

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("cagelab.data-dir", DATA_DIR::toString);
		registry.add("cagelab.admin-password", () -> ADMIN_PASSWORD);
	}

	private static Path createDataDir() {
		try {
			Path parent = Files.createDirectories(Path.of("target", "test-data"));
			return Files.createTempDirectory(parent.toAbsolutePath(), "run-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
