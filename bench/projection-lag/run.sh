#!/usr/bin/env bash
# Measures projection lag in the split deployment: builds the project, starts one command-side and one
# query-side process (on SPRING_DATASOURCE_URL when set, else on an embedded PostgreSQL), makes N saves and
# prints the median and 99th percentile of "save answered -> GET ?minVersion= answered".
# Arguments go to io.workshopstate.standalone.ProjectionLag: saves=1000 warmup=100 sessions=10
# notifications=on|off, or command=URL query=URL to measure services that already run.
# Results and how to read them: docs/projection-lag.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

mvn_cmd=${MVN:-./mvnw}
classpath_file=standalone/target/bench-classpath.txt
"$mvn_cmd" -B -q ${MAVEN_ARGS:-} -pl standalone -am package -DskipTests \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

version=$(sed -n 's:^    <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
exec java -cp "standalone/target/test-classes:standalone/target/classes:$(cat "$classpath_file")" \
    -Dworkshop.command-side-jar="command-side/target/command-side-$version-exec.jar" \
    -Dworkshop.query-side-jar="query-side/target/query-side-$version-exec.jar" \
    -Dworkshop.process-logs=standalone/target/process-logs \
    io.workshopstate.standalone.ProjectionLag "$@"
