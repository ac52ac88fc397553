package io.cagelab.authoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;

/**
 * Limits on what a trainer saves, each told to the trainer by name when passed.
 *
 * @param maxSpec the largest exercise.yaml, in UTF-8 bytes; the largest shipped one is under 8 KiB
 * @param maxReadme the largest instructions file, each language on its own
 */
@Validated
@ConfigurationProperties("cagelab.authoring")
public record AuthoringProperties(@DefaultValue("64KB") DataSize maxSpec, @DefaultValue("128KB") DataSize maxReadme) {

	@AssertTrue(message = "max-spec and max-readme must be above 0 and at most 1MB")
	boolean isSensible() {
		return this.maxSpec.toBytes() > 0 && this.maxReadme.toBytes() > 0
				&& this.maxSpec.toBytes() <= DataSize.ofMegabytes(1).toBytes()
				&& this.maxReadme.toBytes() <= DataSize.ofMegabytes(1).toBytes();
	}

	/** The largest request body: a spec and two instructions, every character possibly escaped in JSON. */
	int maxBody() {
		return (int) (2 * (this.maxSpec.toBytes() + 2 * this.maxReadme.toBytes()) + 4096);
	}

}
