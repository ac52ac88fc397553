package io.cagelab.sandbox.docker;

import java.io.Closeable;
import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.cagelab.sandbox.SandboxTerminal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
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

	private static final byte[] END_OF_INPUT = new byte[0];

	private final DockerClient docker;

	private final Scheduler scheduler;

	private final String containerId;

	private final String execId;

	private final String mark;

	private final KeyboardStream keyboard = new KeyboardStream();

	private final Flux<byte[]> output;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	/** The engine has started the shell: from now on closing has a session to end. */
	private volatile boolean started;

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

	/** Queue keys for the shell, waiting (off the event loop) while the shell is not reading its input. */
	@Override
	public Mono<Void> write(byte[] keys) {
		return Mono.<Void>fromRunnable(() -> this.keyboard.typeOrWait(keys)).subscribeOn(this.scheduler);
	}

	@Override
	public Mono<Void> resize(int columns, int rows) {
		return Mono.fromRunnable(() -> this.docker.resizeExecCmd(this.execId).withSize(rows, columns).exec())
			.subscribeOn(this.scheduler)
			.then();
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
			try {
				this.callback.close();
			}
			catch (Exception ex) {
				// Closing a finished stream: nothing left to release.
			}
			hangUp();
		}
	}

	private void hangUp() {
		try {
			String hangUp = this.docker.execCreateCmd(this.containerId)
				.withCmd("bash", "-c", END_SESSION, "end-terminal", this.mark)
				.exec()
				.getId();
			// Detached: the grace period passes in the sandbox, not on a thread here.
			this.docker.execStartCmd(hangUp).withDetach(true).exec(new ResultCallback.Adapter<>() {

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

	/** The shell's standard input: what the learner types, queued until the engine's writer takes it. */
	private static final class KeyboardStream extends InputStream {

		/** Frames typed but not yet read by the shell; beyond this, typing waits. */
		private final BlockingQueue<byte[]> typed = new LinkedBlockingQueue<>(256);

		private byte[] current = new byte[0];

		private int position;

		private boolean ended;

		/** Queue keys, or give up after a while if the shell has stopped reading (the frame is dropped). */
		void typeOrWait(byte[] keys) {
			try {
				this.typed.offer(keys, 10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** End the input even when the queue is full: the shell is going away. */
		void end() {
			this.typed.clear();
			this.typed.offer(END_OF_INPUT);
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.ended) {
				return -1;
			}
			while (this.position >= this.current.length) {
				try {
					this.current = this.typed.take();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return -1;
				}
				this.position = 0;
				if (this.current == END_OF_INPUT) {
					this.ended = true;
					return -1;
				}
			}
			int count = Math.min(length, this.current.length - this.position);
			System.arraycopy(this.current, this.position, buffer, offset, count);
			this.position += count;
			return count;
		}

	}

}
