# Shared by the bench scripts: builds the bot and the harness (-Pbench) and sets the classpaths.
# Everything runs on 127.0.0.1; nothing is sent anywhere else.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/bench/results}
mkdir -p "$OUT/logs"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -B -q -Pbench -DskipTests test-compile
fi
mvn -B -q -Pbench dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/bench-runtime.cp >/dev/null
mvn -B -q -Pbench dependency:build-classpath -DincludeScope=test -Dmdep.outputFile=target/bench-test.cp >/dev/null
# APP_CP may be given: the bot's classes as a jar, for a class-data-sharing archive (CDS archives no directory).
APP_CP=${APP_CP:-"$ROOT/target/classes:$(cat target/bench-runtime.cp)"}
BARE_CP="$ROOT/target/test-classes:$(cat target/bench-runtime.cp)"
HARNESS_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/bench-test.cp)"
JAVA=${JAVA:-java}
export ROOT OUT APP_CP BARE_CP HARNESS_CP JAVA
