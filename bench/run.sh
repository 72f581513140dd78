#!/usr/bin/env bash
# Runtime benchmark, jcluster and ipyparallel side by side (ipyparallel when installed:
#   apt-get install python3-ipyparallel). Writes bench/RESULTS.md.   bench/run.sh [RUNS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
# the client's JVM gets the huge pages the launcher gives controller and engines (HugePages.java)
hp=""
if grep -qs '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled; then hp="-XX:+UseTransparentHugePages"; fi
java -Xmx5g $hp -cp "$cp" dev.jcluster.bench.RuntimeBench "$@"
# the scale test (1,000 / 5,000 / 10,000 simulated engines) appends its table to bench/RESULTS.md
ulimit -n "$(ulimit -Hn)"
java -Xmx2g -cp "$cp" dev.jcluster.bench.ScaleBench
