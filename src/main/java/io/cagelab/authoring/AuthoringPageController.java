package io.cagelab.authoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.classroom.ClassroomService;
import io.cagelab.course.CourseCatalog;
import io.cagelab.course.CourseModule;
import io.cagelab.exercise.Check;
import io.cagelab.exercise.ExerciseKind;
import io.cagelab.grading.HardeningRule;
import io.cagelab.grading.HardeningRules;
import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The authoring pages: the exercises a trainer may edit with where each stands, and the editor of one; what the
 * editor does it does through the authoring API.
 */
@Controller
class AuthoringPageController {

	/** The words the editor's script writes, in the reader's language, under {@code authoring.js.}. */
	private static final List<String> SCRIPT_TEXTS = List.of("saved", "saving", "unsaved", "save-failed",
			"checking", "no-problems", "problems", "problem-at", "problem-general", "form-unreadable", "state.draft",
			"state.proven", "state.published", "version", "proving", "prove-step.solution", "prove-step.wrong-answer",
			"prove-step.not-graded", "prove-passed", "prove-failed", "prove-error", "published", "publish-failed",
			"duplicate-prompt", "duplicated", "confirm-delete", "deleted", "assigned", "assign-failed", "already-assigned",
			"check", "check-kind", "move-up", "move-down", "remove", "add-check", "add-choice", "add-wrong-answer",
			"add-fail", "add-answer", "choice", "wrong-answer", "leave-unsaved", "field.id", "field.kind",
			"field.points", "field.title-en", "field.title-fr", "field.rule", "field.service",
			"field.allowed-capabilities", "field.setting", "field.command", "field.expect-exit", "field.expect-output",
			"field.question-en", "field.question-fr", "field.multiple", "field.answer", "field.explanation-en",
			"field.explanation-fr", "field.hint-en", "field.hint-fr", "field.stronger-hint-en",
			"field.stronger-hint-fr", "field.content", "field.fails-check", "field.fails-words",
			"field.answers-check", "field.answers-choices", "field.choice-en", "field.choice-fr", "fails", "answers",
			"help.allowed-capabilities", "help.answer", "help.expect-output", "help.service");

	private final AuthoringService authoring;

	private final ClassroomService classrooms;

	private final CourseCatalog course;

	private final MessageSource messages;

	private final JsonMapper json;

	AuthoringPageController(AuthoringService authoring, ClassroomService classrooms, CourseCatalog course,
			MessageSource messages, JsonMapper json) {
		this.authoring = authoring;
		this.classrooms = classrooms;
		this.course = course;
		this.messages = messages;
		this.json = json;
	}

	@GetMapping("/authoring")
	Mono<String> list(Viewer viewer, Locale locale, Model model) {
		return this.authoring.list(viewer).map((found) -> {
			model.addAttribute("exercises",
					found.stream().map((one) -> AuthoringController.Summary.of(one, this.messages, locale)).toList());
			return "authoring/index";
		});
	}

	/** A class the editor may assign the exercise to, with the exercises it assigns already. */
	record ClassChoice(String id, String name, List<String> exercises) {
	}

	@GetMapping("/authoring/{id}")
	Mono<String> editor(Viewer viewer, @PathVariable String id, Locale locale, Model model) {
		return Mono.zip(this.authoring.get(viewer, id), this.course.modules(),
				this.classrooms.list(viewer).filter((classroom) -> viewer.teaches(classroom.id()) || viewer.isAdmin())
					.map((classroom) -> new ClassChoice(classroom.id(), classroom.name(), classroom.exercises()))
					.collectList())
			.map((found) -> {
				Map<String, Object> config = new LinkedHashMap<>();
				config.put("id", id);
				config.put("editable", found.getT1().editable());
				config.put("exerciseKinds", ExerciseKind.CODES);
				config.put("checkKinds", Check.Kind.CODES);
				config.put("rules", HardeningRules.ALL.stream().map(HardeningRule::id).toList());
				config.put("modules", found.getT2().stream().map(CourseModule::id).toList());
				config.put("classes", found.getT3());
				Map<String, String> texts = new LinkedHashMap<>();
				SCRIPT_TEXTS.forEach((key) -> texts.put(key, this.messages.getMessage("authoring.js." + key, null, locale)));
				config.put("texts", texts);
				model.addAttribute("exerciseId", id);
				model.addAttribute("editable", found.getT1().editable());
				model.addAttribute("shipped", found.getT1().entry().shipped());
				model.addAttribute("classes", found.getT3());
				model.addAttribute("editorConfig", this.json.writeValueAsString(config));
				return "authoring/edit";
			});
	}

}
