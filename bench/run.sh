#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md: builds the project, starts the service on a fresh database, drives it
# over HTTP with wrk, measures the PostgreSQL ceiling with pgbench at the same client counts, and writes
# docs/benchmarks.md and docs/benchmarks.png.
#
#   bench/run.sh          the full run (15 to 25 minutes on two cores)
#   bench/run.sh smoke    a few seconds per scenario, tiny sizes; writes its report into a temporary folder
#                         (or BENCH_OUT) and fails only when the report is missing
#   bench/run.sh storm    scenarios 1 and 7 alone, as in the full run (to compare JVM settings); writes its
#                         report into a temporary folder (or BENCH_OUT)
#
# Database: with SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME / _PASSWORD) set, the fresh databases
# workshop_state_bench and workshop_state_bench_split are made on that server (the role needs CREATEDB);
# otherwise the service starts its own embedded PostgreSQL in a temporary folder.
# BENCH_JVM_OPTS: options for the service's JVMs (default: @jvm.options, the production settings; an empty
# value leaves every choice to the JVM).
# BENCH_JFR=1: record the standalone service with Java Flight Recorder (service.jfr beside the raw results).
# MVN (default ./mvnw) and MAVEN_ARGS build the project; BENCH_SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=${1:-full}
case "$mode" in
    full)
        clients=${BENCH_CLIENTS:-"1 8 32"}
        load_seconds=${BENCH_LOAD_SECONDS:-25}
        warmup_seconds=15
        warmup_rounds=16
        lag_seconds=${BENCH_LAG_SECONDS:-60}
        long_events=10000
        short_seconds=15
        small_store=1000
        big_store=${BENCH_BIG_STORE:-1000000}
        ceiling_seconds=20
        out=${BENCH_OUT:-$root/docs}
        ;;
    storm)
        clients=${BENCH_CLIENTS:-"1 8 32"}
        load_seconds=${BENCH_LOAD_SECONDS:-25}
        warmup_seconds=15
        warmup_rounds=16
        lag_seconds=0
        short_seconds=15
        small_store=1000
        ceiling_seconds=0
        out=${BENCH_OUT:-$(mktemp -d /tmp/workshop-state-bench-storm.XXXXXX)}
        ;;
    smoke)
        clients="1 2"
        load_seconds=2
        warmup_seconds=2
        warmup_rounds=1
        lag_seconds=3
        long_events=100
        short_seconds=2
        small_store=300
        big_store=3000
        ceiling_seconds=2
        out=${BENCH_OUT:-$(mktemp -d /tmp/workshop-state-bench-smoke.XXXXXX)}
        ;;
    *)
        echo "usage: bench/run.sh [full|smoke|storm]" >&2
        exit 2
        ;;
esac
max_clients=$(tr ' ' '\n' <<<"$clients" | sort -n | tail -n 1)
steps=10
dev_secret=dev-secret-for-local-use-only-0123456789
python=${BENCH_PYTHON:-/usr/bin/python3}
jvm_options=${BENCH_JVM_OPTS-@jvm.options}
# The production settings include glibc's arena limit, as the Dockerfile sets it (see jvm.options).
service_env=()
if [ "$jvm_options" = @jvm.options ]; then
    service_env=(MALLOC_ARENA_MAX=2)
    jvm_options_described="$(grep -v '^#' jvm.options | tr '\n' ' ' | sed 's/ *$//') (jvm.options), MALLOC_ARENA_MAX=2"
else
    jvm_options_described=${jvm_options:-(none)}
fi

for tool in wrk pgbench psql curl jq java; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (see docs/benchmarks.md)" >&2; exit 1; }
done
"$python" -c 'import matplotlib' 2>/dev/null \
    || { echo "bench/run.sh needs matplotlib for $python (Debian: python3-matplotlib)" >&2; exit 1; }

work=$(mktemp -d /tmp/workshop-state-bench.XXXXXX)
raw=$work/raw
mkdir -p "$raw" "$out"
results=$raw/results.jsonl
: >"$results"
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        if kill "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work/postgres"
    if [ "${embedded:-1}" = 0 ] && [ "${BENCH_KEEP_DATABASE:-0}" != 1 ]; then
        sql_on "$maintenance_db" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" || true
    fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
# One JSON object per line in results.jsonl; arguments are jq --arg/--argjson pairs.
record() { jq -nc "$@" '$ARGS.named' >>"$results"; }

# ---------------------------------------------------------------------------------------------------------------
# Build

version=$(sed -n 's:^    <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
standalone_jar=standalone/target/workshop-state.jar
command_jar=command-side/target/command-side-$version-exec.jar
query_jar=query-side/target/query-side-$version-exec.jar
classpath_file=standalone/target/bench-classpath.txt
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    log "building"
    # shellcheck disable=SC2086
    "${MVN:-./mvnw}" -B -q ${MAVEN_ARGS:-} -pl standalone -am package -DskipTests \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
probe_classpath="standalone/target/test-classes:standalone/target/classes:$(cat "$classpath_file")"

# ---------------------------------------------------------------------------------------------------------------
# Processes and databases

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
    done
}

# start_service NAME JAR PORT [VAR=value ...]: starts a JVM in the background; its pid is in $service_pid.
start_service() {
    local name=$1 jar=$2 port=$3
    shift 3
    local jfr=()
    if [ "$name" = standalone ] && [ "${BENCH_JFR:-0}" = 1 ]; then
        jfr=("-XX:StartFlightRecording=filename=$raw/service.jfr,settings=profile,dumponexit=true")
    fi
    # A service that runs out of memory leaves a heap dump beside the raw results, to find out why.
    # shellcheck disable=SC2086
    env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
        SERVER_PORT="$port" WORKSHOP_JWT_SECRET="$dev_secret" AXONIQ_UPDATE_CHECKER_DISABLED=true "${service_env[@]}" "$@" \
        java $jvm_options "${jfr[@]}" -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$raw/$name.hprof" \
        -Xlog:gc:file="$raw/$name-gc.log":uptime \
        -jar "$jar" >"$raw/$name.log" 2>&1 &
    service_pid=$!
    pids+=("$service_pid")
}

await_ready() {
    local name=$1 pid=$2 port=$3
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || { tail -n 60 "$raw/$name.log" >&2; echo "$name exited while starting" >&2; exit 1; }
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] \
            && return
        sleep 0.5
    done
    tail -n 60 "$raw/$name.log" >&2
    echo "$name was not ready in time" >&2
    exit 1
}

stop_service() {
    local pid=$1
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Where the databases live: db_host, db_port, db_user, db_password; the benchmark's database is $db_name.
if [ -n "${SPRING_DATASOURCE_URL:-}" ]; then
    database_kind="the PostgreSQL server at $SPRING_DATASOURCE_URL"
    db_host=$(sed -n 's|^jdbc:postgresql://\([^:/]*\).*|\1|p' <<<"$SPRING_DATASOURCE_URL")
    db_port=$(sed -n 's|^jdbc:postgresql://[^:/]*:\([0-9]*\).*|\1|p' <<<"$SPRING_DATASOURCE_URL")
    db_port=${db_port:-5432}
    maintenance_db=$(sed -n 's|^jdbc:postgresql://[^/]*/\([^?]*\).*|\1|p' <<<"$SPRING_DATASOURCE_URL")
    db_user=${SPRING_DATASOURCE_USERNAME:-postgres}
    db_password=${SPRING_DATASOURCE_PASSWORD:-}
    db_name=workshop_state_bench
    embedded=0
else
    database_kind="an embedded PostgreSQL started by the service"
    db_host=127.0.0.1
    db_user=postgres
    db_password=
    db_name=postgres
    embedded=1
fi

sql_on() {
    local database=$1
    shift
    PGPASSWORD=$db_password psql -X -q -At -v ON_ERROR_STOP=1 -h "$db_host" -p "$db_port" -U "$db_user" -d "$database" "$@"
}
sql() { sql_on "$db_name" "$@"; }
jdbc_url() { echo "jdbc:postgresql://$db_host:$db_port/$1"; }

fresh_database() {
    sql_on "$maintenance_db" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

# ---------------------------------------------------------------------------------------------------------------
# The API

dev_token() { # API SUBJECT ROLE
    curl -sf -X POST "$1/dev/tokens" -H 'Content-Type: application/json' \
        -d "{\"sub\": \"$2\", \"roles\": [\"$3\"]}" | jq -r .token
}

# new_sessions API WORKSHOP COUNT PREFIX FILE: COUNT participants, each with a session; "sessionId token" lines.
new_sessions() {
    local api=$1 workshop=$2 count=$3 prefix=$4 file=$5 index participant session
    : >"$file"
    for index in $(seq 1 "$count"); do
        participant=$(dev_token "$api" "$prefix-$index-$RANDOM$RANDOM" participant)
        session=$(curl -sf -X POST "$api/api/workshop/session/create" -H "Authorization: Bearer $participant" \
            -H 'Content-Type: application/json' -d "{\"workshopId\": \"$workshop\"}" | jq -r .sessionId)
        echo "$session $participant" >>"$file"
    done
}

new_workshop() { # API FACILITATOR_TOKEN TITLE
    curl -sf -X POST "$1/api/workshops" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        -d "{\"title\": \"$3\", \"stepCount\": $steps}" | jq -r .workshopId
}

# run_wrk LABEL SCRIPT SESSIONS CONNECTIONS SECONDS URL [VAR=value ...]: one wrk thread per connection.
run_wrk() {
    local label=$1 script=$2 sessions=$3 connections=$4 seconds=$5 url=$6
    shift 6
    log "wrk $label: $connections connections, ${seconds}s"
    env BENCH_WRK_DIR="$root/bench/wrk" BENCH_SESSIONS="$sessions" BENCH_LABEL="$label" \
        BENCH_CONNECTIONS="$connections" BENCH_RESULTS="$results" BENCH_STEPS="$steps" "$@" \
        wrk -t "$connections" -c "$connections" -d "${seconds}s" --timeout 30s \
        -s "$root/bench/wrk/$script" "$url" >"$raw/wrk-$label.txt"
}

# The CPU time (clock ticks) each JIT compiler thread of the given processes has used so far: "tid ticks" lines.
compiler_ticks() {
    local pid task
    for pid in "$@"; do
        for task in /proc/"$pid"/task/*; do
            case "$(cat "$task/comm" 2>/dev/null)" in
                C1\ Compiler* | C2\ Compiler*) awk -v tid="${task##*/}" '{print tid, $14 + $15}' "$task/stat" ;;
            esac
        done
    done
}

# warm_up LABEL SESSIONS URL PID...: saves at $max_clients in rounds of $warmup_seconds until the processes' JIT
# compilers used less than a tenth of a core in a round, or $warmup_rounds rounds have run. A JVM compiles its
# hot code while it serves, and on two busy cores that takes minutes: measured before, the service would be
# measured half compiled.
warm_up() {
    local label=$1 sessions=$2 url=$3 round before spent
    shift 3
    for round in $(seq 1 "$warmup_rounds"); do
        before=$(compiler_ticks "$@")
        run_wrk "warmup-$label-$round" save.lua "$sessions" "$max_clients" "$warmup_seconds" "$url"
        # Threads that came or went during the round count with the time they had at its end.
        spent=$(awk 'NR == FNR {before[$1] = $2; next} {spent += $2 - ($1 in before ? before[$1] : 0)}
                     END {print spent + 0}' <(echo "$before") <(compiler_ticks "$@"))
        record --arg kind warmup --arg label "$label" --argjson round "$round" --argjson compiler_ticks "$spent" \
            --argjson ticks_per_second "$(getconf CLK_TCK)" --argjson seconds "$warmup_seconds"
        if [ "$((spent * 10))" -lt "$((warmup_seconds * $(getconf CLK_TCK)))" ]; then
            return
        fi
    done
}

# Waits until the live projection has every stored event; prints the seconds it took.
await_projection() {
    local api=$1 admin=$2 started=$SECONDS status
    for _ in $(seq 1 7200); do
        status=$(curl -sf "$api/api/admin/projections" -H "Authorization: Bearer $admin" \
            | jq -r '.[0] | "\(.state) \(.live.position // -1) \(.live.head)"')
        read -r state position head <<<"$status"
        if [ "$state" = live ] && [ "$position" -ge "$head" ]; then
            echo $((SECONDS - started))
            return
        fi
        sleep 0.5
    done
    echo "the projection did not catch up" >&2
    exit 1
}

events_in_store() { sql -c "SELECT count(*) FROM domain_event_entry"; }

# fill_until COUNT QUERY LABEL SESSIONS CONNECTIONS: saves in one-second runs until QUERY counts COUNT or more.
fill_until() {
    local count=$1 query=$2 label=$3 sessions=$4 connections=$5
    while [ "$(sql -c "$query")" -lt "$count" ]; do
        run_wrk "$label" save.lua "$sessions" "$connections" 1 "$api" BENCH_RESULTS=/dev/null
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Load average and memory, sampled in the background

sample_load() {
    while :; do
        echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)" >>"$raw/loadavg.txt"
        sleep 5
    done
}
sample_load &
pids+=($!)

# sample_memory PID FILE: VmRSS and VmHWM (kB) of PID twice a second, until killed.
sample_memory() {
    while kill -0 "$1" 2>/dev/null; do
        awk -v t="$(date +%s.%N)" '/^VmRSS/ {rss = $2} /^VmHWM/ {hwm = $2} END {print t, rss, hwm}' \
            "/proc/$1/status" >>"$2" 2>/dev/null || true
        sleep 0.5
    done
}

# ---------------------------------------------------------------------------------------------------------------
# The standalone service on a fresh database

if [ "$embedded" = 1 ]; then
    extra_env=(WORKSHOP_DATA_DIR="$work/postgres")
else
    fresh_database "$db_name"
    extra_env=(SPRING_DATASOURCE_URL="$(jdbc_url "$db_name")" SPRING_DATASOURCE_USERNAME="$db_user"
        SPRING_DATASOURCE_PASSWORD="$db_password")
fi
port=$(free_port)
log "starting the service on $database_kind"
start_service standalone "$standalone_jar" "$port" SPRING_PROFILES_ACTIVE=dev "${extra_env[@]}"
service=$service_pid
await_ready standalone "$service" "$port"
if [ "$embedded" = 1 ]; then
    db_port=$(sed -n 's/.*started an embedded PostgreSQL on port \([0-9]*\).*/\1/p' "$raw/standalone.log" | head -n 1)
    maintenance_db=postgres
fi
api=http://127.0.0.1:$port

record --arg kind meta --arg mode "$mode" --arg date "$(date -u +%FT%TZ)" --arg cores "$(nproc)" \
    --arg memory "$(free -g | awk '/^Mem/ {print $2}') GiB" \
    --arg java "$(java -version 2>&1 | head -n 1)" --arg jvm_options "$jvm_options_described" \
    --arg database "$database_kind" \
    --arg postgres "$(sql -c "SELECT current_setting('server_version') || ', fsync ' || current_setting('fsync')
        || ', synchronous_commit ' || current_setting('synchronous_commit')
        || ', shared_buffers ' || current_setting('shared_buffers')
        || ', autovacuum ' || current_setting('autovacuum')")" \
    --argjson load_seconds "$load_seconds" --argjson lag_seconds "$lag_seconds" \
    --argjson ceiling_seconds "$ceiling_seconds" --argjson short_seconds "$short_seconds"

facilitator=$(dev_token "$api" bench-facilitator facilitator)
admin=$(dev_token "$api" bench-admin admin)
workshop=$(new_workshop "$api" "$facilitator" "Benchmark")
log "creating sessions"
new_sessions "$api" "$workshop" "$max_clients" storm "$work/storm.txt"
new_sessions "$api" "$workshop" 8 reader "$work/readers.txt"
new_sessions "$api" "$workshop" 1 contention "$work/contention-one.txt"
for _ in $(seq 1 8); do cat "$work/contention-one.txt"; done >"$work/contention.txt"
new_sessions "$api" "$workshop" 1 long "$work/long.txt"
new_sessions "$api" "$workshop" 20 fresh "$work/fresh.txt"
new_sessions "$api" "$workshop" 10 probe "$work/probe.txt"

# ---------------------------------------------------------------------------------------------------------------
# Scenario 5, small store: every reader session gets all its steps, the store is filled up to $small_store
# events by saves, then the readers' documents are read.

log "scenario 5: reads with $small_store events in the store"
while read -r session token; do
    for step in $(seq 1 "$steps"); do
        curl -sf -o /dev/null -X POST "$api/api/workshop/save" -H "Authorization: Bearer $token" \
            -H 'Content-Type: application/json' \
            -d "{\"sessionId\": \"$session\", \"stepNumber\": $step, \"responseText\": \"$(head -c 700 /dev/urandom | base64 -w0)\"}"
    done
done <"$work/readers.txt"
fill_until "$small_store" "SELECT count(*) FROM domain_event_entry" fill-small "$work/storm.txt" 2
await_projection "$api" "$admin" >/dev/null
small_events=$(events_in_store)
run_wrk warmup-read read.lua "$work/readers.txt" 8 "$short_seconds" "$api"
run_wrk read-small read.lua "$work/readers.txt" 8 "$short_seconds" "$api"
record --arg kind store --arg label read-small --argjson events "$small_events"

# ---------------------------------------------------------------------------------------------------------------
# Scenario 1 and 7: auto-save storm, each client its own session, with the service's memory sampled

warm_up standalone "$work/storm.txt" "$api" "$service"
await_projection "$api" "$admin" >/dev/null
sample_memory "$service" "$raw/memory.txt" &
memory_sampler=$!
pids+=("$memory_sampler")
best_rate=0
best_clients=$max_clients
# The service's CPU time (user + system, in clock ticks) so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for count in $clients; do
    ticks_before=$(cpu_ticks "$service")
    run_wrk "storm-$count" save.lua "$work/storm.txt" "$count" "$load_seconds" "$api"
    record --arg kind cpu --arg label "storm-$count" \
        --argjson ticks "$(( $(cpu_ticks "$service") - ticks_before ))" --argjson ticks_per_second "$(getconf CLK_TCK)"
    rate=$(jq -r "select(.label == \"storm-$count\" and .rps != null) | .rps | floor" "$results")
    if [ "$rate" -gt "$best_rate" ]; then
        best_rate=$rate
        best_clients=$count
    fi
    behind=$(await_projection "$api" "$admin")
    record --arg kind catch-up --arg label "storm-$count" --argjson seconds "$behind"
done
kill "$memory_sampler" 2>/dev/null || true
wait "$memory_sampler" 2>/dev/null || true
record --arg kind memory --arg label storm --arg process standalone \
    --argjson peak_rss_kb "$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$raw/memory.txt")" \
    --argjson hwm_kb "$(awk 'END {print $3}' "$raw/memory.txt")"

if [ "$mode" != storm ]; then
# ---------------------------------------------------------------------------------------------------------------
# Scenario 2: contention, 8 clients saving the same step of one session

run_wrk contention save.lua "$work/contention.txt" 8 "$load_seconds" "$api" BENCH_SAME_STEP=1
await_projection "$api" "$admin" >/dev/null

# ---------------------------------------------------------------------------------------------------------------
# Scenario 4: a session with $long_events events against fresh sessions, one client

log "scenario 4: writing $long_events events into one session"
long_session=$(cut -d' ' -f1 "$work/long.txt")
fill_until "$long_events" "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '$long_session'" \
    fill-long "$work/long.txt" 1
long_events_before=$(sql -c "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '$long_session'")
await_projection "$api" "$admin" >/dev/null
# Twice in turn, so that a change in the machine's other load does not fall on one side only.
for round in 1 2; do
    run_wrk "save-fresh-$round" save.lua "$work/fresh.txt" 1 "$short_seconds" "$api" BENCH_CYCLE=1
    run_wrk "save-long-$round" save.lua "$work/long.txt" 1 "$short_seconds" "$api"
done
record --arg kind long-session --argjson events_before "$long_events_before"
await_projection "$api" "$admin" >/dev/null

# ---------------------------------------------------------------------------------------------------------------
# Scenario 3: projection lag while the storm runs at its highest rate

# measure_lag LABEL API JDBC_URL STORM_SESSIONS PROBE_SESSIONS: wrk at $best_clients clients and the lag
# probe, side by side. wrk starts 2 s before the probe's first save and ends 4 s after its last, so that every
# probe save meets the full load. The probe's JVM starts first, before the load (under load it took up to
# 10 s), and waits for the agreed instant.
measure_lag() {
    local label=$1 target=$2 url=$3 storm=$4 probe_sessions=$5 load probe start_at wait_ms
    log "scenario 3 ($label): lag under $best_clients clients for ${lag_seconds}s"
    start_at=$(( $(date +%s%3N) + 15000 ))
    java -cp "$probe_classpath" io.workshopstate.standalone.LagProbe api="$target" jdbc="$url" user="$db_user" \
        password="$db_password" sessions="$probe_sessions" seconds="$lag_seconds" rate=10 steps="$steps" \
        drain=300 startAt="$start_at" out="$raw/lag-$label.tsv" >"$raw/probe-$label.txt" 2>&1 &
    probe=$!
    pids+=("$probe")
    wait_ms=$(( start_at - 2000 - $(date +%s%3N) ))
    sleep "$(( wait_ms / 1000 )).$(printf %03d $(( wait_ms % 1000 )))"
    run_wrk "lag-load-$label" save.lua "$storm" "$best_clients" "$((lag_seconds + 6))" "$target" &
    load=$!
    pids+=("$load")
    wait "$probe" || { cat "$raw/probe-$label.txt" >&2; echo "the lag probe failed" >&2; exit 1; }
    wait "$load"
    record --arg kind lag --arg label "$label" --argjson clients "$best_clients" --arg file "lag-$label.tsv"
}
measure_lag one-process "$api" "$(jdbc_url "$db_name")" "$work/storm.txt" "$work/probe.txt"
await_projection "$api" "$admin" >/dev/null

# ---------------------------------------------------------------------------------------------------------------
# The ceiling: pgbench on the same server, one event-sized INSERT or one step_responses upsert per transaction

payload_bytes=$(sql -c "SELECT round(avg(octet_length(payload))) FROM domain_event_entry
    WHERE payload_type = 'io.workshopstate.session.StepResponseSaved'")
meta_bytes=$(sql -c "SELECT round(avg(octet_length(meta_data))) FROM domain_event_entry
    WHERE payload_type = 'io.workshopstate.session.StepResponseSaved'")
text_chars=$(sql -c "SELECT round(avg(character_count)) FROM step_responses")
sql <<'SQL'
DROP TABLE IF EXISTS bench_ceiling_events, bench_ceiling_step_responses;
CREATE TABLE bench_ceiling_events (
    global_index         BIGSERIAL    PRIMARY KEY,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    time_stamp           VARCHAR(255) NOT NULL,
    UNIQUE (aggregate_identifier, sequence_number)
);
CREATE TABLE bench_ceiling_step_responses (LIKE step_responses INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
SQL
cat >"$work/insert.sql" <<'SQL'
\set sequence random(1, 9000000000000000)
INSERT INTO bench_ceiling_events (aggregate_identifier, sequence_number, type, event_identifier, payload_type,
    payload_revision, payload, meta_data, time_stamp)
VALUES ('bench-' || :client_id, :sequence, 'WorkshopSession', gen_random_uuid()::text,
    'io.workshopstate.session.StepResponseSaved', '2',
    convert_to(substr(repeat(md5(random()::text), 100), 1, :payload_bytes), 'UTF8'),
    convert_to(substr(repeat(md5(random()::text), 10), 1, :meta_bytes), 'UTF8'), now()::text);
SQL
cat >"$work/upsert.sql" <<'SQL'
\set step random(1, 10)
INSERT INTO bench_ceiling_step_responses (id, session_id, step_number, response_text, revision, character_count)
VALUES (gen_random_uuid(), CAST(lpad(CAST(:client_id AS text), 32, '0') AS uuid), :step,
    substr(repeat(md5(random()::text), 100), 1, :text_chars), 1, :text_chars)
ON CONFLICT (session_id, step_number) DO UPDATE
SET response_text = excluded.response_text, revision = bench_ceiling_step_responses.revision + 1,
    character_count = excluded.character_count, updated_at = now();
SQL

# Percentiles of pgbench's per-transaction log (third column: microseconds), in milliseconds.
log_percentile() {
    local share=$1
    shift
    cat "$@" | awk '{print $3}' | sort -n | awk -v share="$share" '{v[NR] = $1}
        END {rank = int(share * NR); if (rank < share * NR) rank++; if (rank < 1) rank = 1; printf "%.3f", v[rank] / 1000}'
}

for script in insert upsert; do
    for count in $clients; do
        log "ceiling: pgbench $script, $count clients, ${ceiling_seconds}s"
        rm -f "$work/pgbench-log"*
        threads=$((count < 2 ? count : 2))
        PGPASSWORD=$db_password pgbench -n -h "$db_host" -p "$db_port" -U "$db_user" -c "$count" -j "$threads" \
            -T "$ceiling_seconds" -f "$work/$script.sql" -D payload_bytes="$payload_bytes" -D meta_bytes="$meta_bytes" \
            -D text_chars="$text_chars" --log --log-prefix="$work/pgbench-log" "$db_name" >"$raw/pgbench-$script-$count.txt" 2>&1
        tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$raw/pgbench-$script-$count.txt" | head -n 1)
        failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$raw/pgbench-$script-$count.txt")
        record --arg kind ceiling --arg label "$script-$count" --arg script "$script" --argjson clients "$count" \
            --argjson tps "$tps" --argjson failed "${failed:-0}" \
            --argjson p50_ms "$(log_percentile 0.50 "$work/pgbench-log"*)" \
            --argjson p99_ms "$(log_percentile 0.99 "$work/pgbench-log"*)" \
            --argjson payload_bytes "$payload_bytes" --argjson meta_bytes "$meta_bytes"
    done
done
rm -f "$work/pgbench-log"*
sql -c "DROP TABLE bench_ceiling_events, bench_ceiling_step_responses"

# ---------------------------------------------------------------------------------------------------------------
# Scenario 3 again in the split deployment: a command-side and a query-side process on a database of their own
# on the same server (the standalone service idles meanwhile)

split_db=workshop_state_bench_split
fresh_database "$split_db"
split_env=(SPRING_DATASOURCE_URL="$(jdbc_url "$split_db")" SPRING_DATASOURCE_USERNAME="$db_user"
    SPRING_DATASOURCE_PASSWORD="$db_password")
command_port=$(free_port)
query_port=$(free_port)
log "starting a command side and a query side"
start_service command-side "$command_jar" "$command_port" SPRING_PROFILES_ACTIVE=dev "${split_env[@]}"
command_pid=$service_pid
# Both run the same Flyway migrations; the second to start waits for the first's lock.
start_service query-side "$query_jar" "$query_port" "${split_env[@]}"
query_pid=$service_pid
await_ready command-side "$command_pid" "$command_port"
await_ready query-side "$query_pid" "$query_port"
command_api=http://127.0.0.1:$command_port
split_facilitator=$(dev_token "$command_api" bench-facilitator facilitator)
split_workshop=$(new_workshop "$command_api" "$split_facilitator" "Benchmark, split")
new_sessions "$command_api" "$split_workshop" "$max_clients" storm "$work/split-storm.txt"
new_sessions "$command_api" "$split_workshop" 10 probe "$work/split-probe.txt"
warm_up split "$work/split-storm.txt" "$command_api" "$command_pid" "$query_pid"
await_projection "http://127.0.0.1:$query_port" "$(dev_token "$command_api" bench-admin admin)" >/dev/null
measure_lag split "$command_api" "$(jdbc_url "$split_db")" "$work/split-storm.txt" "$work/split-probe.txt"
stop_service "$command_pid"
stop_service "$query_pid"
sql_on "$maintenance_db" -c "DROP DATABASE IF EXISTS $split_db WITH (FORCE)"

# ---------------------------------------------------------------------------------------------------------------
# Scenario 5, big store, and scenario 6: events written straight into the store up to $big_store, as the service
# writes them (StoreFiller: the same payload types, revisions and metadata, texts sealed with keys of the sessions'
# own): workshops of 100 sessions, each a SessionStarted and 99 StepResponseSaved of 1,000 characters over 10
# steps. The live projection catches up, the readers' documents (unchanged) are read again, then every projection
# is rebuilt from the first event.

to_generate=$((big_store - $(events_in_store)))
if [ "$to_generate" -gt 0 ]; then
    sessions_to_generate=$(( (to_generate + 99) / 100 ))
    log "scenario 5: generating about $to_generate events"
    generate_started=$SECONDS
    java -cp "$probe_classpath" io.workshopstate.standalone.StoreFiller jdbc="$(jdbc_url "$db_name")" user="$db_user" \
        password="$db_password" sessions="$sessions_to_generate" >"$raw/store-filler.txt"
    record --arg kind generated --argjson events "$((sessions_to_generate * 100))" \
        --argjson seconds "$((SECONDS - generate_started))"
    log "scenario 5: waiting for the live projection"
    catch_up_started=$(date +%s.%N)
    await_projection "$api" "$admin" >/dev/null
    record --arg kind catch-up --arg label generated --argjson events "$((sessions_to_generate * 100))" \
        --argjson seconds "$(awk -v a="$catch_up_started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" \
        --argjson dead_letters "$(sql -c "SELECT count(*) FROM dead_letter_entry")"
fi
# The planner's statistics of the read tables as autovacuum keeps them on a server that has it on: StoreFiller's
# ANALYZE ran before the projection filled them, and nothing would take them again where autovacuum is off.
sql -c "ANALYZE workshops, workshop_sessions, step_responses, chat_messages, step_response_revisions"
big_events=$(events_in_store)
run_wrk warmup-read-big read.lua "$work/readers.txt" 8 "$short_seconds" "$api"
run_wrk read-big read.lua "$work/readers.txt" 8 "$short_seconds" "$api"
record --arg kind store --arg label read-big --argjson events "$big_events"

log "scenario 6: rebuilding from $big_events events"
curl -sf -o /dev/null -X POST "$api/api/admin/projections/workshop-views/rebuild" -H "Authorization: Bearer $admin"
rebuild_started=$(date +%s.%N)
for _ in $(seq 1 14400); do
    rebuild=$(curl -sf "$api/api/admin/projections" -H "Authorization: Bearer $admin")
    state=$(jq -r '.[0].lastRebuild.state // "none"' <<<"$rebuild")
    [ "$state" = COMPLETED ] || [ "$state" = FAILED ] && break
    sleep 0.5
done
rebuild_wall=$(awk -v a="$rebuild_started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
echo "$rebuild" >"$raw/rebuild.json"
record --arg kind rebuild --arg state "$state" --argjson events "$big_events" --argjson wall_seconds "$rebuild_wall" \
    --arg started "$(jq -r '.[0].lastRebuild.startedAt' <<<"$rebuild")" \
    --arg finished "$(jq -r '.[0].lastRebuild.finishedAt' <<<"$rebuild")"

fi

stop_service "$service"
kill "${pids[0]}" 2>/dev/null || true

# ---------------------------------------------------------------------------------------------------------------
# The report

report=$out/benchmarks.md
chart=$out/benchmarks.png
[ "$mode" = full ] || { report=$out/benchmarks-$mode.md; chart=$out/benchmarks-$mode.png; }
"$python" bench/report.py "$raw" "$report" "$chart"
[ -s "$report" ] && [ -s "$chart" ] || { echo "no report was written" >&2; exit 1; }
log "wrote $report and $chart; raw results, logs and recordings are in $raw"
