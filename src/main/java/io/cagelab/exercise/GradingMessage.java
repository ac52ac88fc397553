package io.cagelab.exercise;

/**
 * Every message the grading says itself, by its key in messages.properties and messages_fr.properties; a test checks
 * that both bundles have each one.
 */
enum GradingMessage {

	NOTHING_TO_GRADE("submission.refused.nothing-to-grade"),
	NOT_A_QUESTION("submission.refused.not-a-question"),
	CHOICES_OUT_OF_RANGE("submission.refused.choices-out-of-range"),
	SINGLE_ANSWER("submission.refused.single-answer"),
	EMPTY("submission.refused.empty"),
	TOO_LARGE("submission.refused.too-large"),
	BINARY("submission.refused.binary"),
	UNREADABLE("submission.refused.unreadable"),
	UNREADABLE_VALUE("submission.refused.unreadable-value"),
	NO_RUN_COMMAND("submission.refused.no-run-command"),
	UNKNOWN_EXERCISE("submission.refused.unknown-exercise"),
	NOT_GRADED("submission.refused.title"),
	ENGINE_FAILED("submission.refused.engine"),

	ARTIFACT_RUN("grading.artifact.run"),
	ARTIFACT_DOCKERFILE("grading.artifact.dockerfile"),
	ARTIFACT_COMPOSE("grading.artifact.compose"),

	NO_SUCH_SERVICE("grading.check.no-such-service"),
	SETTING_UNSET("grading.setting.unset"),
	SETTING_VALUE("grading.setting.value"),
	SETTING_AS_NEEDED("grading.setting.as-needed"),
	SETTING_OTHERWISE("grading.setting.otherwise"),
	CAPABILITIES_WITHIN("grading.capabilities.within"),
	CAPABILITIES_WITHIN_NONE("grading.capabilities.within.none"),
	CAPABILITIES_BEYOND("grading.capabilities.beyond"),
	CAPABILITIES_BEYOND_NONE("grading.capabilities.beyond.none"),
	QUIZ_RIGHT("grading.quiz.right"),
	QUIZ_NOT_ANSWERED("grading.quiz.not-answered"),
	QUIZ_WRONG("grading.quiz.wrong"),
	PROBE_VERIFIED("grading.probe.verified"),
	PROBE_NOT_YET("grading.probe.not-yet"),
	TRIAL_SEEN("grading.trial.seen"),
	TRIAL_TIMED_OUT("grading.trial.timed-out"),
	TRIAL_TIMED_OUT_PRINTED("grading.trial.timed-out.printed"),
	TRIAL_OTHERWISE("grading.trial.otherwise"),
	TRIAL_OTHERWISE_PRINTED("grading.trial.otherwise.printed"),
	TRIAL_UNKNOWN_USER("grading.trial.unknown-user"),
	TRIAL_DID_NOT_START("grading.trial.did-not-start"),
	NOT_RUN("grading.trial.not-run"),
	REASONS("grading.trial.reasons"),
	REASON_PRIVILEGED("grading.trial.reason.privileged"),
	REASON_NAMESPACE("grading.trial.reason.namespace"),
	REASON_HOST_PATH("grading.trial.reason.host-path"),
	REASON_DEVICE("grading.trial.reason.device"),
	REASON_CAPABILITIES("grading.trial.reason.capabilities"),
	REASON_PROTECTION_OFF("grading.trial.reason.protection-off"),
	REASON_USER("grading.trial.reason.user"),
	REASON_TMPFS_PATH("grading.trial.reason.tmpfs-path"),
	REASON_TMPFS_COUNT("grading.trial.reason.tmpfs-count"),
	REASON_CGROUP_PARENT("grading.trial.reason.cgroup-parent"),
	TEXT_GONE("grading.text.gone");

	private final String key;

	GradingMessage(String key) {
		this.key = key;
	}

	String key() {
		return this.key;
	}

	/** This message, saying these values: each a {@link Text} or a value told as it is. */
	Text.Message with(Object... arguments) {
		return Text.of(this.key, arguments);
	}

}
