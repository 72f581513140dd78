#!/usr/bin/env bash
# One LS-NMF iteration under JMH, with and without the Vector API module.
#   bench/kernel.sh [JMH OPTIONS...]      e.g. bench/kernel.sh -prof gc
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
echo "== Vector API (--add-modules jdk.incubator.vector)"
java -cp "$cp" org.openjdk.jmh.Main LsNmfIterationBench -jvmArgsAppend "--add-modules=jdk.incubator.vector" "$@"
echo "== scalar"
java -cp "$cp" org.openjdk.jmh.Main LsNmfIterationBench "$@"
