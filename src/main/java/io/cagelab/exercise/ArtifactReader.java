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
import io.cagelab.grading.RuleEngine;
import io.cagelab.grading.RuleVerdict;
import io.cagelab.grading.RunLineParser;

import org.springframework.stereotype.Component;

/**
 * Read what a learner handed in (a run line, a Dockerfile, a compose file) and grade it against every rule, or refuse
 * it with a {@link SubmissionException} that says, in the learner's language, what is wrong with it.
 */
@Component
class ArtifactReader {

	/** The largest submission read: a run line, a Dockerfile or a compose file is far smaller. */
	static final int MAX_BYTES = 64 * 1024;

	private final RuleEngine engine = new RuleEngine(HardeningRules.ALL);

	/** One container the artifact describes: a run line, the Dockerfile's image, or a compose service. */
	record Container(String name, ContainerModel model, List<RuleVerdict> verdicts) {
	}

	List<Container> read(Exercise exercise, String content, Language language) {
		String what = describe(exercise.kind(), language);
		if (content == null || content.isBlank()) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, Messages.of(language,
					"The submission is empty: paste your " + what + ".", "La réponse est vide : collez votre " + what
							+ "."));
		}
		if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new SubmissionException(SubmissionException.Reason.TOO_LARGE, Messages.of(language,
					"The submission is larger than 64 KiB; a " + what + " is much smaller than that.",
					"La réponse dépasse 64 Kio ; votre " + what + " devrait tenir en bien moins."));
		}
		if (content.chars().anyMatch((c) -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
			throw new SubmissionException(SubmissionException.Reason.INVALID, Messages.of(language,
					"The submission holds binary content; paste text.",
					"La réponse contient des données binaires ; collez du texte."));
		}
		List<Container> containers;
		try {
			containers = parse(exercise.kind(), content, language);
		}
		catch (GradingException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, Messages.of(language,
					"The " + what + " cannot be read, line " + ex.line() + ", column " + ex.column() + ": "
							+ ex.problem(Language.EN) + ".",
					"Impossible de lire votre " + what + ", ligne " + ex.line() + ", colonne " + ex.column() + " : "
							+ ex.problem(Language.FR) + "."));
		}
		catch (RuntimeException ex) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, Messages.of(language,
					"The " + what + " holds a value the checks cannot read: " + ex.getMessage() + ".",
					"Votre " + what + " contient une valeur que les vérifications ne savent pas lire : "
							+ ex.getMessage() + "."));
		}
		if (containers.isEmpty()) {
			throw new SubmissionException(SubmissionException.Reason.UNREADABLE, Messages.of(language,
					"The " + what + " cannot be read, at line 1, column 1: no docker run command was found.",
					"Impossible de lire votre " + what + ", ligne 1, colonne 1 : aucune commande docker run."));
		}
		return containers;
	}

	private List<Container> parse(String kind, String content, Language language) {
		return switch (kind) {
			case "run" -> new RunLineParser().parse(content).stream()
				.map((run) -> container("", run.container(), language)).toList();
			case "dockerfile" -> List.of(container("", new DockerfileParser().parse(content), language));
			default -> new ComposeParser(Map.of()).parse(content).stream()
				.map((service) -> container(service.name(), service.container(), language)).toList();
		};
	}

	private Container container(String name, ContainerModel model, Language language) {
		return new Container(name, model, this.engine.grade(model, language));
	}

	static String describe(String kind, Language language) {
		return switch (kind) {
			case "run" -> Messages.of(language, "docker run command", "commande docker run");
			case "dockerfile" -> "Dockerfile";
			default -> Messages.of(language, "compose file", "fichier compose");
		};
	}

}
