#!/usr/bin/env bash
# Weekly summary for 1,000 groups at 10k / 100k / 1M stored check-ins (data written straight into the embedded
# H2 file with the MongoDB driver), timed over HTTP as admin. Bounded by the levels; ~5-10 min for 1M.
# Overrides: LEVELS (comma list) BENCH_GROUPS REQUESTS JVM_ARGS
source "$(dirname "$0")/lib.sh"
exec $JAVA -Xmx3g -cp "$HARNESS_CP" -Dbench.appCp="$APP_CP" -Dbench.out="$OUT" \
  -Dbench.levels="${LEVELS:-10000,100000,1000000}" -Dbench.groups="${BENCH_GROUPS:-1000}" -Dbench.requests="${REQUESTS:-20}" \
  -Dbench.jvmArgs="${JVM_ARGS:--Xmx256m}" \
  sanphalang.bench.SummaryBench
