package io.cagelab.authoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Limits on what a trainer saves, each told to the trainer by name when passed.
 *
 * @param maxSpec the largest exercise.yaml, in UTF-8 bytes; the largest shipped one is under 8 KiB
 * @param maxReadme the largest instructions file, each language on its own
 * @param maxProofs exercises proven on the engine at the same time at most, whoever proves them: each plays its
 * solution and wrong answers in sandboxes and trials that learners' work needs too; one more is refused at once
 */
@Validated
@ConfigurationProperties("cagelab.authoring")
public record AuthoringProperties(@DefaultValue("64KB") DataSize maxSpec, @DefaultValue("128KB") DataSize maxReadme,
		@DefaultValue("2") @Min(1) @Max(8) int maxProofs) {

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
