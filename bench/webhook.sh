#!/usr/bin/env bash
# Webhook acceptance (fixed rate + saturation) for the bot and the bare endpoint, start-up and RSS.
# Bounded: ~2 x ROUNDS x (warm-up + fixed + saturation) + the bot's drains + start-ups, about 7 minutes with the defaults.
# ROUNDS (2): the same phases again in the same JVM; round 1 is a JVM just started (its JIT still compiling).
# Overrides: RATE SECONDS_FIXED WARMUP SAT_SECONDS CONCURRENCY BENCH_GROUPS JVM_ARGS TARGETS (bot,bare) ROUNDS
# REGISTERED (0): how many of the BENCH_GROUPS are registered, so that their messages are check-ins confirmed by a reply
# LATENCY_MS (0): the stand-in's wait before answering a push or reply
source "$(dirname "$0")/lib.sh"
exec $JAVA -Xmx512m -cp "$HARNESS_CP" \
  -Dbench.appCp="$APP_CP" -Dbench.bareCp="$BARE_CP" -Dbench.out="$OUT" \
  -Dbench.rate="${RATE:-1000}" -Dbench.seconds="${SECONDS_FIXED:-30}" -Dbench.warmup="${WARMUP:-60}" \
  -Dbench.satSeconds="${SAT_SECONDS:-20}" -Dbench.concurrency="${CONCURRENCY:-16}" -Dbench.groups="${BENCH_GROUPS:-5}" \
  -Dbench.jvmArgs="${JVM_ARGS:--Xmx256m}" -Dbench.targets="${TARGETS:-bot,bare}" -Dbench.rounds="${ROUNDS:-2}" \
  -Dbench.registered="${REGISTERED:-0}" -Dbench.latencyMs="${LATENCY_MS:-0}" \
  sanphalang.bench.WebhookBench
