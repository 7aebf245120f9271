#!/usr/bin/env bash
# Weekly summary for 1,000 groups at 10k / 100k / 1M stored check-ins (data written straight into the embedded
# H2 file with the MongoDB driver, as the bot's store writes it), timed over HTTP as admin, with two spreads:
# even (every week a 52nd of the check-ins: results/summaries.md) and fixed (the queried week 5,000 of them at every
# level, only the history grows: results/summaries-fixed-week.md). Bounded by the levels; ~3-6 min each for 1M.
# Overrides: LEVELS (comma list) SPREADS ("even fixed") BENCH_GROUPS REQUESTS JVM_ARGS
source "$(dirname "$0")/lib.sh"
for spread in ${SPREADS:-even fixed}; do
  $JAVA -Xmx3g -cp "$HARNESS_CP" -Dbench.appCp="$APP_CP" -Dbench.out="$OUT" -Dbench.spread="$spread" \
    -Dbench.levels="${LEVELS:-10000,100000,1000000}" -Dbench.groups="${BENCH_GROUPS:-1000}" -Dbench.requests="${REQUESTS:-20}" \
    -Dbench.jvmArgs="${JVM_ARGS:--Xmx256m}" \
    sanphalang.bench.SummaryBench
done
