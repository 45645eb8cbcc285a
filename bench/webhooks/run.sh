#!/usr/bin/env bash
# Webhooks off the door's path (see bench/README.md): N check-ins without and with a webhook whose
# receiver takes 5 s per call; check-in p50/p99 side by side and the time until all arrived.
#   bench/webhooks/run.sh [N] [RECEIVER_MS]      default 1,000 check-ins, 5,000 ms
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
ms="${2:-5000}"
mvn -B -q -Dstyle.color=never test -Dtest=HookBench -Dbench.checkins="$n" -Dbench.receiverMs="$ms" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e '^\[main\] INFO' -e ' INFO ' -e ' WARN ' -e '^$'
