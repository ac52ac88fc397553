package io.cagelab.authoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;

/**
 * Limits on an imported exercise pack, on top of each file's own ({@code cagelab.authoring.max-spec} and
 * {@code max-readme}). The shipped course is 32 exercises, about 100 entries and 500 KiB once expanded, well within.
 *
 * @param maxBody the largest request body, the pack as sent (gzip-compressed)
 * @param maxEntries the most entries (folders and files) a pack may hold
 * @param maxExpanded the most bytes a pack may expand to, tar headers and padding included: reading stops there, so
 * a decompression bomb is never inflated further
 */
@Validated
@ConfigurationProperties("cagelab.authoring.pack")
public record PackProperties(@DefaultValue("4MB") DataSize maxBody, @DefaultValue("1000") int maxEntries,
		@DefaultValue("32MB") DataSize maxExpanded) {

	@AssertTrue(message = "max-body must be above 0 and at most 256MB, max-entries from 1 to 100000, max-expanded"
			+ " above 0 and at most 1GB")
	boolean isSensible() {
		return this.maxBody.toBytes() > 0 && this.maxBody.toBytes() <= DataSize.ofMegabytes(256).toBytes()
				&& this.maxEntries >= 1 && this.maxEntries <= 100_000 && this.maxExpanded.toBytes() > 0
				&& this.maxExpanded.toBytes() <= DataSize.ofGigabytes(1).toBytes();
	}

}
