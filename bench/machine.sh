#!/usr/bin/env bash
# The machine a run happened on, for RESULTS.md.
echo "- date: $(date -u +%FT%TZ)"
echo "- nproc: $(nproc)"
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "- memory (free -h): $(free -h | awk '/^Mem:/{print "total " $2 ", used " $3 ", available " $7}')"
echo "- java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
echo "- load average: $(cut -d' ' -f1-3 /proc/loadavg) (other builds/tests on the same machine compete for the 2 cores)"
