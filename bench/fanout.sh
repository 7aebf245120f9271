#!/usr/bin/env bash
# Fan-out: 10,000 group pushes through the outbox against a stand-in enforcing 2,000 pushes/s.
# Bounded: per worker setting, enqueue + at most TIMEOUT (120) s of draining.
# Overrides: MESSAGES LIMIT WORKERS (comma list) DRAINS (per worker setting, in one JVM; 2) TIMEOUT LATENCY_MS (stand-in's wait before each push's answer) EXTRA_ARGS (bot settings, e.g. "--sanphalang.outbound.poll-interval=200ms")
source "$(dirname "$0")/lib.sh"
exec $JAVA -Xmx256m -cp "$HARNESS_CP" -Dbench.out="$OUT" \
  -Dbench.messages="${MESSAGES:-10000}" -Dbench.limit="${LIMIT:-2000}" -Dbench.workers="${WORKERS:-4,16,32}" \
  -Dbench.drains="${DRAINS:-2}" -Dbench.timeoutSeconds="${TIMEOUT:-120}" -Dbench.latencyMs="${LATENCY_MS:-0}" -Dbench.extraArgs="${EXTRA_ARGS:-}" \
  sanphalang.bench.FanoutBench
