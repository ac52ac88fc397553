package io.cagelab.terminal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Who watches each sandbox's terminals, and what they are shown. Each terminal offers its output here as it goes to
 * its own browser, and keeps the recent part of it for a watcher who comes in mid-way. Every watcher of a sandbox
 * follows one of its terminals: the one typed in last, or, before any key, the one opened last. Each watcher reads
 * through a bounded buffer of its own, and nothing here waits: a watcher who does not keep up loses output and is
 * skipped ahead to the recent output, the terminal never slows down for it.
 */
final class TerminalAudiences {

	/** Told to a watcher shown another terminal, or the same anew: clear the screen, a replay follows. */
	static final TerminalMessage FOLLOWING = TerminalMessage.status("following");

	/** Told to a watcher when the sandbox has no terminal open: the watch goes on and follows the next one. */
	static final TerminalMessage NO_TERMINAL = TerminalMessage.status("no-terminal");

	/** Told to a watcher that did not keep up: what it had not read was dropped, and a replay follows. */
	static final TerminalMessage BEHIND = TerminalMessage.status("behind");

	private final Map<String, Audience> audiences = new ConcurrentHashMap<>();

	private final int replayBytes;

	private final long bufferBytes;

	TerminalAudiences(TerminalProperties properties) {
		this.replayBytes = (int) properties.watchReplay().toBytes();
		this.bufferBytes = properties.watchBuffer().toBytes();
	}

	/** Show a newly opened terminal of the sandbox to its watchers, from now until it leaves. */
	ShownTerminal show(String sandboxId) {
		ShownTerminal[] shown = new ShownTerminal[1];
		this.audiences.compute(sandboxId, (id, audience) -> {
			Audience present = (audience != null) ? audience : new Audience(id);
			shown[0] = present.add(new ShownTerminal(present));
			return present;
		});
		shown[0].audience.drainWatchers();
		return shown[0];
	}

	/** Start a watch of the sandbox: its terminals' output for the watcher, the watcher's name for its terminals. */
	Watcher watch(String sandboxId, String watcherName) {
		Watcher watcher = new Watcher(watcherName);
		this.audiences.compute(sandboxId, (id, audience) -> {
			Audience present = (audience != null) ? audience : new Audience(id);
			present.add(watcher);
			watcher.audience = present;
			return present;
		});
		watcher.audience.drainWatchers();
		watcher.audience.terminals().forEach(ShownTerminal::publish);
		return watcher;
	}

	private void leave(Audience audience, Object member) {
		boolean[] watchersChanged = new boolean[1];
		this.audiences.computeIfPresent(audience.sandboxId, (id, present) -> {
			watchersChanged[0] = present.remove(member);
			return present.isEmpty() ? null : present;
		});
		audience.drainWatchers();
		if (watchersChanged[0]) {
			audience.terminals().forEach(ShownTerminal::publish);
		}
	}

	/**
	 * One sandbox's terminals and watchers. Members join and leave inside the map's {@code compute}, so that an
	 * audience is dropped only once empty; its own lock orders output, switches and arrivals. Nothing is handed to a
	 * socket while the lock is held: a socket may call back in.
	 */
	private final class Audience {

		private final String sandboxId;

		private final List<ShownTerminal> terminals = new ArrayList<>();

		private final List<Watcher> watchers = new ArrayList<>();

		private ShownTerminal followed;

		/** Counts arrivals and keys, so that the terminal used last is known. */
		private long activity;

		Audience(String sandboxId) {
			this.sandboxId = sandboxId;
		}

		synchronized ShownTerminal add(ShownTerminal terminal) {
			terminal.lastActivity = ++this.activity;
			terminal.watchedBy = names();
			this.terminals.add(terminal);
			follow(terminal);
			return terminal;
		}

		synchronized void add(Watcher watcher) {
			this.watchers.add(watcher);
			if (this.followed != null) {
				watcher.replay(this.followed.recent.snapshot(), false);
			}
			else {
				watcher.noTerminal();
			}
			announceNames();
		}

		/** Remove a terminal or a watcher; return whether the watchers changed, which the terminals are told. */
		synchronized boolean remove(Object member) {
			if (member instanceof Watcher watcher && this.watchers.remove(watcher)) {
				announceNames();
				return true;
			}
			if (member instanceof ShownTerminal terminal && this.terminals.remove(terminal)
					&& this.followed == terminal) {
				this.followed = null;
				this.terminals.stream().reduce((a, b) -> (a.lastActivity >= b.lastActivity) ? a : b)
					.ifPresentOrElse(this::follow, () -> this.watchers.forEach(Watcher::noTerminal));
			}
			return false;
		}

		synchronized boolean isEmpty() {
			return this.terminals.isEmpty() && this.watchers.isEmpty();
		}

		/** Keep the terminal's output, and queue it for the watchers; return whether any watcher has it queued. */
		synchronized boolean offer(ShownTerminal terminal, byte[] bytes) {
			terminal.recent.append(bytes);
			if (terminal != this.followed || this.watchers.isEmpty()) {
				return false;
			}
			for (Watcher watcher : this.watchers) {
				watcher.offer(bytes, terminal);
			}
			return true;
		}

		/** Count a key typed in the terminal; return whether the watchers were switched to it. */
		synchronized boolean typed(ShownTerminal terminal) {
			terminal.lastActivity = ++this.activity;
			if (terminal == this.followed || !this.terminals.contains(terminal)) {
				return false;
			}
			follow(terminal);
			return !this.watchers.isEmpty();
		}

		synchronized List<ShownTerminal> terminals() {
			return List.copyOf(this.terminals);
		}

		/** Hand what was queued to the watchers' sockets, outside the lock. */
		void drainWatchers() {
			List<Watcher> watching;
			synchronized (this) {
				watching = List.copyOf(this.watchers);
			}
			watching.forEach(Watcher::drain);
		}

		private void follow(ShownTerminal terminal) {
			this.followed = terminal;
			byte[] replay = terminal.recent.snapshot();
			this.watchers.forEach((watcher) -> watcher.replay(replay, false));
		}

		/** Record who watches now, in the order they came, for each terminal. */
		private void announceNames() {
			List<String> names = names();
			this.terminals.forEach((terminal) -> terminal.watchedBy = names);
		}

		private List<String> names() {
			LinkedHashSet<String> names = new LinkedHashSet<>();
			this.watchers.forEach((watcher) -> names.add(watcher.name));
			return List.copyOf(names);
		}

	}

	/** A terminal of a sandbox, as its audience sees it. */
	final class ShownTerminal {

		private final Audience audience;

		private final RecentOutput recent = new RecentOutput(TerminalAudiences.this.replayBytes);

		private long lastActivity;

		/** Who watches now; set under the audience's lock, read by the terminal's socket. */
		private volatile List<String> watchedBy = List.of();

		private volatile FluxSink<List<String>> sink;

		private ShownTerminal(Audience audience) {
			this.audience = audience;
		}

		/** Offer what the terminal wrote to its watchers: this never waits, and costs a copy into the recent output. */
		void offer(byte[] bytes) {
			if (this.audience.offer(this, bytes)) {
				this.audience.drainWatchers();
			}
		}

		/** Count a key typed here: the watchers follow the terminal typed in last. */
		void typed() {
			if (this.audience.typed(this)) {
				this.audience.drainWatchers();
			}
		}

		/** Who watches this terminal: now, then each time it changes; only the latest is kept for a slow reader. */
		Flux<List<String>> watchers() {
			return Flux.<List<String>>create((created) -> {
				this.sink = created;
				created.onDispose(() -> this.sink = null);
				publish();
			}, FluxSink.OverflowStrategy.LATEST).distinctUntilChanged();
		}

		void leave() {
			TerminalAudiences.this.leave(this.audience, this);
		}

		private void publish() {
			FluxSink<List<String>> current = this.sink;
			if (current != null) {
				current.next(this.watchedBy);
			}
		}

	}

	/**
	 * One watcher: what it is shown waits here until its socket asks for it, up to a bound in bytes. Past it, what
	 * it had not read is dropped for {@link #BEHIND} and a replay of the recent output: a watcher that stopped reading
	 * holds little, and one that reads slowly sees the screen jump ahead.
	 */
	final class Watcher {

		private final String name;

		private final ArrayDeque<Object> queue = new ArrayDeque<>();

		private final AtomicInteger draining = new AtomicInteger();

		private long queuedBytes;

		private volatile Audience audience;

		private volatile FluxSink<Object> sink;

		private Watcher(String name) {
			this.name = name;
		}

		/** What the watcher is shown: output as {@code byte[]}, and {@link TerminalMessage} notices between. */
		Flux<Object> frames() {
			return Flux.create((created) -> {
				this.sink = created;
				created.onRequest((n) -> drain());
			});
		}

		void leave() {
			TerminalAudiences.this.leave(this.audience, this);
		}

		private synchronized void offer(byte[] bytes, ShownTerminal from) {
			if (this.queuedBytes + bytes.length > TerminalAudiences.this.bufferBytes) {
				replay(from.recent.snapshot(), true);
			}
			else {
				this.queue.add(bytes);
				this.queuedBytes += bytes.length;
			}
		}

		/** Clear the screen and show nothing: the sandbox has no terminal open. */
		private synchronized void noTerminal() {
			this.queue.clear();
			this.queuedBytes = 0;
			this.queue.add(NO_TERMINAL);
		}

		/**
		 * Show a terminal anew: the screen is cleared, then its recent output. Whatever was still queued is dropped: it
		 * would only have been drawn over.
		 */
		private synchronized void replay(byte[] recent, boolean behind) {
			this.queue.clear();
			this.queuedBytes = 0;
			if (behind) {
				this.queue.add(BEHIND);
			}
			this.queue.add(FOLLOWING);
			if (recent.length > 0) {
				this.queue.add(recent);
				this.queuedBytes = recent.length;
			}
		}

		private synchronized Object poll() {
			Object next = this.queue.poll();
			if (next instanceof byte[] bytes) {
				this.queuedBytes -= bytes.length;
			}
			return next;
		}

		/** Hand the socket as much as it asked for; one thread at a time, the others leave the work to it. */
		private void drain() {
			FluxSink<Object> current = this.sink;
			if (current == null || this.draining.getAndIncrement() != 0) {
				return;
			}
			int missed = 1;
			do {
				while (current.requestedFromDownstream() > 0 && !current.isCancelled()) {
					Object next = poll();
					if (next == null) {
						break;
					}
					current.next(next);
				}
				missed = this.draining.addAndGet(-missed);
			}
			while (missed != 0);
		}

	}

}
