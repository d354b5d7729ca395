#!/usr/bin/env bash
# Ingress builds against each other and the naive bridge, loaded in turns at 256 connections: the way a
# change's before/after is measured on a host whose speed drifts between minutes. 127.0.0.1 only; bounded:
# ROUNDS x (1 + builds) x (WARMUP + DURATION) seconds, ~4 minutes for two builds.
#   bench/compare.sh NAME=INGRESS_JAR ...      e.g. before=/tmp/before/bridge-ingress/target/hookbridge-ingress.jar
#                                                   after=bridge-ingress/target/hookbridge-ingress.jar
#   bench/compare.sh 'NAME=INGRESS_JAR JVM-OPTIONS' ...   one build under other JVM options, e.g.
#                                                   'parallel=bridge-ingress/target/hookbridge-ingress.jar -XX:+UseParallelGC'
# PACED_MS=25 bench/compare.sh ...           the same below saturation: each connection pauses 25 ms after each answer
# An older build: git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -DskipTests package -pl bridge-ingress -am)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/compare.sh NAME=INGRESS_JAR ..." >&2; exit 2; }
source bench/lib.sh

echo "hookbridge compare: $(nproc) cores, $ROUNDS rounds of ${WARMUP}s warm-up + ${DURATION}s, work dir $WORK"
start_broker
NAMES=(naive); URLS=(http://127.0.0.1:18081/)
PIDS=("$(start naive-bridge "$WORK/naive.log" java -Xmx256m -cp "$BENCH_JAR" io.hookbridge.bench.NaiveBridge 18081 "$BOOTSTRAP" bench.naive)")
port=18082
for build in "$@"; do
  name=${build%%=*}; jar_and_opts=${build#*=}; jar=${jar_and_opts%% *}
  opts=""; [ "$jar" = "$jar_and_opts" ] || opts=${jar_and_opts#* }
  [ -f "$jar" ] || { echo "missing $jar" >&2; exit 1; }
  ingress_config "$WORK/$name.yaml" "$port"
  PIDS+=("$(BENCH_SECRET=$SECRET start "$name" "$WORK/$name.log" java -Xmx256m -XX:+ExitOnOutOfMemoryError $opts -jar "$jar" --config "$WORK/$name.yaml")")
  NAMES+=("$name"); URLS+=("http://127.0.0.1:$port/webhooks/github")
  port=$((port + 1))
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    # Each build's Kafka acks over its last round, from its own histogram (the naive bridge has none).
    [ "$i" -gt 0 ] && [ "$round" = "$ROUNDS" ] && ack_buckets "${URLS[$i]%/webhooks/github}" "$WORK/${NAMES[$i]}.ack.before"
    load "${NAMES[$i]}" "${URLS[$i]}" 256 "${PIDS[$i]}"
    [ "$i" -gt 0 ] && [ "$round" = "$ROUNDS" ] && ack_buckets "${URLS[$i]%/webhooks/github}" "$WORK/${NAMES[$i]}.ack.after"
  done
done

echo
table
echo
for name in "${NAMES[@]}"; do
  printf "%-12s mean %6s req/s, p99 %s, ratio to the naive bridge %.2f\n" "$name" "$(rate "$name" 256)" \
    "$(p99 "$name" 256)" "$(echo "$(rate "$name" 256) / $(rate naive 256)" | bc -l)"
done
for name in "${NAMES[@]:1}"; do
  echo "$name Kafka acks in the last round (warm-up included): $(ack_quantiles "$WORK/$name.ack.before" "$WORK/$name.ack.after")"
done
