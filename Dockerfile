# syntax=docker/dockerfile:1
# One side of the split deployment; MODULE says which (command-side or query-side) and PORT where it
# listens. Build from the repository root, since a module needs its siblings:
#   docker build --build-arg MODULE=query-side --build-arg PORT=8082 .
# (docker-compose.yml does this for both sides.)
ARG MODULE=command-side
ARG PORT=8081

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /workspace
COPY . .
# The cache mount keeps Maven's downloads between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
    && cp "${MODULE}"/target/"${MODULE}"-*-exec.jar /workspace/app.jar

FROM eclipse-temurin:17-jre
ARG PORT
# The health check needs an HTTP client; install one only if the base image stopped shipping it.
RUN command -v curl >/dev/null \
    || (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*)
RUN groupadd --system workshop && useradd --system --gid workshop --no-create-home workshop
WORKDIR /app
COPY --from=build /workspace/app.jar app.jar
COPY jvm.options jvm.options
USER workshop
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1
# A side's memory stays within 512 MB whatever the container's limit; jvm.options says how. glibc's
# default of up to eight malloc arenas per core lets the native memory of many request threads grow apart.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "@jvm.options", "-jar", "app.jar"]
