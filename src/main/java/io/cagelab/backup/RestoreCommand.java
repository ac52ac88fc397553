package io.cagelab.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.cagelab.CagelabProperties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code cagelab restore FILE}: unpack a backup into a new data directory ({@code CAGELAB_DATA_DIR} or
 * {@code --cagelab.data-dir}), for the app to start on; a data directory that already holds a database is refused.
 */
public final class RestoreCommand {

	private RestoreCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.err));
	}

	static int run(String[] args, PrintStream err) {
		String[] files = java.util.Arrays.stream(args).filter((arg) -> !arg.startsWith("--")).toArray(String[]::new);
		if (files.length != 1) {
			err.println("usage: cagelab restore FILE [--cagelab.data-dir=DIR]   (default: CAGELAB_DATA_DIR, else ./data)");
			return 2;
		}
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(
				java.util.Arrays.stream(args).filter((arg) -> arg.startsWith("--")).toArray(String[]::new)));
		CagelabProperties properties = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
			.bindOrCreate("cagelab", Bindable.of(CagelabProperties.class));
		Path dataDir = properties.absoluteDataDir();
		try (InputStream archive = Files.newInputStream(Path.of(files[0]))) {
			BackupArchive.restore(archive, dataDir);
			err.println("cagelab restore: " + files[0] + " restored into " + dataDir + "; start the app on it");
			return 0;
		}
		catch (NoSuchFileException ex) {
			err.println("cagelab restore: " + files[0] + " does not exist");
			return 1;
		}
		catch (BackupException ex) {
			err.println("cagelab restore: " + ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			err.println("cagelab restore: could not read " + files[0] + ": " + ex.getMessage());
			return 1;
		}
	}

}
