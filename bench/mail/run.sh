#!/usr/bin/env bash
# Ticket-mail throughput (see bench/README.md): N imported guests mailed through the real path
# (outbox -> sender -> HTML, QR, PDF, .ics -> SMTP to a local GreenMail -> marked sent), with the
# in-process PDF and whole-mail render rates as references.
#   bench/mail/run.sh [N]      default 1,000 mails
set -euo pipefail
cd "$(dirname "$0")/../.."
mails="${1:-1000}"
mvn -B -q -Dstyle.color=never test -Dtest=MailBench -Dbench.mails="$mails" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e '^\[main\] INFO' -e ' INFO ' -e ' WARN ' -e '^$'
