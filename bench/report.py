"""Writes the benchmark report (Markdown) and its chart (PNG) from the raw results of bench/run.sh.

Usage: report.py RAW_DIR REPORT.md CHART.png

Everything below the line HAND_WRITTEN of an existing report is kept: the analysis of a run is written by
people, the figures only by this script.
"""
import json
import math
import statistics
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HAND_WRITTEN = "<!-- Written by hand from here on; bench/run.sh keeps it when it writes the figures above. -->"


def percentile(values, share):
    """Nearest rank: the smallest value that at least the given share of all values does not exceed."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def ms(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f} ms"
    return f"{value:.1f} ms"


def number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def ratio(value):
    return "–" if value is None else f"{value:.2f}×"


def read_results(raw):
    rows = [json.loads(line) for line in (raw / "results.jsonl").read_text().splitlines() if line.strip()]
    wrk = {row["label"]: row for row in rows if "rps" in row}
    other = [row for row in rows if "rps" not in row]
    return wrk, other


def one(rows, kind, label=None):
    for row in rows:
        if row.get("kind") == kind and (label is None or row.get("label") == label):
            return row
    return None


def warm_up(wrk, rows, label):
    """How long a process was warmed up before it was measured ("3 rounds, ..."), or None if it was not."""
    rounds = [row for row in rows if row.get("kind") == "warmup" and row.get("label") == label]
    if not rounds:
        return None
    last = rounds[-1]
    runs = [wrk.get(f"warmup-{label}-{row['round']}") for row in rounds]
    rates = [run["rps"] for run in runs if run]
    settled = 10 * last["compiler_ticks"] < last["seconds"] * last["ticks_per_second"]
    described = f"{len(rounds)} round{'' if len(rounds) == 1 else 's'} of {last['seconds']} s"
    if not settled:
        described += " (the limit; still compiling)"
    if len(rates) > 1:
        described += f", {number(rates[0])} saves/s in the first and {number(rates[-1])} in the last"
    elif rates:
        described += f", {number(rates[0])} saves/s"
    return described


def read_lag(path):
    samples, never = [], 0
    for line in path.read_text().splitlines():
        at, lag = line.split("\t")
        if lag == "never":
            never += 1
        else:
            samples.append((float(at), float(lag)))
    return samples, never


def load_average(raw):
    path = raw / "loadavg.txt"
    values = [float(line.split()[1]) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []
    return values


def failures(run):
    return sum(run[key] for key in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout"))


def main(raw, report, chart):
    wrk, rows = read_results(raw)
    meta = one(rows, "meta")
    ceilings = {(row["script"], row["clients"]): row for row in rows if row.get("kind") == "ceiling"}
    clients = sorted({int(label.split("-")[1]) for label in wrk if label.startswith("storm-")})
    top = clients[-1]
    loads = load_average(raw)
    lines = []
    add = lines.append

    add("# Benchmarks")
    add("")
    smoke = meta["mode"] == "smoke"
    if smoke:
        add("**A smoke run: seconds per scenario and tiny sizes. These figures mean nothing; run `bench/run.sh`.**")
        add("")
    if meta["mode"] == "storm":
        add("**Scenarios 1 and 7 alone (`bench/run.sh storm`); the other targets were not measured.**")
        add("")
    add(f"Measured {meta['date']} by `bench/run.sh{'' if meta['mode'] == 'full' else ' ' + meta['mode']}` on a machine with {meta['cores']} cores "
        f"and {meta['memory']} of memory; {meta['java']}; service JVM options: `{meta['jvm_options']}`; "
        f"database: {meta['database']} (PostgreSQL {meta['postgres']}). Load generator (wrk), pgbench and the "
        f"service share the same cores. Load average (1 minute) during the run: "
        + (f"min {min(loads):.1f}, mean {statistics.mean(loads):.1f}, max {max(loads):.1f}." if loads else "unknown."))
    add("")
    add("Targets are ratios within this one run, because the machine is shared and noisy; absolute figures are "
        "context. Latencies are wrk's (from the client, whole HTTP round trip); p50 and p99 are percentiles over "
        "every request of the run.")
    add("")

    # Figures every section needs.
    storm = {count: wrk.get(f"storm-{count}") for count in clients}
    insert_top = ceilings.get(("insert", top))
    storm_top = storm.get(top)
    storm_ratio = storm_top["rps"] / insert_top["tps"] if storm_top and insert_top else None
    storm_failed = sum(failures(run) for run in storm.values() if run)

    lag_rows = []
    for label, title in (("one-process", "one process (standalone)"), ("split", "command side + query side")):
        lag = one(rows, "lag", label)
        if not lag:
            continue
        samples, never = read_lag(raw / lag["file"])
        load = wrk.get(f"lag-load-{label}")
        seconds = max(meta["lag_seconds"], 1)
        first = [value for at, value in samples if at < seconds / 3]
        last = [value for at, value in samples if at >= 2 * seconds / 3]
        values = [value for _, value in samples]
        lag_rows.append({
            "label": label, "title": title, "clients": lag["clients"], "load": load, "never": never,
            "count": len(values), "samples": samples,
            "p50": percentile(values, 0.5) if values else None, "p99": percentile(values, 0.99) if values else None,
            "max": max(values) if values else None,
            "first_p50": percentile(first, 0.5) if first else None,
            "last_p50": percentile(last, 0.5) if last else None,
            "first_p99": percentile(first, 0.99) if first else None,
            "last_p99": percentile(last, 0.99) if last else None,
        })

    def lag_met(row):
        if row["p99"] is None or row["never"]:
            return False
        growing = (row["first_p50"] is not None and row["last_p50"] is not None
                   and row["last_p50"] > 1.5 * row["first_p50"] + 10)
        return row["p99"] <= 100 and not growing

    fresh_runs = [run for label, run in sorted(wrk.items()) if label.startswith("save-fresh")]
    long_runs = [run for label, run in sorted(wrk.items()) if label.startswith("save-long")]
    fresh_p50 = statistics.mean(run["p50_ms"] for run in fresh_runs) if fresh_runs else None
    long_p50 = statistics.mean(run["p50_ms"] for run in long_runs) if long_runs else None
    long_ratio = long_p50 / fresh_p50 if fresh_p50 and long_p50 else None
    small, big = wrk.get("read-small"), wrk.get("read-big")
    store_small, store_big = one(rows, "store", "read-small"), one(rows, "store", "read-big")
    read_ratio = big["p99_ms"] / small["p99_ms"] if small and big else None
    rebuild = one(rows, "rebuild")
    rebuild_seconds = rebuild_rate = None
    if rebuild and rebuild["state"] == "COMPLETED":
        from datetime import datetime
        started = datetime.fromisoformat(rebuild["started"].replace("Z", "+00:00"))
        finished = datetime.fromisoformat(rebuild["finished"].replace("Z", "+00:00"))
        rebuild_seconds = (finished - started).total_seconds()
        rebuild_rate = rebuild["events"] / rebuild_seconds if rebuild_seconds > 0 else None
    memory = one(rows, "memory")
    peak_mb = memory["peak_rss_kb"] / 1024 if memory else None

    def met(flag, measured=True):
        if not measured:
            return "**not measured**"
        return "**met**" if flag else "**missed**"

    add("## Targets")
    add("")
    add("| scenario | target | measured | |")
    add("|---|---|---|---|")
    add(f"| 1. auto-save storm, {top} clients | saves/s ≥ 0.3 × pgbench INSERT tps at {top} clients; no save fails "
        f"| {number(storm_top and storm_top['rps'])} saves/s against {number(insert_top and insert_top['tps'])} tps: "
        f"{ratio(storm_ratio)}; {storm_failed} failed | {met(storm_ratio is not None and storm_ratio >= 0.3 and storm_failed == 0)} |")
    measured_only_storm = meta["mode"] == "storm"
    for row in lag_rows:
        add(f"| 3. projection lag, {row['title']}, {row['clients']} clients | p99 ≤ 100 ms, not growing over "
            f"{meta['lag_seconds']} s | p99 {ms(row['p99'])}; p50 {ms(row['first_p50'])} in the first third, "
            f"{ms(row['last_p50'])} in the last; {row['never']} never visible | {met(lag_met(row))} |")
    if not measured_only_storm:
        add(f"| 4. long history | p50 with {number(one(rows, 'long-session')['events_before'] if one(rows, 'long-session') else None)} "
            f"prior events ≤ 1.2 × p50 on fresh sessions | {ms(long_p50)} against {ms(fresh_p50)}: "
            f"{ratio(long_ratio)} | {met(long_ratio is not None and long_ratio <= 1.2)} |")
        add(f"| 5. big store | GET p99 with {number(store_big and store_big['events'])} events ≤ 1.2 × p99 with "
            f"{number(store_small and store_small['events'])} | {ms(big and big['p99_ms'])} against "
            f"{ms(small and small['p99_ms'])}: {ratio(read_ratio)} | {met(read_ratio is not None and read_ratio <= 1.2, measured=read_ratio is not None)} |")
        add(f"| 6. rebuild | ≥ 20,000 events/s | {number(rebuild_rate)} events/s "
            f"({number(rebuild and rebuild['events'])} events in {number(rebuild_seconds, 1)} s) "
            f"| {met(rebuild_rate is not None and rebuild_rate >= 20000, measured=rebuild_rate is not None)} |")
    add(f"| 7. memory | peak RSS ≤ 512 MB during scenario 1 | {number(peak_mb)} MB "
        f"| {met(peak_mb is not None and peak_mb <= 512)} |")
    add("")
    add("![Throughput and latency against load](" + Path(chart).name + ")")
    add("")

    add("## 1. Auto-save storm")
    add("")
    add(f"Each client saves into its own session (a workshop of {10} steps), a text of about 1,000 characters "
        f"at a random step, as fast as it is answered, for {meta['load_seconds']} s per client count. The ceiling "
        "is pgbench on the same server at the same client counts: one INSERT of a row of the size of a stored "
        "`StepResponseSaved` event per transaction (`insert`), and one upsert of a `step_responses` row, the "
        "CRUD design of the seed (`upsert`).")
    add("")
    warmed = warm_up(wrk, rows, "standalone")
    if warmed:
        add(f"Before it was measured, the service was warmed up with saves at {top} clients in rounds until its "
            f"JIT compilers used less than a tenth of a core in a round: {warmed}. A JVM compiles its hot code "
            "while it serves; measured straight after its start it is measured half compiled.")
        add("")
    add("| clients | saves/s | p50 | p99 | max | failed | service CPU per save | pgbench insert tps (p50, p99) | ratio | pgbench upsert tps (p50, p99) | ratio | projection behind after the run |")
    add("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for count in clients:
        run = storm.get(count)
        insert, upsert = ceilings.get(("insert", count)), ceilings.get(("upsert", count))
        behind = one(rows, "catch-up", f"storm-{count}")
        cpu = one(rows, "cpu", f"storm-{count}")
        if not run:
            continue
        add(f"| {count} | {number(run['rps'])} | {ms(run['p50_ms'])} | {ms(run['p99_ms'])} | {ms(run['max_ms'])} "
            f"| {failures(run)} | {ms(cpu and 1000 * cpu['ticks'] / cpu['ticks_per_second'] / run['requests'])} "
            f"| {number(insert and insert['tps'])} ({ms(insert and insert['p50_ms'])}, "
            f"{ms(insert and insert['p99_ms'])}) | {ratio(insert and run['rps'] / insert['tps'])} "
            f"| {number(upsert and upsert['tps'])} ({ms(upsert and upsert['p50_ms'])}, {ms(upsert and upsert['p99_ms'])}) "
            f"| {ratio(upsert and run['rps'] / upsert['tps'])} | {behind['seconds'] if behind else '–'} s |")
    add("")
    if insert_top:
        add(f"The ceiling's rows: {insert_top['payload_bytes']} bytes of payload and {insert_top['meta_bytes']} of "
            "metadata, the averages of the `StepResponseSaved` events this run stored. pgbench failed "
            f"{sum(row['failed'] for row in ceilings.values())} transactions.")
        add("")

    add("## 2. Contention")
    add("")
    contention = wrk.get("contention")
    if contention:
        add("8 clients save the same step of one session, each a different text, for "
            f"{meta['load_seconds']} s. Every save is kept (no `expectedRevision`): the command side serializes "
            "them on the session.")
        add("")
        add("| clients | saves/s | p50 | p99 | max | failed |")
        add("|---|---|---|---|---|---|")
        add(f"| 8 | {number(contention['rps'])} | {ms(contention['p50_ms'])} | {ms(contention['p99_ms'])} "
            f"| {ms(contention['max_ms'])} | {failures(contention)} |")
        add("")

    add("## 3. Projection lag under load")
    add("")
    split_warmed = warm_up(wrk, rows, "split")
    add(f"While wrk runs scenario 1 at the client count with the highest rate for {meta['lag_seconds']} s, a probe "
        "(`LagProbe`) saves 10 times a second (fewer when a save takes longer than 100 ms) into sessions of its own and reads `step_responses` straight from "
        "the database every 2 ms: the lag is the time from a save's answer to its revision's row being visible. "
        "In the split deployment the probe saves through the command side and the row is written by the query "
        "side, another process."
        + (f" The split deployment was warmed up as the standalone process was (scenario 1): {split_warmed}."
           if split_warmed else ""))
    add("")
    add("| deployment | clients | saves/s (wrk) | probe saves | lag p50 | p99 | max | p50 first third | p50 last third | p99 last third | never visible |")
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in lag_rows:
        add(f"| {row['title']} | {row['clients']} | {number(row['load'] and row['load']['rps'])} | {row['count']} "
            f"| {ms(row['p50'])} | {ms(row['p99'])} | {ms(row['max'])} | {ms(row['first_p50'])} "
            f"| {ms(row['last_p50'])} | {ms(row['last_p99'])} | {row['never']} |")
    add("")

    add("## 4. Long history")
    add("")
    long_session = one(rows, "long-session")
    if fresh_runs and long_runs and long_session:
        add(f"One client saves for {meta['short_seconds']} s into fresh sessions (20 in turn, each starting with no "
            f"saves), then for as long into one session that already holds {long_session['events_before']:,} events"
            + ("; twice in turn. The target compares the mean of the p50s of each." if len(fresh_runs) > 1
               else ", once each."))
        add("")
        add("| run | session | saves/s | p50 | p99 | max |")
        add("|---|---|---|---|---|---|")
        for label, run in sorted(wrk.items()):
            if label.startswith("save-fresh") or label.startswith("save-long"):
                kind = "fresh" if label.startswith("save-fresh") else f"{long_session['events_before']:,} prior events"
                add(f"| {label} | {kind} | {number(run['rps'])} | {ms(run['p50_ms'])} | {ms(run['p99_ms'])} "
                    f"| {ms(run['max_ms'])} |")
        add("")

    add("## 5. Big store")
    add("")
    generated = one(rows, "generated")
    catch_up = one(rows, "catch-up", "generated")
    if small and big:
        add(f"8 clients read their own session documents (each with all 10 steps answered) for {meta['short_seconds']} s, "
            "first with the store small, then after the store was filled up; the documents themselves are the same.")
        if generated:
            lines[-1] += (f" The {generated['events']:,} added events were written straight into the store by "
                "`StoreFiller` (beside `LagProbe` in the standalone module's tests): the payloads, payload types and "
                "revisions, and metadata that the service writes, every text sealed with a key of its session's own "
                "by the service's own code, in workshops of 100 sessions, each a `SessionStarted` and 99 "
                "`StepResponseSaved` of 1,000 characters; loading them over "
                f"HTTP would take hours. It took {generated['seconds']} s, and the live projection then took "
                f"{float(catch_up['seconds']):.0f} s to project them "
                f"({generated['events'] / float(catch_up['seconds']):,.0f} events/s), with "
                f"{catch_up['dead_letters']} of them refused (dead letters).")
        add("")
        add("| events in the store | reads/s | p50 | p99 | max | failed |")
        add("|---|---|---|---|---|---|")
        for run, store in ((small, store_small), (big, store_big)):
            add(f"| {store['events']:,} | {number(run['rps'])} | {ms(run['p50_ms'])} | {ms(run['p99_ms'])} "
                f"| {ms(run['max_ms'])} | {failures(run)} |")
        add("")

    add("## 6. Rebuild")
    add("")
    if rebuild:
        add("`POST /api/admin/projections/workshop-views/rebuild`, then `GET /api/admin/projections` twice a second "
            "until the rebuild reports `COMPLETED`. The rate is the events in the store over the time between the "
            "rebuild's `startedAt` and `finishedAt`.")
        add("")
        add("| events | state | seconds (service) | seconds (seen by the client) | events/s |")
        add("|---|---|---|---|---|")
        add(f"| {rebuild['events']:,} | {rebuild['state']} | {number(rebuild_seconds, 1)} "
            f"| {rebuild['wall_seconds']:.1f} | {number(rebuild_rate)} |")
        add("")

    add("## 7. Memory")
    add("")
    if memory:
        add("The standalone process's resident set (`VmRSS` in `/proc/<pid>/status`, twice a second) during "
            "scenario 1; `VmHWM` is the kernel's own peak since the process started. The embedded PostgreSQL, "
            "when there is one, is a process of its own and not counted.")
        add("")
        add("| process | JVM options | peak RSS during scenario 1 | VmHWM at its end |")
        add("|---|---|---|---|")
        add(f"| {memory['process']} | `{meta['jvm_options']}` | {peak_mb:,.0f} MB | {memory['hwm_kb'] / 1024:,.0f} MB |")
        add("")

    add("## Rerun it")
    add("")
    add("```sh")
    add("bench/run.sh            # 15 to 25 minutes; rewrites docs/benchmarks.md and docs/benchmarks.png")
    add("bench/run.sh smoke      # seconds per scenario; writes into a temporary folder")
    add("bench/run.sh storm      # scenarios 1 and 7 alone, to compare JVM settings")
    add("```")
    add("")
    add("It needs `wrk`, `pgbench` and `psql`, `jq`, `curl` and Python 3 with matplotlib (Debian: `apt-get install "
        "wrk postgresql-client jq curl python3-matplotlib`). With `SPRING_DATASOURCE_URL` set it runs on that "
        "PostgreSQL server (in fresh databases it creates), else on an embedded one. The service runs with `jvm.options` unless `BENCH_JVM_OPTS` names other JVM "
        "options (empty for the JVM's own choices); `BENCH_JFR=1` records it with Java Flight Recorder, and "
        "`bench/profile-summary.py` condenses the recording.")
    add("")

    text = "\n".join(lines)
    previous = Path(report)
    if previous.exists() and HAND_WRITTEN in previous.read_text():
        text += "\n" + HAND_WRITTEN + previous.read_text().split(HAND_WRITTEN, 1)[1]
    else:
        text += "\n" + HAND_WRITTEN + "\n"
    Path(report).write_text(text)
    draw(chart, clients, storm, ceilings, lag_rows)


def draw(chart, clients, storm, ceilings, lag_rows):
    figure, (rates, latencies, lags) = plt.subplots(1, 3, figsize=(16, 5))
    present = [count for count in clients if storm.get(count)]

    def series(axis, xs, ys, label, style):
        pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
        if pairs:
            axis.plot([x for x, _ in pairs], [y for _, y in pairs], style, label=label)

    series(rates, present, [storm[c]["rps"] for c in present], "service: saves/s", "o-")
    for script, style in (("insert", "s--"), ("upsert", "^--")):
        series(rates, clients, [ceilings.get((script, c), {}).get("tps") for c in clients], f"pgbench {script}: tps", style)
    rates.set_title("Throughput against load")
    rates.set_ylabel("transactions per second")

    series(latencies, present, [storm[c]["p50_ms"] for c in present], "service p50", "o-")
    series(latencies, present, [storm[c]["p99_ms"] for c in present], "service p99", "o:")
    series(latencies, clients, [ceilings.get(("insert", c), {}).get("p50_ms") for c in clients], "pgbench insert p50", "s-")
    series(latencies, clients, [ceilings.get(("insert", c), {}).get("p99_ms") for c in clients], "pgbench insert p99", "s:")
    latencies.set_title("Latency against load")
    latencies.set_ylabel("milliseconds")

    for axis in (rates, latencies):
        axis.set_xscale("log", base=2)
        axis.set_yscale("log")
        axis.set_xticks(clients)
        axis.set_xticklabels([str(c) for c in clients])
        axis.set_xlabel("concurrent clients")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)

    for row in lag_rows:
        if row["samples"]:
            lags.plot([at for at, _ in row["samples"]], [max(value, 0.1) for _, value in row["samples"]], ".",
                      markersize=3, label=f"{row['title']}, {row['clients']} clients")
    lags.axhline(100, color="grey", linestyle="--", linewidth=1, label="target p99: 100 ms")
    lags.set_yscale("log")
    lags.set_title("Projection lag during the storm (scenario 3)")
    lags.set_xlabel("seconds into the run (save answered)")
    lags.set_ylabel("save answered → row visible, ms")
    lags.grid(True, which="both", alpha=0.3)
    lags.legend(fontsize=8)

    figure.tight_layout()
    figure.savefig(chart, dpi=110)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
