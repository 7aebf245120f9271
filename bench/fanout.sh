#!/usr/bin/env bash
# Fan-out: 10,000 group pushes through the outbox against a stand-in enforcing 2,000 pushes/s.
# Bounded: per worker setting, enqueue + at most TIMEOUT (120) s of draining.
# MODE: running (default; one bot kept running, each fan-out enqueued while its senders run), process (the same, the bot
# in a JVM of its own and each fan-out an officer's broadcast to every group through the API: the bot's own CPU and RSS)
# or restart (a backlog enqueued with the senders off, drained by the bot restarted on that store: a restart after a crash).
# MESSAGE (text, card or reply; mode running: a text message or the broadcast card in each push, or a reply to a group's message just received in each)
# Overrides: JVM_ARGS (default -Xmx256m; the bot runs in this JVM, e.g. JVM_ARGS=@ops/jvm/small-footprint.args with MALLOC_ARENA_MAX=2) MESSAGES LIMIT WORKERS (comma list) DRAINS (per worker setting, in one JVM; 12: on 2 cores C2 was still compiling the send path for the first ~8) TIMEOUT LATENCY_MS (stand-in's wait before each push's answer) EXTRA_ARGS (bot settings, e.g. "--sanphalang.outbound.poll-interval=200ms") MISSED_RUNS (skip: missed schedule firings recorded as skipped at the bot's start; run: run, as the bot does, to time a start with them)
source "$(dirname "$0")/lib.sh"
# MODE=process: JVM_ARGS are the bot's JVM's, the harness (stand-in, driver) runs with -Xmx256m; otherwise the bot runs in the harness's JVM.
if [ "${MODE:-running}" = process ]; then HARNESS_JVM=-Xmx256m; else HARNESS_JVM=${JVM_ARGS:--Xmx256m}; fi
exec $JAVA $HARNESS_JVM -cp "$HARNESS_CP" -Dbench.out="$OUT" -Dbench.appCp="$APP_CP" -Dbench.jvmArgs="${JVM_ARGS:--Xmx256m}" \
  -Dbench.messages="${MESSAGES:-10000}" -Dbench.limit="${LIMIT:-2000}" -Dbench.workers="${WORKERS:-8}" \
  -Dbench.mode="${MODE:-running}" -Dbench.message="${MESSAGE:-text}" -Dbench.drains="${DRAINS:-12}" -Dbench.timeoutSeconds="${TIMEOUT:-120}" -Dbench.latencyMs="${LATENCY_MS:-0}" -Dbench.extraArgs="${EXTRA_ARGS:-}" -Dbench.missedRuns="${MISSED_RUNS:-skip}" \
  sanphalang.bench.FanoutBench
