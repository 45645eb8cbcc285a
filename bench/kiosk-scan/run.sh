#!/usr/bin/env bash
# Kiosk benchmarks in headless Chromium (see bench/README.md): scan-to-verdict, at full speed and
# with the CPU throttled, then door throughput with a camera showing one ticket after another.
#   bench/kiosk-scan/run.sh [SCANS] [--throttle RATE] [--door-tickets N] [--only scan|door]
#     SCANS           scans of distinct tickets per run (default 30)
#     --throttle 4    CPU slowdown of the throttled runs (default 4; 1 skips them)
#     --door-tickets  distinct tickets in the door video (default 40: one pass is about a minute)
#     --only          run only the scan-to-verdict or only the door benchmark
# Prints the figures; every scan goes to target/bench/kiosk-scan.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
scans=30
throttle=4
door_tickets=40
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --throttle) throttle="$2"; shift 2 ;;
        --door-tickets) door_tickets="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        [0-9]*) scans="$1"; shift ;;
        *) echo "unknown argument: $1 (see the comment at the top of $0)" >&2; exit 1 ;;
    esac
done
case "$only" in
    "") tests="KioskScanBench" ;;
    scan) tests="KioskScanBench#scan_to_verdict*" ;;
    door) tests="KioskScanBench#door_throughput*" ;;
    *) echo "--only takes scan or door, not $only" >&2; exit 1 ;;
esac
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- public src || echo ' + local changes')"
# Only the figures (and any failure): the server's and Selenium's log lines are dropped.
status=0
mvn -B -q -Dstyle.color=never test -Dtest="$tests" -Dbench.scans="$scans" -Dbench.throttle="$throttle" \
        -Dbench.doorTickets="$door_tickets" 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e '^\[main\] INFO' -e '^[0-9:.]* INFO ' -e 'CdpVersionFinder' -e 'Unable to find CDP implementation' -e '^$' || status=$?
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
