#!/usr/bin/env bash
# PMF bootstrap: serial Java vs jcluster (2 engines) vs numpy on ipyparallel (2 engines), one run.
#   bench/pmf.sh [REPLICATES [ITERATIONS]]     (default 1000 replicates x 500 iterations)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
java -Xmx3g --add-modules=jdk.incubator.vector -cp "$cp" dev.jcluster.bench.PmfBench "$@"
