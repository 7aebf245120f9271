#!/usr/bin/env bash
# The embedded store's work for a broadcast alone: 10,000 outbox entries inserted, leased and settled as the bot's
# grouped writes do, CPU per entry per step (median of 7 rounds after 3 to warm up). For alternating runs of two
# builds of the store. About 1 minute. Overrides: ENTRIES (10000) ROUNDS (10) JVM_ARGS (-Xmx256m)
# CARD (full: each entry carries its ~2 KB card; ref: it names the card stored once, as the bot does since session 23).
# LEASE (written: the lease is an update of its own; held: written with the settle, as the bot does since session 24).
source "$(dirname "$0")/lib.sh"
{
  echo "## Store writes for a broadcast ($(date -u +%FT%TZ), JVM: ${JVM_ARGS:--Xmx256m}, card: ${CARD:-full}, lease: ${LEASE:-written})"
  echo
  echo "| entries | rounds measured | insert (µs CPU per entry) | lease | settle | all |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  $JAVA ${JVM_ARGS:--Xmx256m} -cp "$HARNESS_CP" -Dbench.entries="${ENTRIES:-10000}" -Dbench.rounds="${ROUNDS:-10}" -Dbench.card="${CARD:-full}" -Dbench.lease="${LEASE:-written}" \
    sanphalang.bench.StoreWriteBench 2>&1 | grep "^|"
} | tee "$OUT/storewrites.md"
