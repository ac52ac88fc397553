package io.cagelab.classroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import io.cagelab.web.Refusal;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class JoinThrottleTests {

	final JoinThrottle throttle = new JoinThrottle(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

	@Test
	void aWholeClassBehindOneAddressJoinsAtOnce() {
		List<String> joined = Flux.range(0, 120)
			.flatMap((i) -> this.throttle.throttled("10.0.0.1", Mono.delay(Duration.ofMillis(50)).thenReturn("in")))
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(joined).hasSize(120);
	}

	@Test
	void wrongCodesBeyondTheFreeOnesWaitTheirTurnThenAreTurnedAway() {
		Mono<String> wrongCode = Mono.error(new Refusal(org.springframework.http.HttpStatus.NOT_FOUND, "classroom.refused.no-such-code"));
		List<String> outcomes = IntStream.range(0, JoinThrottle.FREE_ATTEMPTS + 20)
			.mapToObj((i) -> this.throttle.throttled("10.0.0.2", wrongCode)
				.onErrorResume(Refusal.class, (ex) -> Mono.just(ex.getCodes()[0]))
				.timeout(Duration.ofMillis(100), Mono.just("waiting"))
				.block())
			.toList();
		assertThat(outcomes.subList(0, JoinThrottle.FREE_ATTEMPTS)).containsOnly("classroom.refused.no-such-code");
		// The fixed clock never lets a turn come, so the next ones wait, and those beyond 30 s are refused.
		assertThat(outcomes.subList(JoinThrottle.FREE_ATTEMPTS, outcomes.size())).contains("waiting")
			.contains("classroom.refused.join-throttled");
		assertThat(this.throttle.throttled("10.0.0.3", Mono.just("other address")).block()).isEqualTo("other address");
	}

}
