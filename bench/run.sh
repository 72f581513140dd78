#!/usr/bin/env bash
# Runtime benchmark: jcluster figures, and ipyparallel's beside them when it is installed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
java -Xmx3g -cp "$cp" dev.jcluster.bench.RuntimeBench
