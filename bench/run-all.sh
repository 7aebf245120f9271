#!/usr/bin/env bash
# Every benchmark, one after the other, on 127.0.0.1 only; each is bounded in count and time.
# Results: bench/results/{machine,webhook,fanout,summaries,parser,keyorder}.md (logs in bench/results/logs/).
# About 5 min (webhook) + 5-10 min (fan-out) + summaries (10k/100k: ~5 min; 1M adds much more on a busy
# machine: LEVELS=10000,100000,1000000) + 1 min (parser) + 1 min (key order).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results/logs
./machine.sh | tee results/machine.md
./parser.sh                       # builds once (mvn -Pbench test-compile)
BENCH_SKIP_BUILD=1 ./webhook.sh
BENCH_SKIP_BUILD=1 ./fanout.sh
BENCH_SKIP_BUILD=1 ./keyorder.sh
BENCH_SKIP_BUILD=1 LEVELS=${LEVELS:-10000,100000} ./summaries.sh
./machine.sh | tee -a results/machine.md
