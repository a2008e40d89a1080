#!/usr/bin/env bash
# JMH micro-benchmarks of the bridge's per-frame code (no sockets).
# Usage: bench/jmh.sh [JMH options, e.g. FramePathBenchmark.frame -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl bench -am install
cp=$(mvn -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -cp "bench/target/classes:${cp}" org.openjdk.jmh.Main "$@"
