#!/usr/bin/env bash
# What bursts of Media Stream upgrade attempts take from a live call through the packaged media-bridge.
# Usage: bench/upgrade-burst.sh [attempts per burst=300] [bursts=5] [unsigned|forged|signed]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl media-bridge,bench -am install
# To a file: through stdout Maven's colour reset code ends up in the last classpath entry.
mvn -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp=$(cat bench/target/classpath.txt)
# The live call's generator, the fake model and the broker on CPU 1, the bridge on CPU 0; the attacker is a
# separate process on CPU 1 at nice 19.
exec taskset -c 1 java -Xmx2g -cp "bench/target/classes:${cp}" io.aicaller.bench.UpgradeBurstBench \
  media-bridge/target/quarkus-app/quarkus-run.jar "${1:-300}" "${2:-5}" "${3:-unsigned}"
