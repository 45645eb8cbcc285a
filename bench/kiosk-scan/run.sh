#!/usr/bin/env bash
# Scan-to-verdict benchmark of the kiosk page in headless Chromium (see bench/README.md).
#   bench/kiosk-scan/run.sh [SCANS]      default 30 scans of distinct tickets
# Prints n, median and p95 (and their parts); every scan goes to target/bench/kiosk-scan.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
scans="${1:-30}"
# Only the figures (and any failure): the server's and Selenium's log lines are dropped.
mvn -B -q -Dstyle.color=never test -Dtest=KioskScanBench -Dbench.scans="$scans" 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e '^\[main\] INFO' -e 'CdpVersionFinder' -e 'Unable to find CDP implementation' -e '^$'
