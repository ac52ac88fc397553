package io.cagelab.terminal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What watchers of a sandbox are shown, without a socket: replays, switches, and a watcher that stops reading.
 */
class TerminalAudiencesTests {

	final TerminalAudiences audiences = new TerminalAudiences(
			new TerminalProperties(4, 8, 4, 8, DataSize.ofKilobytes(1), DataSize.ofKilobytes(4)));

	@Test
	void aWatcherComingInMidWayIsShownTheRecentOutputThenWhatFollows() {
		TerminalAudiences.ShownTerminal terminal = this.audiences.show("s");
		terminal.offer(bytes("before\r\n"));
		Reader watcher = new Reader(this.audiences.watch("s", "alice"), Long.MAX_VALUE);
		terminal.offer(bytes("after\r\n"));
		assertThat(watcher.seen()).containsExactly("following", "before\r\n", "after\r\n");
	}

	@Test
	void watchersFollowTheTerminalTypedInLastAndHearOfEachSwitch() {
		TerminalAudiences.ShownTerminal first = this.audiences.show("s");
		first.offer(bytes("one "));
		Reader watcher = new Reader(this.audiences.watch("s", "alice"), Long.MAX_VALUE);
		TerminalAudiences.ShownTerminal second = this.audiences.show("s");
		second.offer(bytes("two "));
		first.offer(bytes("unseen "));
		first.typed();
		first.offer(bytes("seen "));
		second.leave();
		first.leave();
		assertThat(watcher.seen()).containsExactly("following", "one ", "following", "two ", "following",
				"one unseen ", "seen ", "no-terminal");
	}

	@Test
	void aWatcherThatStopsReadingHoldsLittleAndIsSkippedAheadToTheRecentOutput() {
		TerminalAudiences.ShownTerminal terminal = this.audiences.show("s");
		Reader stalled = new Reader(this.audiences.watch("s", "alice"), 1);
		assertThat(stalled.seen()).containsExactly("following");
		for (int line = 0; line < 10_000; line++) {
			terminal.offer(bytes("line " + line + "\r\n"));
		}
		stalled.request(Long.MAX_VALUE);
		List<String> seen = stalled.seen();
		assertThat(seen.subList(0, 3)).containsExactly("following", "behind", "following");
		String replay = String.join("", seen.subList(3, seen.size()));
		assertThat(replay).as("the recent output, from a line's start").startsWith("line ").endsWith("line 9999\r\n");
		assertThat(replay.length()).as("what the stalled watcher was holding").isLessThanOrEqualTo(4096);
	}

	@Test
	void theTerminalsHearWhoWatchesEachNameOnce() {
		TerminalAudiences.ShownTerminal terminal = this.audiences.show("s");
		List<List<String>> heard = new CopyOnWriteArrayList<>();
		terminal.watchers().subscribe(heard::add);
		TerminalAudiences.Watcher alice = this.audiences.watch("s", "alice");
		TerminalAudiences.Watcher again = this.audiences.watch("s", "alice");
		TerminalAudiences.Watcher bob = this.audiences.watch("s", "bob");
		again.leave();
		alice.leave();
		bob.leave();
		assertThat(heard).containsExactly(List.of(), List.of("alice"), List.of("alice", "bob"), List.of("bob"),
				List.of());
	}

	@Test
	void recentOutputKeepsTheLastBytesFromALinesStart() {
		RecentOutput recent = new RecentOutput(16);
		recent.append(bytes("abc"));
		assertThat(text(recent.snapshot())).isEqualTo("abc");
		recent.append(bytes("\r\n0123456789\r\n"));
		assertThat(text(recent.snapshot())).isEqualTo("0123456789\r\n");
		recent.append(bytes("x".repeat(40)));
		assertThat(text(recent.snapshot())).isEqualTo("x".repeat(16));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** A watcher's socket that asks for so many frames to begin with, as text: notices by their type. */
	static final class Reader extends BaseSubscriber<Object> {

		private final List<String> seen = new CopyOnWriteArrayList<>();

		private final long initial;

		Reader(TerminalAudiences.Watcher watcher, long initial) {
			this.initial = initial;
			watcher.frames().subscribe(this);
		}

		@Override
		protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
			request(this.initial);
		}

		@Override
		protected void hookOnNext(Object frame) {
			this.seen.add((frame instanceof byte[] bytes) ? text(bytes) : ((TerminalMessage) frame).type());
		}

		List<String> seen() {
			return List.copyOf(this.seen);
		}

	}

}
