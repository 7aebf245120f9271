#!/bin/sh
# A class-data-sharing archive of the classes the bot loads as it starts: started with it, the bot is healthy 20-30 %
# sooner (prod profile: 5.2-7.0 s against 7.0-8.3 with the small-footprint set, 7.2-8.6 against 9.1-11.4 with the
# defaults), with the same resident memory (bench/RESULTS.md, session 28).
#
# Usage: ops/jvm/class-data-archive.sh <the bot's jar, as built> <directory>
# writes <directory>/sanphalang.jar and <directory>/lib/ (the jar unpacked: an archive can only be used with plain
# jars) and <directory>/sanphalang.jsa, from a training start that stops as soon as the application is up. Then:
#   java -XX:SharedArchiveFile=<directory>/sanphalang.jsa [JVM options] -jar <directory>/sanphalang.jar
# Run it with the java that will run the bot, again after each upgrade of the jar or of java: an archive made by
# another JVM build, or for other jars, is ignored (the bot then starts as it would without it).
set -eu
jar=$1
dir=$2
java -Djarmode=tools -jar "$jar" extract --destination "$dir" --application-filename sanphalang.jar --force
training=$(mktemp -d)
# The training start runs as a fresh install would: the embedded store (in a scratch directory) and the LINE
# simulator, on a port of its own, whatever this shell's environment says.
if env -u MONGODB_URI -u LINE_CHANNEL_SECRET -u LINE_CHANNEL_TOKEN SANPHALANG_DATA_DIR="$training" \
    java -Xmx256m -XX:ArchiveClassesAtExit="$dir/sanphalang.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dir/sanphalang.jar" --server.address=127.0.0.1 --server.port="${TRAINING_PORT:-18089}" \
    > "$training/training.log" 2>&1 && [ -s "$dir/sanphalang.jsa" ]; then
  rm -rf "$training"
  echo "class-data archive: $dir/sanphalang.jsa"
else
  cat "$training/training.log" >&2
  rm -rf "$training"
  echo "class-data archive: the training start failed (its log is above)" >&2
  exit 1
fi
