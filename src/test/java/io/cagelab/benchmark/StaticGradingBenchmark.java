package io.cagelab.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.cagelab.Percentiles;
import io.cagelab.course.Language;
import io.cagelab.grading.ComposeParser;
import io.cagelab.grading.ContainerModel;
import io.cagelab.grading.DockerfileParser;
import io.cagelab.grading.HardeningRules;
import io.cagelab.grading.RuleEngine;
import io.cagelab.grading.RunLineParser;
import org.junit.jupiter.api.Test;

/**
 * Parse and grade a submission of each kind 1,000 times. Not part of the test suite:
 * {@code ./mvnw test -Dtest=StaticGradingBenchmark}; results in target/benchmarks/grading.txt.
 */
class StaticGradingBenchmark {

	static final int RUNS = 1_000;

	static final String RUN_LINE = "docker run -d --name web --user 1000:1000 --cap-drop ALL --security-opt"
			+ " no-new-privileges --pids-limit 100 -m 256m --memory-swap 256m --cpus 0.5 --read-only --tmpfs /tmp"
			+ " -v /srv/web:/usr/share/nginx/html:ro -p 127.0.0.1:8080:8080 --health-cmd 'wget -qO- localhost:8080'"
			+ " --restart on-failure:3 nginx:1.27";

	static final String DOCKERFILE = """
			ARG TAG=3.20
			FROM golang:1.23 AS build
			WORKDIR /src
			COPY . .
			RUN go build -o /app ./cmd/app
			FROM alpine:${TAG}
			RUN apk add --no-cache ca-certificates && find / -xdev -perm /6000 -type f -exec chmod a-s {} +
			COPY --from=build /app /app
			USER 10001
			HEALTHCHECK CMD ["/app", "health"]
			ENTRYPOINT ["/app"]
			""";

	static final String COMPOSE = """
			x-base: &base
			  cap_drop: [ALL]
			  read_only: true
			  security_opt: ["no-new-privileges:true"]
			services:
			  web:
			    <<: *base
			    image: nginx:1.27
			    user: "101:101"
			    deploy: {resources: {limits: {pids: 100, memory: 256M, cpus: "0.5"}}}
			    ports: ["127.0.0.1:8080:8080"]
			    healthcheck: {test: [CMD, wget, -qO-, "http://localhost:8080"]}
			""";

	@Test
	void gradeEachKindOfSubmission() throws Exception {
		RuleEngine engine = new RuleEngine(HardeningRules.ALL);
		StringBuilder report = new StringBuilder("Static grading (parse + all rules + messages), " + RUNS + " runs each\n");
		report.append(measure("docker run line", () -> new RunLineParser().parse(RUN_LINE).get(0).container(), engine));
		report.append(measure("Dockerfile", () -> new DockerfileParser().parse(DOCKERFILE), engine));
		report.append(measure("compose file", () -> new ComposeParser(Map.of()).parse(COMPOSE).get(0).container(),
				engine));
		Files.writeString(Files.createDirectories(Path.of("target", "benchmarks")).resolve("grading.txt"), report);
		System.out.println(report);
	}

	private static String measure(String what, Supplier<ContainerModel> parse, RuleEngine engine) {
		for (int i = 0; i < 200; i++) {
			engine.grade(parse.get(), Language.EN);
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			long started = System.nanoTime();
			engine.grade(parse.get(), (i % 2 == 0) ? Language.EN : Language.FR);
			times.add((System.nanoTime() - started) / 1e6);
		}
		return String.format(Locale.ROOT, "  %-16s median %.3f ms, p95 %.3f ms%n", what, Percentiles.of(times, 0.5),
				Percentiles.of(times, 0.95));
	}

}
