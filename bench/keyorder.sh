#!/usr/bin/env bash
# The embedded store's key order: lookups per second of one _id among a broadcast's 10,000 keys (JMH, 1 fork,
# 3x2 s warm-up, 5x2 s measurement; a compare loop, the page search and a lookup in an H2 map of the keys stored in a
# file, for sequential and random group ids), with C1 only (as in ops/jvm/small-footprint.args) and with both compilers.
source "$(dirname "$0")/lib.sh"
{
  echo "## Key order ($(date -u +%FT%TZ))"
  echo
  echo '```'
  for jit in "-XX:TieredStopAtLevel=1" "-XX:TieredStopAtLevel=4"; do
    echo "JVM: -Xmx256m $jit"
    $JAVA -cp "$HARNESS_CP" org.openjdk.jmh.Main KeyOrderBenchmark -jvmArgs "-Xmx256m $jit" 2>&1 | grep "^KeyOrderBenchmark\.\|^Benchmark "
  done
  echo '```'
} | tee "$OUT/keyorder.md"
