# syntax=docker/dockerfile:1
# The hookbridge egress: built from this repository, run on a JRE as a non-root user.
#   docker build -f deploy/docker/egress.Dockerfile -t hookbridge-egress .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds; only this role and what it depends on are built.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -q -B -DskipTests -pl bridge-egress -am package

FROM eclipse-temurin:17-jre
# curl serves the container health check (GET /health/ready).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 hookbridge \
    && useradd --system --uid 10001 --gid hookbridge --home-dir /var/lib/hookbridge --no-create-home hookbridge \
    && mkdir -p /var/lib/hookbridge /etc/hookbridge \
    && chown hookbridge:hookbridge /var/lib/hookbridge
COPY --from=build /src/bridge-egress/target/hookbridge-egress.jar /opt/hookbridge/hookbridge-egress.jar
USER 10001:10001
WORKDIR /var/lib/hookbridge
ENV HOOKBRIDGE_CONFIG=/etc/hookbridge/hookbridge.yaml
EXPOSE 8081
# The heap: 50 % of the container's memory limit, set here and nowhere else (the other half is RocksDB's (the dedupe store lives off-heap), metaspace, threads and direct buffers; docs/operations.md,
# "Memory"). JAVA_TOOL_OPTIONS adds flags; an -Xmx there replaces the percentage.
# -XX:+ExitOnOutOfMemoryError: a JVM out of heap exits for its orchestrator to restart it, the last line of defence.
# Exec form: the JVM is PID 1 and gets SIGTERM itself, so the graceful stop runs.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/hookbridge/hookbridge-egress.jar"]
