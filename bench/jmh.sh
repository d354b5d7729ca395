#!/usr/bin/env bash
# JMH micro-benchmarks of the hot pure-Java parts, in the modules that own them:
#   signature verification (bridge-ingress VerifierBenchmark), offset tracking (bridge-egress OffsetTrackerBenchmark).
# Usage: bench/jmh.sh [extra JMH args]    (~1 minute)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl bridge-ingress,bridge-egress -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
for module in bridge-ingress bridge-egress; do
  cp="$module/target/test-classes:$module/target/classes:$(cat $module/target/jmh.classpath)"
  java -cp "$cp" org.openjdk.jmh.Main "$@" 'io.hookbridge.*Benchmark'
done
