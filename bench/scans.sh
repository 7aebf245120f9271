#!/usr/bin/env bash
# One full read of the inbox on the embedded store (the workers' sweep, the backlog gauge's count) over N handled
# entries, with and without the payload LINE sent. Overrides: ENTRIES (100000,300000). About 2 minutes.
source "$(dirname "$0")/lib.sh"
{
  echo "## Inbox full reads on the embedded store ($(date -u +%FT%TZ))"
  echo
  $JAVA -Xmx512m -cp "$HARNESS_CP" -Dbench.entries="${ENTRIES:-100000,300000}" sanphalang.bench.InboxScanBench 2>&1 | grep "^|"
} | tee "$OUT/scans.md"
