package io.cagelab.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxOwner;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.sandbox.SandboxTerminal;
import io.cagelab.security.AccountUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriTemplate;

/**
 * Bridge a browser's terminal to a shell in the learner's sandbox: binary frames carry the terminal's bytes both
 * ways, text frames carry {@link TerminalMessage} JSON.
 */
class TerminalWebSocketHandler implements WebSocketHandler {

	static final String PATH = "/ws/sandboxes/{id}/terminal";

	/** Count typing as activity at most this often: enough for an idle timeout counted in minutes. */
	private static final Duration ACTIVITY_GRANULARITY = Duration.ofSeconds(10);

	/** How soon an open terminal notices that its sandbox was removed or reset. */
	private static final Duration SANDBOX_CHECK = Duration.ofSeconds(2);

	private static final Duration ENDING_CHECK = Duration.ofMillis(250);

	private static final int ENDING_CHECKS = 5;

	private static final UriTemplate TEMPLATE = new UriTemplate(PATH);

	private final SandboxService sandboxes;

	private final JsonMapper json;

	private final Clock clock;

	TerminalWebSocketHandler(SandboxService sandboxes, JsonMapper json, Clock clock) {
		this.sandboxes = sandboxes;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		String sandboxId = TEMPLATE.match(session.getHandshakeInfo().getUri().getPath()).get("id");
		return session.getHandshakeInfo().getPrincipal()
			.cast(Authentication.class)
			.map((authentication) -> owner((AccountUser) authentication.getPrincipal()))
			.flatMap((viewer) -> this.sandboxes.find(viewer, sandboxId)
				.flatMap((sandbox) -> this.sandboxes.openTerminal(viewer, sandboxId)
					.flatMap((terminal) -> bridge(session, viewer, sandbox, terminal))))
			.onErrorResume((ex) -> session.send(Mono.just(text(session, TerminalMessage.error(describe(ex)))))
				.then(session.close()));
	}

	private Mono<Void> bridge(WebSocketSession session, SandboxOwner viewer, Sandbox sandbox, SandboxTerminal terminal) {
		String sandboxId = sandbox.id();
		AtomicReference<Instant> lastTouch = new AtomicReference<>(Instant.EPOCH);
		Mono<Void> input = session.receive()
			.concatMap((message) -> (message.getType() == WebSocketMessage.Type.BINARY)
					? type(terminal, message, sandboxId, lastTouch) : control(terminal, message))
			.then();
		Flux<WebSocketMessage> output = Flux.concat(Mono.just(text(session, TerminalMessage.status("ready"))),
				// However the shell's stream ends, the browser is told why.
				terminal.output().onErrorResume((ex) -> Flux.empty())
					.takeUntilOther(replaced(viewer, sandbox))
					.map((bytes) -> session.binaryMessage((factory) -> factory.wrap(bytes))),
				Mono.defer(() -> ending(viewer, sandbox)).map((status) -> text(session, status)));
		Mono<Void> send = session.send(output).then(session.close());
		return Mono.firstWithSignal(input, send).doFinally((signal) -> terminal.close());
	}

	private Mono<Void> type(SandboxTerminal terminal, WebSocketMessage message, String sandboxId,
			AtomicReference<Instant> lastTouch) {
		byte[] keys = new byte[message.getPayload().readableByteCount()];
		message.getPayload().read(keys);
		Instant now = this.clock.instant();
		Instant previous = lastTouch.get();
		Mono<Void> touch = (previous.plus(ACTIVITY_GRANULARITY).isBefore(now) && lastTouch.compareAndSet(previous, now))
				? this.sandboxes.touch(sandboxId) : Mono.empty();
		return terminal.write(keys).then(touch);
	}

	private Mono<Void> control(SandboxTerminal terminal, WebSocketMessage message) {
		TerminalMessage control;
		try {
			control = this.json.readValue(message.getPayloadAsText(StandardCharsets.UTF_8), TerminalMessage.class);
		}
		catch (RuntimeException ex) {
			return Mono.empty();
		}
		if ("resize".equals(control.type()) && control.cols() != null && control.rows() != null
				&& control.cols() > 0 && control.rows() > 0 && control.cols() <= 1000 && control.rows() <= 1000) {
			return terminal.resize(control.cols(), control.rows()).onErrorResume((ex) -> Mono.empty());
		}
		return Mono.empty();
	}

	/** Signal when the sandbox's container is no longer the one this shell runs in: removed, expired or reset. */
	private Mono<Boolean> replaced(SandboxOwner viewer, Sandbox sandbox) {
		return Flux.interval(SANDBOX_CHECK)
			.concatMap((tick) -> this.sandboxes.find(viewer, sandbox.id())
				.map((now) -> !Objects.equals(now.containerId(), sandbox.containerId()))
				.onErrorResume(SandboxException.class, (ex) -> Mono.just(true)))
			.filter(Boolean::booleanValue)
			.next();
	}

	/**
	 * Tell the browser why the shell ended: it exited, the sandbox was reset, or it is gone. A removal ends the shell
	 * a moment before the container and its record go, so look a few times before calling it a plain exit.
	 */
	private Mono<TerminalMessage> ending(SandboxOwner viewer, Sandbox sandbox) {
		return Flux.interval(Duration.ZERO, ENDING_CHECK)
			.take(ENDING_CHECKS)
			.concatMap((tick) -> this.sandboxes.find(viewer, sandbox.id())
				.flatMap((now) -> !Objects.equals(now.containerId(), sandbox.containerId())
						? Mono.just(TerminalMessage.status("reset"))
						: this.sandboxes.isRunning(now)
							.flatMap((running) -> running ? Mono.empty() : Mono.just(TerminalMessage.status("expired"))))
				.onErrorResume(SandboxException.class, (ex) -> Mono.just(TerminalMessage.status("expired"))))
			.next()
			.defaultIfEmpty(TerminalMessage.status("exited"));
	}

	private WebSocketMessage text(WebSocketSession session, TerminalMessage message) {
		return session.textMessage(this.json.writeValueAsString(message));
	}

	private static String describe(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : "The terminal could not be opened.";
	}

	private static SandboxOwner owner(AccountUser user) {
		return new SandboxOwner(user.accountId(), user.getUsername(), user.hasRole("ADMIN"));
	}

}
