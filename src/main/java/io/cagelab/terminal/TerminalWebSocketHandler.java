package io.cagelab.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.cagelab.sandbox.EngineException;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxEvents.SandboxChange;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.sandbox.SandboxTerminal;
import io.cagelab.security.Viewer;
import io.cagelab.security.ViewerResolver;
import io.cagelab.web.LanguageResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
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

	private static final Logger logger = LoggerFactory.getLogger(TerminalWebSocketHandler.class);

	static final String PATH = "/ws/sandboxes/{id}/terminal";

	/** Count typing as activity at most this often: enough for an idle timeout counted in minutes. */
	private static final Duration ACTIVITY_GRANULARITY = Duration.ofSeconds(10);

	/** How often, once its shell ended, a terminal looks at its sandbox to say why. */
	private static final Duration ENDING_CHECK = Duration.ofMillis(250);

	private static final int ENDING_CHECKS = 5;

	/** Columns or rows of a TTY at most: more is no screen, only a way to make the shell's lines huge. */
	private static final int MAX_SIZE = 1000;

	private static final UriTemplate TEMPLATE = new UriTemplate(PATH);

	private final SandboxService sandboxes;

	private final ViewerResolver viewers;

	private final TerminalSlots slots;

	private final TerminalAudiences audiences;

	private final JsonMapper json;

	private final MessageSource messages;

	private final Clock clock;

	TerminalWebSocketHandler(SandboxService sandboxes, ViewerResolver viewers, TerminalSlots slots,
			TerminalAudiences audiences, JsonMapper json, MessageSource messages, Clock clock) {
		this.sandboxes = sandboxes;
		this.viewers = viewers;
		this.slots = slots;
		this.audiences = audiences;
		this.json = json;
		this.messages = messages;
		this.clock = clock;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		String sandboxId = TEMPLATE.match(session.getHandshakeInfo().getUri().getPath()).get("id");
		Locale locale = LanguageResolver.of(session.getHandshakeInfo()).locale();
		return session.getHandshakeInfo().getPrincipal()
			.cast(Authentication.class)
			.flatMap(this.viewers::resolve)
			.flatMap((viewer) -> this.sandboxes.find(viewer, sandboxId)
				// The slot is held from here until the socket ends, however it ends.
				.flatMap((sandbox) -> Mono.usingWhen(
						Mono.fromCallable(() -> this.slots.take(sandboxId, viewer.accountId())),
						(slot) -> this.sandboxes.openTerminal(viewer, sandboxId, locale)
							.flatMap((terminal) -> bridge(session, viewer, sandbox, terminal, locale)),
						(slot) -> Mono.fromRunnable(slot::release))))
			.onErrorResume((ex) -> session.send(Mono.just(text(session, TerminalMessage.error(describe(ex, locale)))))
				.then(session.close()));
	}

	private Mono<Void> bridge(WebSocketSession session, Viewer viewer, Sandbox sandbox, SandboxTerminal terminal,
			Locale locale) {
		String sandboxId = sandbox.id();
		AtomicReference<Instant> lastTouch = new AtomicReference<>(Instant.EPOCH);
		TerminalNotices notices = new TerminalNotices(this.clock);
		// Its watchers see what this browser sees, and this browser hears who watches.
		TerminalAudiences.ShownTerminal shown = this.audiences.show(sandboxId);
		Sinks.One<Boolean> shellEnded = Sinks.one();
		Sinks.One<SandboxChange> replacement = Sinks.one();
		// Netty releases a frame's buffer once it is handed over: copy it out before any asynchronous step.
		Mono<Void> input = session.receive()
			.map((message) -> (message.getType() == WebSocketMessage.Type.BINARY) ? (Object) bytes(message)
					: message.getPayloadAsText(StandardCharsets.UTF_8))
			.concatMap((frame) -> (frame instanceof byte[] keys)
					? type(terminal, shown, keys, notices, sandboxId, lastTouch)
					: control(terminal, (String) frame, notices, locale))
			.then();
		Flux<WebSocketMessage> shell = terminal.output()
			// However the shell's stream ends, the browser is told why.
			.onErrorResume((ex) -> Flux.empty())
			.takeUntilOther(replaced(sandbox).doOnNext(replacement::tryEmitValue))
			.doOnNext(shown::offer)
			.map((bytes) -> session.binaryMessage((factory) -> factory.wrap(bytes)))
			.doFinally((signal) -> {
				notices.end();
				shellEnded.tryEmitValue(true);
			});
		Flux<WebSocketMessage> watched = shown.watchers()
			.takeUntilOther(shellEnded.asMono())
			.map((by) -> text(session, TerminalMessage.watched(by)));
		Flux<WebSocketMessage> output = Flux.concat(Mono.just(text(session, TerminalMessage.status("ready"))),
				Flux.merge(shell, notices.messages().map((notice) -> text(session, notice)), watched),
				Mono.defer(() -> ending(viewer, sandbox, replacement.asMono())).map((status) -> text(session, status)));
		Mono<Void> send = session.send(output).then(session.close());
		return Mono.firstWithSignal(input, send).doFinally((signal) -> {
			shown.leave();
			terminal.close();
		});
	}

	private static byte[] bytes(WebSocketMessage message) {
		byte[] bytes = new byte[message.getPayload().readableByteCount()];
		message.getPayload().read(bytes);
		return bytes;
	}

	/** Keys go to the shell at once or not at all; the browser hears when some were dropped. */
	private Mono<Void> type(SandboxTerminal terminal, TerminalAudiences.ShownTerminal shown, byte[] keys,
			TerminalNotices notices, String sandboxId, AtomicReference<Instant> lastTouch) {
		shown.typed();
		if (!terminal.type(keys)) {
			notices.send(TerminalMessage.status("input-dropped"));
		}
		Instant now = this.clock.instant();
		Instant previous = lastTouch.get();
		return (previous.plus(ACTIVITY_GRANULARITY).isBefore(now) && lastTouch.compareAndSet(previous, now))
				? this.sandboxes.touch(sandboxId) : Mono.empty();
	}

	/** A resize is applied; anything else is answered with {@code bad-message} and ignored, and the session goes on. */
	private Mono<Void> control(SandboxTerminal terminal, String message, TerminalNotices notices, Locale locale) {
		TerminalMessage control = parse(message);
		if (control != null && "resize".equals(control.type()) && isSize(control.cols()) && isSize(control.rows())) {
			terminal.resize(control.cols(), control.rows());
		}
		else {
			notices.send(TerminalMessage.badMessage(this.messages.getMessage("terminal.bad-message", null, locale)));
		}
		return Mono.empty();
	}

	/** Return the message, or null for text that is not one (JSON {@code null} included). */
	private TerminalMessage parse(String message) {
		try {
			return this.json.readValue(message, TerminalMessage.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean isSize(Integer cells) {
		return cells != null && cells > 0 && cells <= MAX_SIZE;
	}

	/**
	 * Signal when the sandbox's container is no longer the one this shell runs in: removed, expired or reset, as the
	 * sandbox's own events say it.
	 */
	private Mono<SandboxChange> replaced(Sandbox sandbox) {
		return this.sandboxes.changesFrom(sandbox)
			.filter((change) -> change.removed() || !Objects.equals(change.sandbox().containerId(), sandbox.containerId()))
			.next();
	}

	/**
	 * Tell the browser why the shell ended: it exited, the sandbox was reset, or it is gone. A removal ends the shell
	 * a moment before the container's record goes, so the sandbox's events are awaited a little, and its record looked
	 * at a few times, before calling it a plain exit. An engine too busy to answer is no reason to call it gone.
	 */
	private Mono<TerminalMessage> ending(Viewer viewer, Sandbox sandbox, Mono<SandboxChange> replacement) {
		Mono<TerminalMessage> told = replacement
			.map((change) -> TerminalMessage.status(change.removed() ? "expired" : "reset"))
			.take(ENDING_CHECK.multipliedBy(ENDING_CHECKS));
		Mono<TerminalMessage> looked = Flux.interval(Duration.ZERO, ENDING_CHECK)
			// A look that takes longer than the interval skips the ticks it overlapped instead of failing on them.
			.onBackpressureDrop()
			.take(ENDING_CHECKS)
			.concatMap((tick) -> this.sandboxes.find(viewer, sandbox.id())
				.flatMap((now) -> !Objects.equals(now.containerId(), sandbox.containerId())
						? Mono.just(TerminalMessage.status("reset"))
						: this.sandboxes.isRunning(now)
							.flatMap((running) -> running ? Mono.empty() : Mono.just(TerminalMessage.status("expired"))))
				.onErrorResume(SandboxException.class, (ex) -> Mono.just(TerminalMessage.status("expired"))))
			.next()
			.onErrorResume(EngineException.class, (ex) -> Mono.empty());
		return Flux.merge(told, looked).next().defaultIfEmpty(TerminalMessage.status("exited"));
	}

	private WebSocketMessage text(WebSocketSession session, TerminalMessage message) {
		return session.textMessage(this.json.writeValueAsString(message));
	}

	/** Sandbox refusals are written for learners, in their language; anything else is logged and summed up. */
	private String describe(Throwable ex, Locale locale) {
		if (ex instanceof SandboxException refusal) {
			return this.messages.getMessage(refusal.key(), refusal.arguments(), refusal.getMessage(), locale);
		}
		logger.warn("Terminal could not be opened: {}", ex.toString());
		return this.messages.getMessage("terminal.failed", null, locale);
	}

}
