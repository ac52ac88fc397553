package io.cagelab.exercise;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.cagelab.sandbox.SandboxOwner;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * {@code cagelab validate [PATH]}: check every exercise spec under PATH (the exercises folder, a module's folder or
 * one exercise's folder), then play each reference solution and each wrong answer on the real engine. Exit 0 when
 * every solution earns full marks and every wrong answer is caught, 1 otherwise, 2 on usage errors.
 */
public final class ValidateCommand {

	/** Validation plays as this learner; it never exists in the database, only on its sandboxes' labels. */
	static final SandboxOwner VALIDATOR = new SandboxOwner(0, "cagelab-validate");

	private final PrintStream out;

	private ValidateCommand(PrintStream out) {
		this.out = out;
	}

	/** Run the command and return its exit code. */
	public static int run(Class<?> application, String[] args, PrintStream out) {
		if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
			out.println("usage: cagelab validate [PATH]   (PATH: the exercises folder, a module or an exercise)");
			return 2;
		}
		Path path = Path.of((args.length == 1) ? args[0] : "exercises").toAbsolutePath().normalize();
		if (!Files.isDirectory(path)) {
			out.println("cagelab validate: " + path + " is not a folder");
			return 2;
		}
		return new ValidateCommand(out).validate(application, path);
	}

	private int validate(Class<?> application, Path path) {
		Path dataDir;
		try {
			dataDir = Files.createTempDirectory("cagelab-validate-");
		}
		catch (IOException ex) {
			this.out.println("cagelab validate: cannot create a temporary folder: " + ex.getMessage());
			return 2;
		}
		SpringApplication app = new SpringApplication(application);
		String[] settings = { "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--logging.level.root=warn", "--logging.level.io.cagelab=error",
				"--logging.level.io.cagelab.exercise.ExerciseCatalog=off",
				"--cagelab.data-dir=" + dataDir, "--cagelab.exercises-dir=" + exercisesRoot(path),
				"--cagelab.admin-password=" + UUID.randomUUID(), "--cagelab.sandbox.installation=cagelab-validate",
				"--cagelab.sandbox.reap-interval=1h" };
		try (ConfigurableApplicationContext context = app.run(settings)) {
			return validateAll(path, context.getBean(ExerciseSpecReader.class), context.getBean(ExerciseValidator.class));
		}
		finally {
			FileSystemUtils.deleteRecursively(dataDir.toFile());
		}
	}

	private int validateAll(Path path, ExerciseSpecReader reader, ExerciseValidator validator) {
		List<Path> specs = specFiles(path);
		if (specs.isEmpty()) {
			this.out.println("cagelab validate: no " + ExerciseCatalog.SPEC_FILE + " under " + path);
			return 2;
		}
		int failing = 0;
		long started = System.nanoTime();
		for (Path spec : specs) {
			Path folder = spec.getParent();
			String name = folder.getParent().getFileName() + "/" + folder.getFileName();
			List<String> problems = new ArrayList<>();
			ExerciseValidator.Report report = null;
			try {
				SpecReading reading = reader.check(spec, Files.readString(spec));
				reading.problems().forEach((problem) -> problems.add(shown(spec) + ":" + problem.located()));
				for (String readme : List.of("README.en.md", "README.fr.md")) {
					if (!Files.isRegularFile(folder.resolve(readme))) {
						problems.add(new SpecProblem("", 0, 0, "spec.readme-missing", List.of(readme)).english());
					}
				}
				if (reading.valid()) {
					report = validator.validate(reading.exercise(), VALIDATOR).block(Duration.ofMinutes(10));
					problems.addAll(report.problems());
				}
			}
			catch (IOException ex) {
				problems.add("cannot read " + spec + ": " + ex.getMessage());
			}
			catch (IllegalStateException ex) {
				problems.add("took longer than 10 minutes to validate");
			}
			if (problems.isEmpty()) {
				this.out.printf("ok    %-48s %d/%d points, %d wrong answer%s caught (%.1f s)%n", name, report.score(),
						report.maxScore(), report.wrongAnswers(), (report.wrongAnswers() == 1) ? "" : "s",
						report.took().toMillis() / 1000.0);
			}
			else {
				failing++;
				this.out.printf("FAIL  %s%n", name);
				problems.forEach((problem) -> this.out.println("      - " + problem));
			}
		}
		this.out.printf("%d exercises: %d ok, %d failing (%.1f s)%n", specs.size(), specs.size() - failing, failing,
				(System.nanoTime() - started) / 1e9);
		return (failing == 0) ? 0 : 1;
	}

	/** The spec's file as the author's editor opens it: from the working folder when it is under it. */
	private static String shown(Path spec) {
		Path here = Path.of("").toAbsolutePath();
		return spec.startsWith(here) ? here.relativize(spec).toString() : spec.toString();
	}

	/** The exercises folder that holds PATH: PATH itself, or one or two levels up for a module or an exercise. */
	static Path exercisesRoot(Path path) {
		if (Files.isRegularFile(path.resolve(ExerciseCatalog.SPEC_FILE))) {
			return path.getParent().getParent();
		}
		try (Stream<Path> children = Files.list(path)) {
			boolean module = children.anyMatch((child) -> Files.isRegularFile(child.resolve(ExerciseCatalog.SPEC_FILE)));
			return module ? path.getParent() : path;
		}
		catch (IOException ex) {
			return path;
		}
	}

	private static List<Path> specFiles(Path path) {
		try (Stream<Path> files = Files.find(path, 3,
				(file, attributes) -> attributes.isRegularFile()
						&& file.getFileName().toString().equals(ExerciseCatalog.SPEC_FILE))) {
			return files.sorted(Comparator.naturalOrder()).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
