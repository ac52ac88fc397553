package io.cagelab.sandbox;

import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * What an exercise asks of its sandbox. Every field is optional: what is left out takes the floor's value.
 *
 * @param image one of the allowed images
 * @param capabilities capabilities to add back after all are dropped, from the allow-list
 * @param pidsLimit a lower process limit than the floor's
 * @param memory a lower memory limit than the floor's
 * @param cpus a lower CPU quota than the floor's
 * @param runtime {@code runc} (default) or {@code runsc} (gVisor)
 * @param network {@code none} (default) or {@code isolated}: a network of its own, with no route out
 */
public record SandboxProfile(String image, List<String> capabilities, Integer pidsLimit, DataSize memory, Double cpus,
		String runtime, String network) {

	public static final SandboxProfile DEFAULT = new SandboxProfile(null, List.of(), null, null, null, null, null);

	public SandboxProfile {
		capabilities = (capabilities != null) ? List.copyOf(capabilities) : List.of();
	}

}
