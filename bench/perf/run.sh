#!/usr/bin/env bash
# "Fast at the door": every performance target of Usher measured in one run, each against a
# reference measured in the same run on this machine (see bench/README.md).
#   bench/perf/run.sh           full run (~4 min): 10 s per wrk row, 100,000-line import, 1,000 and 10,000 SSE clients
#   bench/perf/run.sh --smoke   seconds-long form with tiny counts; judges nothing, fails only if the harness breaks (CI)
#   bench/perf/run.sh --jfr     the server runs under JFR; the output adds where its CPU went in each phase
#   bench/perf/run.sh --nmt     the server runs with Native Memory Tracking; the output adds its memory by kind
#   bench/perf/run.sh --keep    keep the work folder (server log, data folder, CSV) under target/bench/
#   bench/perf/run.sh --server-flags "-Xmx512m ..."   other JVM flags for the server (default: -Xmx160m, see the output)
# Prints one table (also written to target/bench/perf.txt). Exit status: 0 ok, 2 a full run missed a
# target, 1 the harness itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

# wrk (Debian package) generates the HTTP load.
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing wrk (apt-get install -y wrk)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null \
            || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
    else
        echo "bench/perf needs wrk: sudo apt-get install -y wrk" >&2
        exit 1
    fi
fi

# The jar and the test classes, built only when a source is newer than what is there.
jar=target/usher.jar
if [ ! -f "$jar" ] || [ ! -f target/test-classes/dev/usher/bench/PerfRun.class ] \
    || [ -n "$(find pom.xml src public -newer "$jar" -print -quit)" ]; then
    echo "building: mvn -q -B package -DskipTests" >&2
    mvn -q -B package -DskipTests
fi
mkdir -p target/bench
classpath=target/bench/test-classpath.txt
if [ ! -s "$classpath" ] || [ pom.xml -nt "$classpath" ]; then
    mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi

# 10,000 SSE clients need 10,000 sockets in the client process and as many in the server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$classpath")" dev.usher.bench.PerfRun \
    --jar "$jar" --scripts bench/perf --out target/bench/perf.txt "$@"
