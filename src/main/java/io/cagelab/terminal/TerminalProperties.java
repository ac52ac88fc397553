package io.cagelab.terminal;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How many terminals and watches may be open at once, and what a watch holds. Each terminal holds a shell, an engine
 * connection and two threads: the caps keep one learner from holding many. A watch runs nothing in the sandbox, but
 * holds output for its watcher: the caps and sizes keep that bounded too.
 *
 * @param maxPerSandbox open terminals to one sandbox at most, whoever opens them
 * @param maxPerLearner open terminals of one account at most, over all the sandboxes it reaches
 * @param maxWatchersPerSandbox open watches of one sandbox at most, whoever watches
 * @param maxWatchesPerAccount open watches of one account at most, over all the sandboxes it watches
 * @param watchReplay the recent output of each learner terminal that a watcher gets first, to make sense of the
 * screen
 * @param watchBuffer the output held for one watcher that is not reading; past it the watcher is skipped ahead to the
 * replay
 */
@Validated
@ConfigurationProperties("cagelab.terminal")
public record TerminalProperties(@DefaultValue("4") @Min(1) int maxPerSandbox,
		@DefaultValue("8") @Min(1) int maxPerLearner,
		@DefaultValue("4") @Min(1) int maxWatchersPerSandbox,
		@DefaultValue("8") @Min(1) int maxWatchesPerAccount,
		@DefaultValue("64KB") @NotNull DataSize watchReplay,
		@DefaultValue("256KB") @NotNull DataSize watchBuffer) {

	/** Tell whether the sizes fit: a replay of at least 1 KB, which a watcher's buffer holds with room to spare. */
	@AssertTrue(message = "watch-replay must be 1KB to 16MB, and watch-buffer at least twice watch-replay")
	public boolean isWatchSizesValid() {
		return this.watchReplay != null && this.watchBuffer != null && this.watchReplay.toBytes() >= 1024
				&& this.watchReplay.toBytes() <= 16L * 1024 * 1024
				&& this.watchBuffer.toBytes() >= 2 * this.watchReplay.toBytes();
	}

}
