#!/usr/bin/env bash
# Egress stage 2 builds against each other, in turns on one broker (bench/compare.sh's way for the ingress):
# Stage2Bench's signed deliveries/s to 4 subscriptions, each build once per round. With DEAD=1 the first
# subscription's receiver accepts connections and never answers, and the rate is the other three's.
#   bench/compare-stage2.sh NAME=BENCH_JAR ...   e.g. before=/tmp/before/bench/target/hookbridge-bench.jar
#                                                     after=bench/target/hookbridge-bench.jar
#   ROUNDS=3 EVENTS=50000 DEAD=0 bench/compare-stage2.sh ...
#   ATTEMPT_LOG=false: every build without the delivery log (a build before it ignores the flag)
# A bench jar carries its egress; an older build: git worktree add /tmp/before <commit> && copy this
# Stage2Bench.java over (for DEAD) && (cd /tmp/before && mvn -q -o -DskipTests package -pl bench -am)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/compare-stage2.sh NAME=BENCH_JAR ..." >&2; exit 2; }
ROUNDS=${ROUNDS:-3}
EVENTS=${EVENTS:-50000}
DEAD=${DEAD:-0}
ATTEMPT_LOG=${ATTEMPT_LOG:-true}
KAFKA_PORT=${KAFKA_PORT:-19092}
WORK=$(mktemp -d /tmp/hookbridge-stage2.XXXXXX)
first_jar=${1#*=}

java -Xmx1g -cp "$first_jar" io.hookbridge.bench.BenchBroker "$KAFKA_PORT" >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
trap 'kill $BROKER_PID 2>/dev/null; wait $BROKER_PID 2>/dev/null; rm -rf "$WORK"/stage2-state*' EXIT
for _ in $(seq 1 240); do grep -q READY "$WORK/broker.log" && break; sleep 0.25; done
grep -q READY "$WORK/broker.log" || { echo "broker did not start" >&2; tail "$WORK/broker.log" >&2; exit 1; }

echo "stage 2 compare: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds, $EVENTS events x 4 subscriptions, $DEAD dead, attempt log $ATTEMPT_LOG"
for round in $(seq 1 "$ROUNDS"); do
  for build in "$@"; do
    name=${build%%=*}; jar=${build#*=}
    line=$(java -Xmx1g -Dbench.brokerPid=$BROKER_PID -Dstage2.events="$EVENTS" -Dstage2.dead="$DEAD" -Dstage2.attemptLog="$ATTEMPT_LOG" \
      -cp "$jar" io.hookbridge.bench.Stage2Bench "127.0.0.1:$KAFKA_PORT" "$WORK" 2>"$WORK/$name.$round.log" \
      | grep -E "RESULT stage2_(signed_deliveries|deliveries_beside_dead)" || echo "RESULT failed: see $WORK/$name.$round.log")
    echo "round $round $name: $line" | tee -a "$WORK/results.txt"
  done
done
echo
for build in "$@"; do
  name=${build%%=*}
  grep " $name: " "$WORK/results.txt" | sed -n 's/.* rate=\([0-9]*\).*/\1/p' \
    | awk -v n="$name" '{s += $1; c++} END {if (c) printf "%-8s mean %.0f deliveries/s over %d rounds\n", n, s / c, c}'
done
