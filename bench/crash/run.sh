#!/usr/bin/env bash
# Crash test, long form: kill -9 Usher mid check-in rush, restart it, count lost and doubled check-ins.
#   bench/crash/run.sh [ROUNDS]      default 20 rounds (CI runs 3 inside mvn verify)
# Prints one line per round and a total; fails if any acknowledged check-in was lost or doubled.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-20}"
# Only the figures (and any failure): the servers' own output stays in their temp folder.
mvn -B -Dstyle.color=never test -Dtest=CrashTest -Dcrash.rounds="$rounds" 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -E -e '^(crash test|round [0-9]+|total over)' -e 'Tests run:|FAIL|ERROR|expected|Expecting|BUILD'
