package io.cagelab.security;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import io.cagelab.IntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty password guesses sent at once, then the right password: the throttle counts each guess as it starts, so they
 * queue up behind growing delays instead of being checked together, and the right password gets no earlier turn.
 * Each attack comes from loopback addresses of its own, so that its guesses slow down no other test.
 */
class LoginThrottleAttackTests extends IntegrationTest {

	static final int GUESSES = 50;

	/**
	 * How long the test watches the guesses being answered before it hangs up on the ones still waiting. The bounds
	 * below hold however slow the machine: a slow one checks fewer guesses in the window, never more.
	 */
	static final Duration WINDOW = Duration.ofSeconds(3);

	@Test
	void fiftyParallelGuessesFromOneAddressAtOneAccountAreCheckedOneTurnAtATime() {
		learner("throttle-one-target");

		Attack attack = attack((i) -> "127.0.10.1", (i) -> "throttle-one-target", "127.0.10.1", "throttle-one-target");

		// Turns at one account: 4 at once, then 0.5 s, 1.5 s, 3.5 s...: no more than 6 can be checked in 3 s.
		assertThat(attack.checkedWithinWindow()).isLessThanOrEqualTo(6);
		attack.assertTheRestWaitOrAreTurnedAwayByTheThrottle();
	}

	@Test
	void fiftyParallelGuessesFromOneAddressAtFiftyAccountsQueueBehindTheAddress() {
		learner("throttle-sprayed");

		Attack attack = attack((i) -> "127.0.11.1", (i) -> "throttle-spray-" + i, "127.0.11.1", "throttle-sprayed");

		// Turns from one address: 11 at once, then 0.5 s, 1.5 s...: no more than 13 in 3 s.
		assertThat(attack.checkedWithinWindow()).isLessThanOrEqualTo(13);
		attack.assertTheRestWaitOrAreTurnedAwayByTheThrottle();
	}

	@Test
	void fiftyParallelGuessesFromFiftyAddressesAtOneAccountQueueBehindTheAccount() {
		learner("throttle-many-sources");

		Attack attack = attack((i) -> "127.0.12." + (i + 1), (i) -> "throttle-many-sources", "127.0.12.200",
				"throttle-many-sources");

		assertThat(attack.checkedWithinWindow()).isLessThanOrEqualTo(6);
		attack.assertTheRestWaitOrAreTurnedAwayByTheThrottle();
	}

	/**
	 * Send the guesses all at once, each on its own connection; once the throttle turns guesses away (its queue is
	 * full), send the right password; hang up on whatever is still waiting when the window ends.
	 */
	private Attack attack(IntFunction<String> addressOfGuess, IntFunction<String> usernameOfGuess, String ownerAddress,
			String owner) {
		LoginForm form = loginForm(ownerAddress);
		List<Outcome> answered = new CopyOnWriteArrayList<>();
		long started = System.nanoTime();
		Disposable guesses = Flux.range(0, GUESSES)
			.flatMap((i) -> attempt(addressOfGuess.apply(i), form, usernameOfGuess.apply(i), "wrong-guess-" + i, started),
					GUESSES)
			.subscribe(answered::add);
		try {
			waitUntil(() -> answered.stream().anyMatch(Outcome::turnedAway), Duration.ofSeconds(20));
			Outcome rightPassword = attempt(ownerAddress, form, owner, LEARNER_PASSWORD, started)
				.block(Duration.ofSeconds(30));
			sleepUntil(started, WINDOW);
			return new Attack(List.copyOf(answered), rightPassword);
		}
		finally {
			guesses.dispose();
		}
	}

	private Mono<Outcome> attempt(String address, LoginForm form, String username, String password, long started) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("username", username);
		fields.add("password", password);
		fields.add("_csrf", form.token());
		return client(address).post().uri("/login")
			.cookie("SESSION", form.session())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchangeToMono((response) -> {
				HttpHeaders headers = response.headers().asHttpHeaders();
				Outcome outcome = new Outcome(String.valueOf(headers.getLocation()), headers.getFirst("Retry-After"),
						Duration.ofNanos(System.nanoTime() - started));
				return response.releaseBody().thenReturn(outcome);
			});
	}

	/** The login page, as a guesser fetches it once for its session and CSRF token. */
	private LoginForm loginForm(String address) {
		return client(address).get().uri("/login").exchangeToMono((response) -> {
			ResponseCookie session = response.cookies().getFirst("SESSION");
			ResponseCookie token = response.cookies().getFirst("XSRF-TOKEN");
			return response.releaseBody().thenReturn(new LoginForm(session.getValue(), token.getValue()));
		}).block(Duration.ofSeconds(10));
	}

	private WebClient client(String address) {
		HttpClient http = HttpClient.newConnection().bindAddress(() -> new InetSocketAddress(address, 0));
		return WebClient.builder().baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited for the throttle to turn a guess away").isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static void sleepUntil(long started, Duration window) {
		long left = started + window.toNanos() - System.nanoTime();
		if (left > 0) {
			sleep(Duration.ofNanos(left));
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record LoginForm(String session, String token) {
	}

	/** Where the app sent one attempt: checked and wrong, logged in, or turned away by the throttle unchecked. */
	private record Outcome(String location, String retryAfter, Duration after) {

		boolean checked() {
			return "/login?error".equals(this.location);
		}

		boolean loggedIn() {
			return "/".equals(this.location);
		}

		boolean turnedAway() {
			return "/login?throttled".equals(this.location) && this.retryAfter != null;
		}

	}

	private record Attack(List<Outcome> answered, Outcome rightPassword) {

		long checkedWithinWindow() {
			return this.answered.stream().filter((outcome) -> outcome.checked() && outcome.after().compareTo(WINDOW) <= 0)
				.count();
		}

		void assertTheRestWaitOrAreTurnedAwayByTheThrottle() {
			assertThat(this.answered).noneMatch(Outcome::loggedIn)
				.allMatch((outcome) -> outcome.checked() || outcome.turnedAway());
			// No more than a minute of turns is handed out; the guesses beyond it are turned away at once, unchecked.
			assertThat(this.answered.stream().filter(Outcome::turnedAway).count()).isGreaterThanOrEqualTo(25);
			assertThat(this.rightPassword).as("the right password, sent while the guesses wait").isNotNull();
			assertThat(this.rightPassword.turnedAway()).as("turned away by the throttle: " + this.rightPassword).isTrue();
			assertThat(Long.parseLong(this.rightPassword.retryAfter())).isBetween(1L, 60L);
		}

	}

}
