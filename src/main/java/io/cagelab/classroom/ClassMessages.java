package io.cagelab.classroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cagelab.security.Viewer;
import io.cagelab.web.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Messages from trainers to their class or to one learner of it: stored, then shown on every page the learners have
 * open, and on the pages they open within the next {@link #RECENT}.
 */
@Service
class ClassMessages {

	static final int MAX_LENGTH = 1000;

	/** How long a message is still shown on a page opened after it was sent. */
	static final Duration RECENT = Duration.ofMinutes(30);

	private final DatabaseClient database;

	private final ClassroomService classrooms;

	private final ClassroomRepository repository;

	private final Clock clock;

	/** The open pages of each learner. */
	private final Map<Long, List<FluxSink<Message>>> pages = new ConcurrentHashMap<>();

	ClassMessages(DatabaseClient database, ClassroomService classrooms, ClassroomRepository repository, Clock clock) {
		this.database = database;
		this.classrooms = classrooms;
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * A message as a learner's page shows it.
	 *
	 * @param learnerId the one learner it is for, or {@code null} for the whole class
	 */
	record Message(String id, String classroomId, String className, Long learnerId, String from, String text,
			Instant sentAt) {
	}

	/** Send a message to the class, or to one learner of it; anyone else is not found. */
	Mono<Message> send(Viewer viewer, String classroomId, String text, Long learnerId) {
		String body = (text != null) ? text.strip() : "";
		if (body.isEmpty() || body.length() > MAX_LENGTH) {
			return Mono.error(new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "classroom.refused.message", MAX_LENGTH));
		}
		return this.classrooms.get(viewer, classroomId)
			.flatMap((classroom) -> ((learnerId == null) ? Mono.just(true)
					: this.repository.isEnrolled(classroomId, learnerId))
				.filter(Boolean::booleanValue)
				.switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.NOT_FOUND, "classroom.refused.no-such-learner")))
				.flatMap((enrolled) -> {
					Message message = new Message(UUID.randomUUID().toString(), classroom.id(), classroom.name(),
							learnerId, viewer.username(), body, this.clock.instant());
					return this.database.sql("insert into class_message (id, classroom_id, learner_id, sender_id, body,"
							+ " sent_at) values (:id, :classroom, :learner, :sender, :body, :at)")
						.bind("id", message.id()).bind("classroom", classroom.id())
						.bind("learner", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.BIGINT, learnerId))
						.bind("sender", viewer.accountId()).bind("body", body)
						.bind("at", message.sentAt().atOffset(ZoneOffset.UTC))
						.then()
						.then(recipients(message))
						.doOnNext((recipients) -> recipients.forEach((recipient) -> deliver(recipient, message)))
						.thenReturn(message);
				}));
	}

	/** Follow the messages for a learner: the recent ones, then each as it is sent. */
	Flux<Message> follow(long learnerId) {
		Flux<Message> live = Flux.create((sink) -> {
			this.pages.computeIfAbsent(learnerId, (id) -> new CopyOnWriteArrayList<>()).add(sink);
			sink.onDispose(() -> this.pages.computeIfPresent(learnerId, (id, open) -> {
				open.remove(sink);
				return open.isEmpty() ? null : open;
			}));
		});
		return Flux.concat(recent(learnerId), live);
	}

	private Flux<Message> recent(long learnerId) {
		return this.database.sql("select m.id, m.classroom_id, c.name, m.learner_id, a.username, m.body, m.sent_at"
				+ " from class_message m join classroom c on c.id = m.classroom_id"
				+ " join user_account a on a.id = m.sender_id"
				+ " join enrolment e on e.classroom_id = m.classroom_id and e.learner_id = :learner"
				+ " where (m.learner_id is null or m.learner_id = :learner) and m.sent_at >= :since order by m.sent_at")
			.bind("learner", learnerId)
			.bind("since", this.clock.instant().minus(RECENT).atOffset(ZoneOffset.UTC))
			.map((row) -> new Message(row.get("id", String.class), row.get("classroom_id", String.class),
					row.get("name", String.class), row.get("learner_id", Long.class), row.get("username", String.class),
					row.get("body", String.class), row.get("sent_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	private Mono<List<Long>> recipients(Message message) {
		return (message.learnerId() != null) ? Mono.just(List.of(message.learnerId()))
				: this.repository.enrolments(message.classroomId()).map(ClassroomRepository.Enrolment::learnerId)
					.collectList();
	}

	private void deliver(long learnerId, Message message) {
		this.pages.getOrDefault(learnerId, List.of()).forEach((page) -> page.next(message));
	}

}
