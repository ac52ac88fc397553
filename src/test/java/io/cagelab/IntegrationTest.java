package io.cagelab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, with its database file in a fresh folder and the real engine (tagged
 * {@code engine}: `-DexcludedGroups=engine` leaves these out).
 * Test classes share one running application, so each one creates the accounts it needs under its own names.
 */
@Tag("engine")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

	public static final String ADMIN_PASSWORD = "admin-secret-1";

	public static final String LEARNER_PASSWORD = "learner-pass-1";

	/**
	 * The installation the tests' sandboxes belong to: one per test JVM (surefire numbers them), so that test JVMs
	 * running side by side never touch each other's sandboxes.
	 */
	public static final String INSTALLATION = System.getProperty("cagelab.tests.installation", "cagelab-tests")
			+ System.getProperty("cagelab.tests.fork", "");

	protected static final Path DATA_DIR = createDataDir();

	@LocalServerPort
	protected int port;

	/** A client to the running app; each request opens its own connection, like separate browser tabs. */
	protected WebTestClient client;

	@BeforeEach
	void connect() {
		// Pooled connections let a response body that a test never reads leak into the next exchange. Each test class
		// comes from a loopback address of its own, as separate machines would: the failed logins one class makes on
		// purpose never slow down another's through the per-address login throttle.
		String address = "127.42." + (Math.floorMod(getClass().getName().hashCode(), 250) + 1) + ".1";
		HttpClient http = HttpClient.newConnection().bindAddress(() -> new InetSocketAddress(address, 0));
		this.client = WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * A client whose requests come from another loopback address (Linux routes all of 127.0.0.0/8 to this host), for
	 * tests whose failed logins must not count against the address that every other test logs in from.
	 */
	protected WebTestClient clientFrom(String loopbackAddress) {
		HttpClient http = HttpClient.newConnection().bindAddress(() -> new InetSocketAddress(loopbackAddress, 0));
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("cagelab.data-dir", DATA_DIR::toString);
		registry.add("cagelab.admin-password", () -> ADMIN_PASSWORD);
		// Tests reap when they mean to; a background pass would race them.
		registry.add("cagelab.sandbox.reap-interval", () -> "1h");
		// One name for every test run: the next run's start-up reaping removes what an interrupted run left. Runs side
		// by side on one engine (two work trees) name themselves apart, so that neither reaps the other's sandboxes.
		registry.add("cagelab.sandbox.installation", () -> INSTALLATION);
	}

	/** Text as Thymeleaf writes it into a page. */
	protected static String escaped(String text) {
		return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
			.replace("\"", "&quot;");
	}

	protected BrowserSession adminSession() {
		return BrowserSession.loggedIn(this.client, "admin", ADMIN_PASSWORD);
	}

	/** Log in as an account of this role, creating it the first time; tests share one app, so names are unique. */
	protected BrowserSession loggedIn(String username, String role) {
		adminSession().postJson("/api/admin/users", Map.of("username", username, "password", LEARNER_PASSWORD, "role", role))
			.expectStatus().value((status) -> assertThat(status).isIn(201, 409));
		return BrowserSession.loggedIn(this.client, username, LEARNER_PASSWORD);
	}

	protected BrowserSession learner(String username) {
		return loggedIn(username, "LEARNER");
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
