package io.cagelab.exercise;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.cagelab.course.Language;
import io.cagelab.grading.ComposeParser;
import io.cagelab.grading.ContainerModel;
import io.cagelab.grading.DockerfileParser;
import io.cagelab.grading.GradingException;
import io.cagelab.grading.HardeningRules;
import io.cagelab.grading.Problem;
import io.cagelab.grading.RuleEngine;
import io.cagelab.grading.RuleVerdict;
import io.cagelab.grading.RunLineParser;

import org.springframework.stereotype.Component;

/**
 * Read what a learner handed in (a run line, a Dockerfile, a compose file) and grade it against every rule, or refuse
 * it with a {@link SubmissionException} that says what is wrong with it.
 */
@Component
class ArtifactReader {

	/** The largest submission read: a run line, a Dockerfile or a compose file is far smaller. */
	static final int MAX_BYTES = 64 * 1024;

	private final RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	/** One container the artifact describes: a run line, the Dockerfile's image, or a compose service. */
	record Container(String name, ContainerModel model, List<RuleVerdict> verdicts) {
	}

	List<Container> read(Exercise exercise, String content) {
		Text what = describe(exercise.kind().code());
		if (content == null || content.isBlank()) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, GradingMessage.EMPTY, what);
		}
		if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new SubmissionException(SubmissionException.Reason.TOO_LARGE, GradingMessage.TOO_LARGE, what);
		}
		if (content.chars().anyMatch((c) -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, GradingMessage.BINARY);
		}
		List<Container> containers;
		try {
			containers = parse(exercise.kind().code(), content);
		}
		catch (GradingException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, GradingMessage.UNREADABLE, what,
					ex.line(), ex.column(), text(ex.problemKeyed()));
		}
		catch (RuntimeException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, GradingMessage.UNREADABLE_VALUE, what,
					ex.getMessage());
		}
		if (containers.isEmpty()) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, GradingMessage.NO_RUN_COMMAND, what);
		}
		return containers;
	}

	/** A problem of the grading as a text of the app's messages, which hold the grading's problems. */
	private static Text text(Problem problem) {
		return Text.of(problem.key(), problem.arguments().stream()
			.map((argument) -> (argument instanceof Problem nested) ? text(nested) : argument)
			.toArray());
	}

	private List<Container> parse(String kind, String content) {
		return switch (kind) {
			case "run" -> new RunLineParser().parse(content).stream()
				.map((run) -> container("", run.container())).toList();
			case "dockerfile" -> List.of(container("", new DockerfileParser().parse(content)));
			default -> new ComposeParser(Map.of()).parse(content).stream()
				.map((service) -> container(service.name(), service.container())).toList();
		};
	}

	/** Grade a container; the grader keeps each verdict's key, not its text, so the language is the base one. */
	private Container container(String name, ContainerModel model) {
		return new Container(name, model, this.engine.grade(model, Language.EN));
	}

	static Text describe(String kind) {
		GradingMessage what = switch (kind) {
			case "run" -> GradingMessage.ARTIFACT_RUN;
			case "dockerfile" -> GradingMessage.ARTIFACT_DOCKERFILE;
			default -> GradingMessage.ARTIFACT_COMPOSE;
		};
		return what.with();
	}

}
