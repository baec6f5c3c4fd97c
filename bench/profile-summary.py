"""Where the service's threads spent their CPU samples, from a Java Flight Recorder file.

Usage: profile-summary.py RECORDING.jfr [THREAD_PREFIX ...]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 96` and prints, per group of threads (HTTP
requests, the projection, a rebuild ...), the share of samples whose stack passes through each library
(inclusive: a sample in the PostgreSQL driver called by Hibernate counts for both), the share each library
was doing itself (its innermost frame), and the methods most often on top of the stack. bench/run.sh records a file with BENCH_JFR=1.
"""
import collections
import re
import subprocess
import sys

GROUPS = [
    ("HTTP requests", "http-nio-"),
    ("projection (live)", "EventProcessor[workshop-views]"),
    ("rebuild (reading the history)", "workshop-views-rebuild-reader"),
    ("rebuild (projecting)", "workshop-views-rebuild"),
    ("rebuild coordinator", "projection-rebuild"),
]

LIBRARIES = [
    ("the service's own code", "io.workshopstate."),
    ("Axon Framework", "org.axonframework."),
    ("Hibernate", "org.hibernate."),
    ("Spring Data JPA", "org.springframework.data."),
    ("PostgreSQL JDBC driver", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("Jackson 2 (event serialization)", "com.fasterxml.jackson."),
    ("Jackson 3 (HTTP JSON)", "tools.jackson."),
    ("Spring Security / JWT", "org.springframework.security."),
    ("Nimbus JOSE (JWT)", "com.nimbusds."),
    ("Tomcat", "org.apache.tomcat."),
    ("Micrometer", "io.micrometer."),
    ("socket I/O", "sun.nio.ch."),
    ("logging (Logback)", "ch.qos.logback."),
    ("other Spring (web, transactions, AOP ...)", "org.springframework."),
]


def samples(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s+([\w.$<>]+\([^)]*\))\s+line:", block, re.MULTILINE)
        if thread and frames:
            yield thread.group(1), frames


def leaf_library(frames):
    for frame in frames:
        for name, package in LIBRARIES:
            if frame.startswith(package):
                return name
    return "other code"


def group_of(thread, groups):
    for name, prefix in groups:
        if thread.startswith(prefix):
            return name
    return "other threads"


def main(recording, extra_prefixes):
    groups = [(prefix, prefix) for prefix in extra_prefixes] + GROUPS
    per_group = collections.defaultdict(list)
    for thread, frames in samples(recording):
        per_group[group_of(thread, groups)].append(frames)
    total = sum(len(stacks) for stacks in per_group.values())
    print(f"{total} execution samples in {recording}")
    for group, stacks in sorted(per_group.items(), key=lambda item: -len(item[1])):
        print(f"\n## {group}: {len(stacks)} samples ({100 * len(stacks) / total:.0f} % of all)")
        print("inclusive, by library:")
        for name, package in LIBRARIES:
            share = sum(1 for frames in stacks if any(frame.startswith(package) for frame in frames))
            if share:
                print(f"  {100 * share / len(stacks):5.1f} %  {name}")
        print("doing the work, by library (the innermost frame of a library listed here; JDK code counts for its caller):")
        leaves = collections.Counter(leaf_library(frames) for frames in stacks)
        for name, count in leaves.most_common():
            print(f"  {100 * count / len(stacks):5.1f} %  {name}")
        print("on top of the stack:")
        tops = collections.Counter(re.sub(r"\(.*", "", frames[0]) for frames in stacks)
        for method, count in tops.most_common(12):
            print(f"  {100 * count / len(stacks):5.1f} %  {method}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
