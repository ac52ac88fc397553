package io.cagelab.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the course's outline asks for is taught in both languages: the GPU among what a virtual machine virtualises,
 * and Trivy scanning a running cluster as well as images.
 */
class CourseSeedCoverageTests {

	private static final Path COURSE = Path.of("course");

	@ParameterizedTest
	@EnumSource(Language.class)
	void aVirtualMachinesHardwareIncludesTheGpu(Language language) throws IOException {
		String page = Files.readString(COURSE.resolve("02-vms-vs-containers").resolve(language.code() + ".md"));
		assertThat(page).containsPattern("- \\*\\*[^*]*GPU[^*]*\\*\\*").contains("VFIO").contains("`--gpus`");
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void trivyScansAClusterNotOnlyImages(Language language) throws IOException {
		String page = Files.readString(COURSE.resolve("08-best-practices").resolve(language.code() + ".md"));
		assertThat(page).contains("`trivy image ").contains("`trivy k8s --report summary`")
			.contains("https://trivy.dev/latest/docs/target/kubernetes/");
	}

}
