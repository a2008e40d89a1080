#!/usr/bin/env bash
# JMH micro-benchmarks of the bridge's per-frame code (no sockets).
# Usage: bench/jmh.sh [JMH options, e.g. FramePathBenchmark.frame -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl bench -am install
# To a file: through stdout Maven's colour reset code ends up in the last classpath entry.
mvn -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp=$(cat bench/target/classpath.txt)
exec java -cp "bench/target/classes:${cp}" org.openjdk.jmh.Main "$@"
