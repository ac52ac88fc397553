package io.cagelab.authoring;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.exercise.Exercise;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The authoring JSON API: {@code {"spec": "<YAML>", "readme": {"en": ..., "fr": ...}, "version": N}} in and out,
 * an invalid body answered 422 with its problems, a stale version 409.
 */
@RestController
class AuthoringController {

	/** A quiet stream is kept open with a comment this often. */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final AuthoringService authoring;

	private final AuthoringDrafts drafts;

	private final MessageSource messages;

	private final JsonMapper json;

	private final AuthoringProperties limits;

	AuthoringController(AuthoringService authoring, AuthoringDrafts drafts, MessageSource messages, JsonMapper json,
			AuthoringProperties limits) {
		this.authoring = authoring;
		this.drafts = drafts;
		this.messages = messages;
		this.json = json;
		this.limits = limits;
	}

	/**
	 * One exercise in the list: what it is, where it stands, and its problems when its spec has any.
	 *
	 * @param provenVersion the version last proven, null when none was; the current one only when state says so
	 * @param publishedVersion the version learners are served, null when none was published
	 * @param classes the viewer's classes that assign it
	 */
	record Summary(String id, String module, String kind, Map<String, String> title, String state, int version,
			Integer provenVersion, Integer publishedVersion, List<AuthoringService.ClassUse> classes, String owner,
			boolean shipped, boolean editable, List<ProblemView> problems) {

		static Summary of(AuthoringService.Found found, MessageSource messages, Locale locale) {
			Exercise exercise = found.entry().exercise();
			return new Summary(found.entry().id(), found.entry().module(),
					(exercise != null) ? exercise.kind().code() : null, (exercise != null) ? titles(exercise) : Map.of(),
					found.state().code(), found.version(), found.provenVersion(), found.publishedVersion(),
					found.classes(), AuthoringController.owner(found), found.entry().shipped(), found.editable(),
					ProblemView.of(found.entry().problems(), messages, locale));
		}

		/** The title in this language, the id for an exercise whose spec cannot be read. */
		public String title(String language) {
			return this.title.getOrDefault(language, this.title.getOrDefault("en", this.id));
		}

	}

	/** One exercise with its files' texts, as the editor loads it and saves it back. */
	record Detail(String id, String module, String state, int version, Integer provenVersion,
			Integer publishedVersion, List<AuthoringService.ClassUse> classes, String owner, boolean shipped,
			boolean editable, String spec, Map<String, String> readme, List<ProblemView> problems) {
	}

	@GetMapping("/api/authoring/exercises")
	Flux<Summary> list(Viewer viewer, Locale locale) {
		return this.authoring.list(viewer).flatMapMany(Flux::fromIterable)
			.map((found) -> Summary.of(found, this.messages, locale));
	}

	@GetMapping("/api/authoring/exercises/{id}")
	Mono<Detail> get(Viewer viewer, @PathVariable String id, Locale locale) {
		return this.authoring.get(viewer, id).flatMap((found) -> detail(found, locale));
	}

	@PostMapping("/api/authoring/exercises")
	Mono<ResponseEntity<Detail>> create(Viewer viewer, ServerWebExchange exchange, Locale locale) {
		return draft(viewer, exchange).flatMap((draft) -> this.authoring.create(viewer, draft))
			.flatMap((found) -> detail(found, locale))
			.map((detail) -> ResponseEntity.created(URI.create("/api/authoring/exercises/" + detail.id())).body(detail));
	}

	@PutMapping("/api/authoring/exercises/{id}")
	Mono<Detail> update(Viewer viewer, @PathVariable String id, ServerWebExchange exchange, Locale locale) {
		return draft(viewer, exchange).flatMap((draft) -> this.authoring.update(viewer, id, draft))
			.flatMap((found) -> detail(found, locale));
	}

	/** A draft checked as the editor's text stands, nothing saved. */
	record DraftView(List<ProblemView> problems, Object tree, Map<String, String> instructions) {
	}

	/** The spec as the editor's form holds it, and the instructions, to be written as YAML. */
	record FormSpec(Object tree, Map<String, String> readme) {
	}

	record SpecView(String spec, List<ProblemView> problems) {
	}

	@PostMapping("/api/authoring/exercises/{id}/draft")
	Mono<DraftView> checkDraft(Viewer viewer, @PathVariable String id, ServerWebExchange exchange, Locale locale) {
		return body(viewer, exchange, AuthoringService.Draft.class)
			.flatMap((draft) -> this.drafts.check(viewer, id, draft))
			.map((checked) -> new DraftView(ProblemView.of(checked.problems(), this.messages, locale), checked.tree(),
					checked.instructions()));
	}

	@PostMapping("/api/authoring/exercises/{id}/draft/spec")
	Mono<SpecView> writeDraft(Viewer viewer, @PathVariable String id, ServerWebExchange exchange, Locale locale) {
		return body(viewer, exchange, FormSpec.class)
			.flatMap((form) -> this.drafts.write(viewer, id, form.tree(), form.readme()))
			.map((written) -> new SpecView(written.spec(), ProblemView.of(written.problems(), this.messages, locale)));
	}

	/**
	 * Prove the exercise on the engine: one event per step as it completes ({@code solution}, then one
	 * {@code wrong-answer} each, or {@code not-graded} when it cannot go on), then the {@code verdict}. A comment
	 * every few seconds keeps proxies from closing a quiet stream while a lab's solution plays.
	 */
	@PostMapping(path = "/api/authoring/exercises/{id}/prove", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> prove(Viewer viewer, @PathVariable String id, Locale locale) {
		return this.authoring.prove(viewer, id, locale)
			.map((event) -> ServerSentEvent.builder(event.data()).event(event.name()).build())
			.publish((events) -> Flux.merge(events, Flux.interval(HEARTBEAT).onBackpressureDrop()
				.map((tick) -> ServerSentEvent.builder().comment("proving").build())
				.takeUntilOther(events.ignoreElements().onErrorResume((ex) -> Mono.empty()))));
	}

	@PostMapping("/api/authoring/exercises/{id}/publish")
	Mono<Detail> publish(Viewer viewer, @PathVariable String id, Locale locale) {
		return this.authoring.publish(viewer, id).flatMap((found) -> detail(found, locale));
	}

	@PostMapping("/api/authoring/exercises/{id}/duplicate")
	Mono<ResponseEntity<Detail>> duplicate(Viewer viewer, @PathVariable String id,
			@RequestBody(required = false) AuthoringService.Copy copy, Locale locale) {
		return this.authoring.duplicate(viewer, id, copy).flatMap((found) -> detail(found, locale))
			.map((detail) -> ResponseEntity.created(URI.create("/api/authoring/exercises/" + detail.id())).body(detail));
	}

	@DeleteMapping("/api/authoring/exercises/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Viewer viewer, @PathVariable String id) {
		return this.authoring.delete(viewer, id);
	}

	/**
	 * Read the body within its limit, so that no request holds more than a spec and two instructions in memory; a
	 * learner is refused before the body is read.
	 */
	private Mono<AuthoringService.Draft> draft(Viewer viewer, ServerWebExchange exchange) {
		return body(viewer, exchange, AuthoringService.Draft.class);
	}

	private <T> Mono<T> body(Viewer viewer, ServerWebExchange exchange, Class<T> type) {
		if (!viewer.mayTeach()) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		int limit = this.limits.maxBody();
		return DataBufferUtils.join(exchange.getRequest().getBody(), limit)
			.map((buffer) -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return this.json.readValue(bytes, type);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.onErrorMap(DataBufferLimitException.class, (ex) -> new AuthoringException(HttpStatus.CONTENT_TOO_LARGE,
					"authoring.body-too-large", (limit + 1023) / 1024))
			.onErrorMap(JacksonException.class, (ex) -> new AuthoringException(HttpStatus.BAD_REQUEST,
					"authoring.body-unreadable"))
			.switchIfEmpty(Mono.error(() -> new AuthoringException(HttpStatus.BAD_REQUEST, "authoring.body-unreadable")));
	}

	private Mono<Detail> detail(AuthoringService.Found found, Locale locale) {
		return this.authoring.texts(found).map((texts) -> new Detail(found.entry().id(), found.entry().module(),
				found.state().code(), found.version(), found.provenVersion(), found.publishedVersion(),
				found.classes(), owner(found), found.entry().shipped(), found.editable(),
				texts.spec(), Map.of("en", texts.readmeEn(), "fr", texts.readmeFr()),
				ProblemView.of(found.entry().problems(), this.messages, locale)));
	}

	private static String owner(AuthoringService.Found found) {
		return (found.authored() != null) ? found.authored().owner() : null;
	}

	private static Map<String, String> titles(Exercise exercise) {
		return Map.of("en", exercise.title(io.cagelab.course.Language.EN), "fr",
				exercise.title(io.cagelab.course.Language.FR));
	}

}
