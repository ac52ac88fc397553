package io.cagelab.sandbox.docker;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.cagelab.sandbox.SandboxTerminal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * A {@code docker exec -it} session. Output is read only as fast as the subscriber asks: the engine's stream, the
 * TTY and finally the shell itself wait for a slow browser, so memory stays bounded whatever the shell prints.
 * Closing it ends the shell's session in the sandbox: the engine itself leaves an exec running when its stream closes.
 */
class DockerTerminal implements SandboxTerminal {

	/** In the environment of a terminal's shell, and so of what it starts: names the terminal the process came from. */
	static final String MARK_VARIABLE = "CAGELAB_TERMINAL";

	/**
	 * End a terminal's session in the sandbox: its shell and what the shell started that stayed in its session
	 * (background jobs, {@code nohup}), with a hangup first, as a closed terminal sends, then for good after a grace
	 * period. A session of its own made in the sandbox ({@code setsid}) has a live leader that the engine did not start
	 * (its parent is outside the sandbox, seen as 0): the learner meant it to stay. Bash builtins only, so that it still
	 * works in a sandbox with few pids left.
	 */
	private static final String END_SESSION = """
			mark=$1
			sessions=' '
			for proc in /proc/[0-9]*; do
			  while IFS= read -r -d '' variable; do
			    [[ $variable == "$mark" ]] || continue
			    read -r stat < "$proc/stat" && fields=(${stat##*) }) || break
			    session=${fields[3]}
			    if read -r leader < "/proc/$session/stat"; then
			      leader_fields=(${leader##*) })
			      (( leader_fields[1] == 0 )) || break
			    fi
			    sessions+="$session "
			    break
			  done < "$proc/environ"
			done 2>/dev/null
			[[ $sessions == ' ' ]] && exit
			signal() {
			  for proc in /proc/[0-9]*; do
			    read -r stat < "$proc/stat" && fields=(${stat##*) }) \\
			      && [[ $sessions == *" ${fields[3]} "* ]] && kill -"$1" "${proc#/proc/}"
			  done 2>/dev/null
			}
			signal HUP
			sleep 2
			signal KILL
			""";

	/**
	 * Send SIGINT to the foreground job of a terminal's TTY, found from its shell: the marked process that the engine
	 * started (parent 0). Nothing when the shell itself is in the foreground.
	 */
	private static final String INTERRUPT_FOREGROUND_JOB = """
			mark=$1
			for proc in /proc/[0-9]*; do
			  while IFS= read -r -d '' variable; do
			    [[ $variable == "$mark" ]] || continue
			    read -r stat < "$proc/stat" && fields=(${stat##*) }) || break
			    (( fields[1] == 0 && fields[5] > 0 && fields[5] != ${proc#/proc/} )) && kill -INT -- "-${fields[5]}"
			    break
			  done < "$proc/environ"
			done 2>/dev/null
			""";

	private static final Duration RESIZE_INTERVAL = Duration.ofMillis(100);

	private static final Duration INTERRUPT_INTERVAL = Duration.ofSeconds(1);

	private final DockerClient docker;

	private final Scheduler scheduler;

	private final String containerId;

	private final String execId;

	private final String mark;

	private final KeyboardBuffer keyboard = new KeyboardBuffer();

	private final Flux<byte[]> output;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	/** The engine has started the shell: from now on closing has a session to end. */
	private volatile boolean started;

	/** The latest TTY size asked for and not yet applied, as columns and rows. */
	private final AtomicReference<int[]> wantedSize = new AtomicReference<>();

	private final AtomicBoolean resizing = new AtomicBoolean();

	private final AtomicLong lastInterrupt = new AtomicLong(System.nanoTime() - INTERRUPT_INTERVAL.toNanos());

	private volatile ResultCallback.Adapter<Frame> callback;

	private volatile FluxSink<byte[]> sink;

	DockerTerminal(DockerClient docker, Scheduler scheduler, String containerId, String execId, String mark) {
		this.docker = docker;
		this.scheduler = scheduler;
		this.containerId = containerId;
		this.execId = execId;
		this.mark = mark;
		this.output = Flux.<byte[]>create(this::attach, FluxSink.OverflowStrategy.ERROR).subscribeOn(scheduler);
	}

	@Override
	public Flux<byte[]> output() {
		return this.output;
	}

	/** Hand keys to the engine's writer for this shell, without waiting: see {@link KeyboardBuffer}. */
	@Override
	public boolean type(byte[] keys) {
		return switch (this.keyboard.offer(keys)) {
			case TAKEN -> true;
			case DROPPED -> false;
			case INTERRUPT_AHEAD_OF_WAITING_KEYS -> {
				interruptForegroundJob();
				yield false;
			}
		};
	}

	/**
	 * A Ctrl-C that finds keys waiting: the TTY is full, and what it holds is ahead of the Ctrl-C, which would reach the
	 * shell only once the program reads them. Interrupt the TTY's foreground job from a second exec instead, as the TTY
	 * would: one at a time, at most one every {@link #INTERRUPT_INTERVAL}.
	 */
	private void interruptForegroundJob() {
		long now = System.nanoTime();
		long last = this.lastInterrupt.get();
		if (this.started && now - last >= INTERRUPT_INTERVAL.toNanos() && this.lastInterrupt.compareAndSet(last, now)) {
			this.scheduler.schedule(() -> runDetached(INTERRUPT_FOREGROUND_JOB));
		}
	}

	/**
	 * Ask for a TTY size. The latest size asked wins: one engine call at a time, at most one every
	 * {@link #RESIZE_INTERVAL}, so a burst of resizes costs the shared engine threads a few calls, not one per frame.
	 */
	@Override
	public void resize(int columns, int rows) {
		this.wantedSize.set(new int[] { columns, rows });
		applySize(0);
	}

	private void applySize(long delayMillis) {
		if (this.started && this.wantedSize.get() != null && this.resizing.compareAndSet(false, true)) {
			this.scheduler.schedule(this::resizeOnce, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private void resizeOnce() {
		int[] size = this.wantedSize.getAndSet(null);
		try {
			if (size != null && !this.closed.get()) {
				this.docker.resizeExecCmd(this.execId).withSize(size[1], size[0]).exec();
			}
		}
		catch (RuntimeException ex) {
			// The shell ended meanwhile: there is no TTY left to size.
		}
		finally {
			this.resizing.set(false);
		}
		applySize(RESIZE_INTERVAL.toMillis());
	}

	/** A new terminal's mark, for its shell's environment. */
	static String mark() {
		return MARK_VARIABLE + "=" + UUID.randomUUID();
	}

	/**
	 * End the shell's input, release the engine's stream and end the shell's session; safe to call from an event loop,
	 * it never blocks. A shell still starting is ended as soon as it has started.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.keyboard.end();
			FluxSink<byte[]> open = this.sink;
			if (open != null) {
				open.complete();
			}
			if (this.started) {
				// Closing the engine's stream can block until it ends, and ending the session takes engine calls.
				this.scheduler.schedule(this::endSession);
			}
		}
	}

	/** Once, whichever of closing and starting comes last. */
	private void endSession() {
		if (this.ended.compareAndSet(false, true)) {
			// First, because a stream whose input the TTY does not take cannot close before its shell ends.
			runDetached(END_SESSION);
			try {
				this.callback.close();
			}
			catch (Exception ex) {
				// Closing a finished stream: nothing left to release.
			}
		}
	}

	/** Run a script about this terminal's shell in the sandbox, without waiting for it: it waits there, not here. */
	private void runDetached(String script) {
		try {
			String execId = this.docker.execCreateCmd(this.containerId)
				.withCmd("bash", "-c", script, "cagelab-terminal", this.mark)
				.exec()
				.getId();
			this.docker.execStartCmd(execId).withDetach(true).exec(new ResultCallback.Adapter<>() {

				@Override
				public void onError(Throwable ex) {
					// The sandbox went in the meantime, and its processes with it.
				}

			});
		}
		catch (RuntimeException ex) {
			// The sandbox is gone, and its processes with it.
		}
	}

	private void attach(FluxSink<byte[]> sink) {
		this.sink = sink;
		// One permit per frame the subscriber asked for; the engine's reader thread waits when there are none.
		Semaphore demand = new Semaphore(0);
		sink.onRequest((n) -> demand.release((int) Math.min(n, 1 << 20)));
		sink.onDispose(() -> {
			demand.release(1 << 20);
			close();
		});
		this.callback = new ResultCallback.Adapter<>() {

			@Override
			public void onStart(Closeable stream) {
				super.onStart(stream);
				DockerTerminal.this.started = true;
				if (DockerTerminal.this.closed.get()) {
					endSession();
				}
				// A size asked for while the shell was starting.
				applySize(0);
			}

			@Override
			public void onNext(Frame frame) {
				try {
					demand.acquire();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				if (!sink.isCancelled()) {
					// docker-java hands over its own buffer when a read fills it, and reads into it again at once.
					sink.next(frame.getPayload().clone());
				}
			}

			@Override
			public void onError(Throwable ex) {
				if (DockerTerminal.this.closed.get()) {
					sink.complete();
				}
				else {
					sink.error(ex);
				}
			}

			@Override
			public void onComplete() {
				sink.complete();
			}

		};
		if (this.closed.get()) {
			// Closed before the shell started: start none.
			sink.complete();
			return;
		}
		this.docker.execStartCmd(this.execId).withTty(true).withStdIn(this.keyboard).exec(this.callback);
	}

	/**
	 * The shell's standard input, read by the thread that docker-java runs for each attached exec to write it to the
	 * engine: the WebSocket side never waits and never takes a shared thread. What the shell has not read yet waits
	 * here up to {@link #CAPACITY} bytes; keys that do not fit are dropped whole, never queued. A lone Ctrl-C jumps the
	 * queue: like the TTY on an interrupt, it discards the keys still waiting.
	 */
	private static final class KeyboardBuffer extends InputStream {

		enum Typed {

			TAKEN,

			/** No room: dropped whole. */
			DROPPED,

			/** A Ctrl-C, taken in place of the keys that were waiting, which are dropped. */
			INTERRUPT_AHEAD_OF_WAITING_KEYS

		}

		/** Far more than anyone types or pastes ahead of a shell that reads; a shell that does not read gets no more. */
		static final int CAPACITY = 64 * 1024;

		private static final byte CTRL_C = 0x03;

		private final byte[] ring = new byte[CAPACITY];

		private int first;

		private int size;

		private boolean ended;

		synchronized Typed offer(byte[] keys) {
			if (this.ended) {
				return Typed.TAKEN;
			}
			Typed typed = Typed.TAKEN;
			if (keys.length == 1 && keys[0] == CTRL_C) {
				typed = (this.size == 0) ? Typed.TAKEN : Typed.INTERRUPT_AHEAD_OF_WAITING_KEYS;
				this.size = 0;
			}
			else if (keys.length > CAPACITY - this.size) {
				return Typed.DROPPED;
			}
			for (byte key : keys) {
				this.ring[(this.first + this.size++) % CAPACITY] = key;
			}
			notifyAll();
			return typed;
		}

		/** End the input, dropping what the shell did not read: it is going away. */
		synchronized void end() {
			this.ended = true;
			this.size = 0;
			notifyAll();
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public synchronized int read(byte[] buffer, int offset, int length) {
			while (this.size == 0 && !this.ended) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return -1;
				}
			}
			if (this.ended) {
				return -1;
			}
			int count = Math.min(length, this.size);
			for (int i = 0; i < count; i++) {
				buffer[offset + i] = this.ring[(this.first + i) % CAPACITY];
			}
			this.first = (this.first + count) % CAPACITY;
			this.size -= count;
			return count;
		}

	}

}
