package io.cagelab.terminal;

import java.time.Clock;
import java.util.Locale;

import io.cagelab.sandbox.Sandbox;
import io.cagelab.sandbox.SandboxEvents.SandboxChange;
import io.cagelab.sandbox.SandboxException;
import io.cagelab.sandbox.SandboxService;
import io.cagelab.security.Viewer;
import io.cagelab.security.ViewerResolver;
import io.cagelab.web.LanguageResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriTemplate;

/**
 * Show a trainer what a learner's terminal shows, read-only: binary frames carry the output of the terminal the
 * learner uses, text frames {@link TerminalMessage} JSON. Nothing runs in the sandbox for a watcher, and nothing it
 * sends reaches the shell. Each watch is recorded from its start to its end.
 */
class TerminalWatchHandler implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(TerminalWatchHandler.class);

	static final String PATH = "/ws/sandboxes/{id}/watch";

	private static final UriTemplate TEMPLATE = new UriTemplate(PATH);

	private final SandboxService sandboxes;

	private final ViewerResolver viewers;

	private final TerminalSlots slots;

	private final TerminalAudiences audiences;

	private final TerminalWatchLog log;

	private final JsonMapper json;

	private final MessageSource messages;

	private final Clock clock;

	TerminalWatchHandler(SandboxService sandboxes, ViewerResolver viewers, TerminalSlots slots,
			TerminalAudiences audiences, TerminalWatchLog log, JsonMapper json, MessageSource messages, Clock clock) {
		this.sandboxes = sandboxes;
		this.viewers = viewers;
		this.slots = slots;
		this.audiences = audiences;
		this.log = log;
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
			// Whoever may not watch hears what a stranger hears of a sandbox that does not exist; caps come after.
			.flatMap((viewer) -> watchable(viewer, sandboxId)
				.flatMap((sandbox) -> Mono.usingWhen(
						Mono.fromCallable(() -> this.slots.take(sandboxId, viewer.accountId())),
						(slot) -> Mono.usingWhen(this.log.start(viewer, sandbox),
								(record) -> watch(session, viewer, sandbox, locale), this.log::end),
						(slot) -> Mono.fromRunnable(slot::release))))
			.onErrorResume((ex) -> session.send(Mono.just(text(session, TerminalMessage.error(describe(ex, locale)))))
				.then(session.close()));
	}

	private Mono<Sandbox> watchable(Viewer viewer, String sandboxId) {
		return this.sandboxes.find(viewer, sandboxId)
			.onErrorResume(SandboxException.class, (ex) -> Mono.empty())
			.filter((sandbox) -> viewer.mayWatch(sandbox.ownerId(), sandbox.exerciseId()))
			.switchIfEmpty(Mono.error(
					() -> new SandboxException(SandboxException.Reason.NOT_FOUND, "no-such-sandbox", sandboxId)));
	}

	private Mono<Void> watch(WebSocketSession session, Viewer viewer, Sandbox sandbox, Locale locale) {
		TerminalAudiences.Watcher watcher = this.audiences.watch(sandbox.id(), viewer.username());
		TerminalNotices notices = new TerminalNotices(this.clock);
		String readOnly = this.messages.getMessage("terminal.watch.read-only", null, locale);
		// Keys, resizes, anything: refused, never passed on. Reading them all keeps the socket from backing up.
		Mono<Void> input = session.receive()
			.doOnNext((message) -> notices.send(TerminalMessage.badMessage(readOnly)))
			.then();
		// The frames go on until the sandbox is gone: then, and only then, the watcher hears it expired.
		Flux<WebSocketMessage> shown = watcher.frames()
			.takeUntilOther(gone(sandbox))
			.map((frame) -> (frame instanceof byte[] bytes) ? session.binaryMessage((factory) -> factory.wrap(bytes))
					: text(session, (TerminalMessage) frame))
			.doFinally((signal) -> notices.end());
		Flux<WebSocketMessage> output = Flux.concat(Mono.just(text(session, TerminalMessage.status("ready"))),
				Flux.merge(shown, notices.messages().map((notice) -> text(session, notice))),
				Mono.fromSupplier(() -> text(session, TerminalMessage.status("expired"))));
		Mono<Void> send = session.send(output).then(session.close());
		return Mono.firstWithSignal(input, send).doFinally((signal) -> watcher.leave());
	}

	/** Signal when the sandbox is gone: expired, removed, or its record otherwise no longer there. */
	private Mono<Boolean> gone(Sandbox sandbox) {
		return this.sandboxes.changesFrom(sandbox).filter(SandboxChange::removed).map((change) -> true).next();
	}

	private WebSocketMessage text(WebSocketSession session, TerminalMessage message) {
		return session.textMessage(this.json.writeValueAsString(message));
	}

	/** Refusals are written for the reader, in their language; anything else is logged and summed up. */
	private String describe(Throwable ex, Locale locale) {
		if (ex instanceof SandboxException refusal) {
			return this.messages.getMessage(refusal.key(), refusal.arguments(), refusal.getMessage(), locale);
		}
		logger.warn("Watch could not be opened: {}", ex.toString());
		return this.messages.getMessage("terminal.watch.failed", null, locale);
	}

}
