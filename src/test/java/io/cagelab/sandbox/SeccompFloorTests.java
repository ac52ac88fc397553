package io.cagelab.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner's seccomp profile may only refuse more than Docker's default: each way of lowering the floor is refused
 * and named, and a profile built as the module teaches (Docker's default with calls taken away) is accepted.
 */
class SeccompFloorTests {

	private static final List<String> DEFAULT_CAPS = TrialSettings.DOCKER_DEFAULT_CAPABILITIES.stream().toList();

	/** A profile shaped like Docker's default: refuse by default, allow by name, clone and personality with conditions. */
	static String defaultLike(String... extraRules) throws IOException {
		return defaultLikeWithout(java.util.Set.of(), extraRules);
	}

	/** The same, with some calls taken out of the allowed names (the way that works: see SeccompTrialTests). */
	static String defaultLikeWithout(java.util.Set<String> removed, String... extraRules) throws IOException {
		List<String> allowed;
		try (InputStream table = SeccompFloorTests.class.getResourceAsStream("/sandbox/syscalls.txt")) {
			allowed = new String(table.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.filter((name) -> !SeccompFloor.REFUSED_BY_DEFAULT.contains(name))
				.filter((name) -> !name.equals("clone") && !name.equals("personality"))
				.filter((name) -> !removed.contains(name))
				.toList();
		}
		String names = allowed.stream().map((name) -> '"' + name + '"').collect(Collectors.joining(","));
		StringBuilder json = new StringBuilder("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[");
		json.append("{\"names\":[").append(names).append("],\"action\":\"SCMP_ACT_ALLOW\"},");
		json.append("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2114060288,"
				+ "\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}],\"excludes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}},");
		json.append("{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,"
				+ "\"valueTwo\":0,\"op\":\"SCMP_CMP_EQ\"}]},");
		// What Docker's default opens with CAP_SYS_ADMIN: not in force for a container without it.
		json.append("{\"names\":[\"unshare\",\"setns\",\"mount\",\"clone\"],\"action\":\"SCMP_ACT_ALLOW\","
				+ "\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}}");
		for (String rule : extraRules) {
			json.append(',').append(rule);
		}
		return json.append("]}").toString();
	}

	@Test
	void theDefaultShapeAndATighterOneAreAccepted() throws IOException {
		assertThat(SeccompFloor.refusals(defaultLike(), DEFAULT_CAPS)).isEmpty();
		assertThat(SeccompFloor.refusals(defaultLike(
				"{\"names\":[\"chmod\",\"fchmod\",\"fchmodat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}"),
				DEFAULT_CAPS)).isEmpty();
		assertThat(SeccompFloor.refusals("{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"syscalls\":[]}", List.of()))
			.isEmpty();
	}

	@Test
	void anAllowByDefaultProfileIsRefusedWhateverItDenies() {
		List<SeccompFloor.Refusal> refusals = SeccompFloor.refusals("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
				+ "[{\"names\":[\"chmod\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}", DEFAULT_CAPS);
		assertThat(refusals).extracting(SeccompFloor.Refusal::key).containsExactly("sandbox.floor.seccomp.default-allows");
		assertThat(refusals.get(0).arguments()).containsExactly("SCMP_ACT_ALLOW");
		assertThat(SeccompFloor.refusals("{\"defaultAction\":\"SCMP_ACT_LOG\"}", DEFAULT_CAPS))
			.extracting(SeccompFloor.Refusal::key).containsExactly("sandbox.floor.seccomp.default-allows");
		assertThat(SeccompFloor.refusals("{\"syscalls\":[]}", DEFAULT_CAPS))
			.extracting(SeccompFloor.Refusal::key).containsExactly("sandbox.floor.seccomp.no-default-action");
	}

	@Test
	void aRuleThatLetsARefusedCallThroughIsRefusedAndNamed() throws IOException {
		for (String action : List.of("SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_NOTIFY")) {
			List<SeccompFloor.Refusal> refusals = SeccompFloor.refusals(defaultLike(
					"{\"names\":[\"keyctl\",\"getpid\",\"unshare\"],\"action\":\"" + action + "\"}"), DEFAULT_CAPS);
			assertThat(refusals).as(action).hasSize(1);
			assertThat(refusals.get(0).key()).isEqualTo("sandbox.floor.seccomp.allows-refused");
			assertThat(refusals.get(0).arguments()).containsExactly("5", action, "keyctl, unshare");
		}
		// The legacy single name, and upper case, are read too.
		assertThat(SeccompFloor.refusals(defaultLike("{\"name\":\"BPF\",\"action\":\"SCMP_ACT_ALLOW\"}"), DEFAULT_CAPS))
			.extracting(SeccompFloor.Refusal::arguments).containsExactly(List.of("5", "SCMP_ACT_ALLOW", "bpf"));
	}

	@Test
	void cloneAndPersonalityAreAllowedOnlyWithTheDefaultsConditions() throws IOException {
		assertThat(SeccompFloor.refusals(defaultLike("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
				DEFAULT_CAPS)).extracting(SeccompFloor.Refusal::arguments)
			.containsExactly(List.of("5", "SCMP_ACT_ALLOW", "clone"));
		// A mask that leaves CLONE_NEWUSER (0x10000000) out of the condition lets a user namespace through.
		assertThat(SeccompFloor.refusals(defaultLike("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
				+ "[{\"index\":0,\"value\":" + (0x7E020000L & ~0x10000000L) + ",\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}"),
				DEFAULT_CAPS)).hasSize(1);
		assertThat(SeccompFloor.refusals(defaultLike("{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
				+ "[{\"index\":0,\"value\":4194304,\"valueTwo\":0,\"op\":\"SCMP_CMP_EQ\"}]}"), DEFAULT_CAPS)).hasSize(1);
	}

	@Test
	void aCapabilityRuleIsInForceOnlyForAContainerThatHoldsTheCapability() throws IOException {
		assertThat(SeccompFloor.refusals(defaultLike(), List.of("CHOWN", "SYS_ADMIN")))
			.extracting(SeccompFloor.Refusal::arguments)
			.containsExactly(List.of("4", "SCMP_ACT_ALLOW", "clone, mount, setns, unshare"));
	}

	@Test
	void whatIsNotAProfileIsRefusedWithWhereOrWhat() {
		List<SeccompFloor.Refusal> broken = SeccompFloor.refusals("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [}",
				DEFAULT_CAPS);
		assertThat(broken).extracting(SeccompFloor.Refusal::key).containsExactly("sandbox.floor.seccomp.unreadable");
		assertThat(broken.get(0).arguments().get(0)).startsWith("2:");
		assertThat(SeccompFloor.refusals("[]", DEFAULT_CAPS)).extracting(SeccompFloor.Refusal::key)
			.containsExactly("sandbox.floor.seccomp.not-an-object");
		assertThat(SeccompFloor.refusals("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"x\"],"
				+ "\"action\":\"SCMP_ACT_MAYBE\"}, 3]}", DEFAULT_CAPS)).extracting(SeccompFloor.Refusal::key)
			.containsExactly("sandbox.floor.seccomp.unknown-action", "sandbox.floor.seccomp.rule-not-an-object");
		assertThat(SeccompFloor.refusals("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":{}}", DEFAULT_CAPS))
			.extracting(SeccompFloor.Refusal::key).containsExactly("sandbox.floor.seccomp.rules-not-a-list");
	}

}
