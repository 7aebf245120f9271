#!/usr/bin/env bash
# Parser: accuracy on ../shared/examples/checkin-messages.tsv, then JMH throughput (messages/s, 1 fork,
# 3x2 s warm-up, 5x2 s measurement, about 20 s).
source "$(dirname "$0")/lib.sh"
SHARED=${SANPHALANG_SHARED_DIR:-$ROOT/../shared}
{
  echo "## Parser ($(date -u +%FT%TZ))"
  echo
  echo '```'
  $JAVA -Xmx256m -cp "$HARNESS_CP" -Dsanphalang.shared-dir="$SHARED" sanphalang.bench.parser.ParserExamples 2>&1 | grep -v "^\s*$" | tail -3
  $JAVA -cp "$HARNESS_CP" -Dsanphalang.shared-dir="$SHARED" org.openjdk.jmh.Main ParserBenchmark \
      -jvmArgsAppend "-Dsanphalang.shared-dir=$SHARED" -rf text -rff "$OUT/logs/jmh-parser.txt" 2>&1 | tail -4
  echo '```'
} | tee "$OUT/parser.md"
