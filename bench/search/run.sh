#!/usr/bin/env bash
# Search and list latency at the attendee desk (see bench/README.md): N imported guests, a few
# hundred look-ups as staff type them and pages of 100 of the whole list, all over HTTP.
#   bench/search/run.sh [N] [QUERIES]      default 100,000 tickets, 400 queries
set -euo pipefail
cd "$(dirname "$0")/../.."
tickets="${1:-100000}"
queries="${2:-400}"
mvn -B -q -Dstyle.color=never test -Dtest=SearchBench -Dbench.tickets="$tickets" -Dbench.queries="$queries" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e '^\[main\] INFO' -e ' INFO ' -e ' WARN ' -e '^$'
