# Sanphalang: multi-stage build.
#   docker build -t sanphalang .
# Build stage: Maven + JDK 17 compiles and packages the Spring Boot jar (tests run in CI, not here).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: a source change does not download the world again.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline || true
COPY src ./src
COPY flex-templates ./flex-templates
RUN mvn -B -DskipTests package \
 && cp target/sanphalang-*.jar /build/sanphalang.jar

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK; tini-like signal handling comes from `exec` in the entrypoint.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 sanphalang \
 && useradd --system --uid 10001 --gid sanphalang --home-dir /app --shell /usr/sbin/nologin sanphalang \
 && mkdir -p /app /data \
 && chown sanphalang:sanphalang /data
WORKDIR /app

# The embedded store (used only when MONGODB_URI is unset) keeps its file here.
ENV SANPHALANG_DATA_DIR=/data \
    SERVER_PORT=8080 \
    SPRING_PROFILES_ACTIVE=prod \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/sanphalang.jsa -Djava.security.egd=file:/dev/urandom -Dfile.encoding=UTF-8"
# The jar unpacked, with a class-data-sharing archive of the classes the bot loads as it starts, made by this image's
# java from a training start (the prod profile, the embedded store, the LINE simulator) that stops once the application
# is up: healthy 20-30 % sooner (bench/RESULTS.md, session 28). A JAVA_OPTS without -XX:SharedArchiveFile starts
# without it.
COPY --from=build --chown=root:root /build/sanphalang.jar /tmp/sanphalang-build.jar
COPY --chown=root:root ops/jvm/class-data-archive.sh /usr/local/bin/class-data-archive.sh
RUN sh /usr/local/bin/class-data-archive.sh /tmp/sanphalang-build.jar /app && rm /tmp/sanphalang-build.jar
VOLUME ["/data"]
EXPOSE 8080
USER sanphalang

# /actuator/health is UP only when the store answers a ping.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health" > /dev/null || exit 1

# exec: java becomes PID 1 and receives SIGTERM for a graceful shutdown (inbox workers finish in-flight events).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/sanphalang.jar \"$@\"", "sanphalang"]
