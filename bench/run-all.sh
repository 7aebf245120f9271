#!/usr/bin/env bash
# Every benchmark, one after the other, on 127.0.0.1 only; each is bounded in count and time.
# Results: bench/results/{machine,webhook,fanout,summaries,summaries-fixed-week,parser,keyorder,storewrites}.md (logs in bench/results/logs/).
# About 15 min (webhook: two rounds, bot and bare) + 3-5 min (fan-out) + 4-6 min (summaries: 10k/100k/1M check-ins,
# two spreads; session 22) + 1 min (parser) + 1 min (key order) + 1 min (store writes).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results/logs
./machine.sh | tee results/machine.md
./parser.sh                       # builds once (mvn -Pbench test-compile)
BENCH_SKIP_BUILD=1 ./webhook.sh
BENCH_SKIP_BUILD=1 ./fanout.sh
BENCH_SKIP_BUILD=1 ./keyorder.sh
BENCH_SKIP_BUILD=1 ./storewrites.sh
BENCH_SKIP_BUILD=1 ./summaries.sh
./machine.sh | tee -a results/machine.md
