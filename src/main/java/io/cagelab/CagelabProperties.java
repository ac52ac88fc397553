package io.cagelab;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every feature.
 *
 * @param dataDir where the database file and other state live ({@code CAGELAB_DATA_DIR})
 * @param adminPassword password of the {@code admin} account created on first start
 * ({@code CAGELAB_ADMIN_PASSWORD}); a random one is generated and logged once when unset
 * @param courseDir the folder holding one sub-folder of Markdown pages per course module
 * @param exercisesDir the folder holding one sub-folder per module, and in it one folder per exercise
 */
@ConfigurationProperties("cagelab")
public record CagelabProperties(@DefaultValue("./data") Path dataDir, String adminPassword,
		@DefaultValue("./course") Path courseDir, @DefaultValue("./exercises") Path exercisesDir) {

	public Path absoluteDataDir() {
		return this.dataDir.toAbsolutePath().normalize();
	}

	/** Where exercises written in the browser live, in the same format as {@code exercisesDir}. */
	public Path authoredExercisesDir() {
		return absoluteDataDir().resolve("exercises");
	}

}
