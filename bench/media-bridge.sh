#!/usr/bin/env bash
# N concurrent real-time calls through the packaged media-bridge (JVM mode) to a fake echoing model.
# Usage: bench/media-bridge.sh [calls per step, e.g. 100,500] [seconds per step] [spread|aligned] [bridge|bridge-only|floor|direct]
# (defaults 100 calls, 60 s, spread, bridge: the bridge and then the floor relay, each from a fresh process)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl media-bridge,bench -am install
# To a file: through stdout Maven's colour reset code ends up in the last classpath entry.
mvn -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp=$(cat bench/target/classpath.txt)
# The generator, the fake model and the broker run on CPU 1, the bridge on CPU 0.
exec taskset -c 1 java -Xmx2g -cp "bench/target/classes:${cp}" io.aicaller.bench.MediaBridgeBench \
  media-bridge/target/quarkus-app/quarkus-run.jar "${1:-100}" "${2:-60}" "${3:-spread}" "${4:-bridge}"
