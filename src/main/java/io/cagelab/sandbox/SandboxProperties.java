package io.cagelab.sandbox;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The sandbox floor's limits and the lifecycle settings. Exercise profiles may tighten the limits, never loosen them.
 *
 * @param images the images a sandbox may run (deny by default: anything else is refused)
 * @param ttl how long a sandbox lives at most
 * @param idleTimeout how long a sandbox lives without terminal activity
 * @param pidsLimit most processes in one sandbox (pids cgroup)
 * @param memory memory and memory+swap of one sandbox
 * @param cpus CPU quota of one sandbox, in CPUs
 * @param nproc {@code ulimit -u}, counted by the kernel per host UID
 * @param nofile {@code ulimit -n}
 * @param fileSize largest file a sandbox may write ({@code ulimit -f})
 * @param tmpSize size of the writable {@code /tmp}
 * @param homeSize size of the writable home directory
 * @param maxSandboxes live sandboxes on this host at most
 * @param maxPerLearner live sandboxes of one learner at most
 * @param uidBase a learner's sandbox runs as UID {@code uidBase + account id} (modulo the 65,000 IDs a user
 * namespace maps), so that learners have distinct UIDs
 * @param reapInterval how often expired and orphaned sandboxes are removed
 * @param installation names this installation on the engine instead of the id kept in its database; for test
 * runs, whose fresh databases would otherwise never reap what an interrupted run left behind
 * @param trialPidsLimit most processes in a container tried from a learner's run line: above what a learner's own
 * limit should be, so that a bounded fork bomb tells the two apart (memory and CPU keep the floor's values)
 * @param maxTrials learners' containers tried at the same time at most (one per learner)
 * @param trialTimeout how long one trial may take, from its start to its last check
 * @param trialMinCpus the CPU a tried container gets at least, whatever the learner wrote: a learner's
 * {@code --cpus 0.01} would otherwise stretch every check to its timeout
 */
@ConfigurationProperties("cagelab.sandbox")
public record SandboxProperties(@DefaultValue({ "cagelab/sandbox:1", "cagelab/sandbox:latest" }) List<String> images,
		@DefaultValue("60m") Duration ttl, @DefaultValue("15m") Duration idleTimeout, @DefaultValue("256") int pidsLimit,
		@DefaultValue("256MB") DataSize memory, @DefaultValue("0.5") double cpus, @DefaultValue("512") int nproc,
		@DefaultValue("1024") int nofile, @DefaultValue("64MB") DataSize fileSize, @DefaultValue("64MB") DataSize tmpSize,
		@DefaultValue("64MB") DataSize homeSize, @DefaultValue("120") int maxSandboxes,
		@DefaultValue("3") int maxPerLearner, @DefaultValue("10000") int uidBase,
		@DefaultValue("30s") Duration reapInterval, @DefaultValue("") String installation,
		@DefaultValue("512") int trialPidsLimit, @DefaultValue("4") int maxTrials,
		@DefaultValue("30s") Duration trialTimeout, @DefaultValue("0.25") double trialMinCpus) {

	public String defaultImage() {
		return this.images.get(0);
	}

}
