package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxLocksTests {

	final SandboxLocks locks = new SandboxLocks();

	final List<String> log = new CopyOnWriteArrayList<>();

	Mono<String> step(String name, long millis) {
		return Mono.fromRunnable(() -> this.log.add(name + " start")).then(Mono.delay(Duration.ofMillis(millis)))
			.then(Mono.fromCallable(() -> {
				this.log.add(name + " end");
				return name;
			}));
	}

	@Test
	void operationsOnOneSandboxRunOneAfterTheOtherAndAThirdIsRefusedAsBusy() {
		Mono<String> first = this.locks.serialized("a", () -> step("first", 200));
		Mono<String> second = this.locks.serialized("a", () -> step("second", 10));
		Mono<String> other = this.locks.serialized("b", () -> step("other", 10));
		first.subscribe();
		second.subscribe();
		assertThat(other.block()).isEqualTo("other");
		assertThatThrownBy(() -> this.locks.serialized("a", () -> step("third", 10)).block())
			.isInstanceOfSatisfying(SandboxException.class, (ex) -> assertThat(ex.key()).isEqualTo("sandbox.refused.sandbox-busy"));
		assertThat(this.locks.eventually("a", () -> step("removal", 10)).block()).isEqualTo("removal");
		assertThat(this.log).containsSubsequence("first start", "first end", "second start", "second end", "removal start");
	}

	@Test
	void aCallerWhoLeavesDoesNotReleaseTheLockBeforeItsOperationEnds() {
		this.locks.serialized("a", () -> step("first", 300)).subscribe().dispose();
		assertThat(this.locks.serialized("a", () -> step("second", 10)).block()).isEqualTo("second");
		assertThat(this.log).containsExactly("first start", "first end", "second start", "second end");
	}

	@Test
	void theReaperSkipsABusySandboxAndTakesAnIdleOne() {
		this.locks.serialized("a", () -> step("reset", 300)).subscribe();
		assertThat(this.locks.ifIdle("a", () -> step("reap a", 10)).block()).isNull();
		assertThat(this.locks.ifIdle("b", () -> step("reap b", 10)).block()).isEqualTo("reap b");
		assertThat(this.log).doesNotContain("reap a start");
	}

}
