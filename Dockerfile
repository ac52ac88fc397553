# cagelab/app — the Cagelab app and its engine guard (see docker-compose.yml).
#
# Builds without any registry: FROM the local base that `./cagelab images`
# makes (a Java 17 runtime and curl on Debian, sandbox-images/java/), with the
# jar that `./cagelab images` builds into target/cagelab.jar (or ./mvnw package).
ARG BASE_IMAGE=cagelab/java:bookworm
FROM ${BASE_IMAGE}

LABEL io.cagelab.image=app \
      org.opencontainers.image.title="Cagelab" \
      org.opencontainers.image.description="Self-hosted container-security lab: the app, or its engine guard (command guard)"

# One unprivileged user; /data (the database, authored exercises) is the only
# path it owns. Everything else stays root's and read-only to it.
RUN set -eu; \
    groupadd --gid 10000 cagelab; \
    useradd --uid 10000 --gid 10000 --no-create-home --home-dir /data \
            --shell /usr/sbin/nologin --comment "Cagelab" cagelab; \
    install -d -o 10000 -g 10000 -m 0750 /data

WORKDIR /opt/cagelab
COPY course/ course/
COPY exercises/ exercises/
COPY target/cagelab.jar cagelab.jar

ENV CAGELAB_DATA_DIR=/data \
    CAGELAB_COURSE_DIR=/opt/cagelab/course \
    CAGELAB_EXERCISES_DIR=/opt/cagelab/exercises \
    LANG=C.UTF-8
USER 10000:10000
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/login"]
# The heap follows the container's memory limit; the rest is for metaspace,
# threads and Netty's direct buffers. Netty's native transport would have to
# be unpacked where it can be executed, and every writable path is noexec.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", \
            "-Dio.netty.transport.noNative=true", "-jar", "/opt/cagelab/cagelab.jar"]
