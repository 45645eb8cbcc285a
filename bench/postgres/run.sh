#!/usr/bin/env bash
# Usher on PostgreSQL: check-ins/s with one node and with two nodes on one PostgreSQL, against the
# same PostgreSQL's single-row commit rate, and check-in latency at the doors while a guest list is
# imported (see bench/README.md). Starts its own PostgreSQL 15 (Debian's binaries) with its durable
# defaults in a temp folder and deletes it afterwards.
#   bench/postgres/run.sh           full run (~10 min on a busy machine, mostly the two imports)
#   bench/postgres/run.sh --smoke   a short form with tiny counts; judges nothing, fails only if the harness breaks
#   bench/postgres/run.sh --keep    keep the work folder (both nodes' logs) under target/bench/
# Prints the rows (also written to target/bench/postgres.txt). Exit status: 0 ok (every admission in
# the database exactly once, no 5xx), 2 it was not, 1 the harness itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v wrk >/dev/null 2>&1 || { echo "bench/postgres needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || { echo "bench/postgres needs PostgreSQL 15: apt-get install -y postgresql" >&2; exit 1; }

# The jar and the test classes, built only when a source is newer than what is there.
jar=target/usher.jar
bench=target/test-classes/dev/usher/bench/PgBench.class
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main public -newer "$jar" -print -quit)" ]; then
    echo "building: mvn -q -B package -DskipTests" >&2
    mvn -q -B package -DskipTests
elif [ ! -f "$bench" ] || [ -n "$(find src/test -newer "$bench" -print -quit)" ]; then
    echo "building: mvn -q -B test-compile" >&2
    mvn -q -B test-compile
fi
mkdir -p target/bench
classpath=target/bench/test-classpath.txt
if [ ! -s "$classpath" ] || [ pom.xml -nt "$classpath" ]; then
    mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi

exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$classpath")" dev.usher.bench.PgBench \
    --jar "$jar" --scripts bench/postgres --out target/bench/postgres.txt "$@"
