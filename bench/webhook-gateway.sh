#!/usr/bin/env bash
# Signed voice webhooks per second and latency percentiles against the packaged webhook-gateway (JVM mode).
# Usage: bench/webhook-gateway.sh [seconds] [connections] [voice|status|forged|flood|flood-unlimited]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl webhook-gateway,bench -am install
# To a file: through stdout Maven's colour reset code ends up in the last classpath entry.
mvn -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp=$(cat bench/target/classpath.txt)
# The generator (and the broker it starts) run on CPU 1, the gateway on CPU 0.
exec taskset -c 1 java -cp "bench/target/classes:${cp}" io.aicaller.bench.WebhookGatewayBench \
  webhook-gateway/target/quarkus-app/quarkus-run.jar "${1:-20}" "${2:-32}" "${3:-voice}"
