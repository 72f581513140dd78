#!/usr/bin/env bash
# Scale test: one controller, 1,000 / 5,000 / 10,000 simulated engine connections (real TCP and
# protocol, two JVMs). Prints registration time, heartbeat CPU, LB throughput, controller memory,
# and records them in bench/RESULTS.md; with SIZES of your own it only prints.
#   bench/scale.sh [SIZES...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
ulimit -n "$(ulimit -Hn)"   # 10,000 connections need more than the usual 1,024 descriptors
mvn -q -B -ntp -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
java -Xmx2g -cp "$cp" dev.jcluster.bench.ScaleBench "$@"
