#!/usr/bin/env bash
# A warm `jcluster console` snippet on 2 local engines, against `jcluster exec`; appends to bench/RESULTS.md.
#   bench/console.sh [SNIPPETS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests install
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
java -cp "$cp" dev.jcluster.bench.ConsoleBench scripts/jcluster "$@"
