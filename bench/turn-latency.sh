#!/usr/bin/env bash
# What the packaged media-bridge adds to turn-taking at N real-time calls: barge-in (caller speech start to clear)
# and end of turn (caller stops to first agent audio), against a model that detects speech and replies at once.
# Usage: bench/turn-latency.sh [calls] [steady seconds]; the bridge's settings from BRIDGE_JAVA_OPTS, e.g.
#   BRIDGE_JAVA_OPTS=-Dbridge.input-batch=20ms bench/turn-latency.sh 100 60
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl media-bridge,bench -am install
# To a file: through stdout Maven's colour reset code ends up in the last classpath entry.
mvn -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp=$(cat bench/target/classpath.txt)
# The callers, the model and the broker run on CPU 1, the bridge on CPU 0.
exec taskset -c 1 java -Xmx2g -cp "bench/target/classes:${cp}" io.aicaller.bench.TurnLatencyBench \
  media-bridge/target/quarkus-app/quarkus-run.jar "${1:-100}" "${2:-60}"
