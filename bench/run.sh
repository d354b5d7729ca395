#!/usr/bin/env bash
# The benchmark: every stage against this machine's own ceilings, in one run, on 127.0.0.1 only.
# Needs: `mvn -q -DskipTests package` done, and wrk (apt-get install -y wrk). Bounded: ~7 minutes.
#   bench/run.sh                 full run
#   DURATION=5 bench/run.sh      shorter load phases (seconds per wrk run, default 10; WARMUP before each, default 20)
#   ROUNDS=2 bench/run.sh        naive bridge and ingress loaded in turns this many times at 256 conns (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
for f in "$INGRESS_JAR" "$EGRESS_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
done

echo "hookbridge benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), wrk ${DURATION}s runs, work dir $WORK"

start_broker

# 1. HTTP ceiling
P=$(start http-ceiling "$WORK/http.log" java -Xmx256m -cp "$BENCH_JAR" io.hookbridge.bench.HttpCeiling 18080)
load "1 http ceiling" http://127.0.0.1:18080/ 256 "$P"
stop "$P"

# 2. Kafka ceiling
java -Xmx512m -cp "$BENCH_JAR" io.hookbridge.bench.KafkaCeiling "$BOOTSTRAP" bench.ceiling 500000 1024 | tee -a "$WORK/kafka.out"

# 3 and 4. The naive bridge and the hookbridge ingress (github verifier, full contract), both running, loaded
# in turns: the machine's speed drifts between minutes (shared host, JIT, the broker's page cache), and
# alternating ROUNDS times puts that drift into both sides of the ratio alike.
P_NAIVE=$(start naive-bridge "$WORK/naive.log" java -Xmx256m -cp "$BENCH_JAR" io.hookbridge.bench.NaiveBridge 18081 "$BOOTSTRAP" bench.naive)
ingress_config "$WORK/ingress.yaml" 18082
P_INGRESS=$(BENCH_SECRET=$SECRET start ingress "$WORK/ingress.log" java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar "$INGRESS_JAR" --config "$WORK/ingress.yaml")
for round in $(seq 1 "$ROUNDS"); do
  load "3 naive bridge" http://127.0.0.1:18081/ 256 "$P_NAIVE"
  # The last round's Kafka acks, from the ingress's own histogram: how much of its latency is Kafka's.
  [ "$round" = "$ROUNDS" ] && ack_buckets http://127.0.0.1:18082 "$WORK/ack.before"
  load "4 ingress" http://127.0.0.1:18082/webhooks/github 256 "$P_INGRESS"
done
ack_buckets http://127.0.0.1:18082 "$WORK/ack.after"
load "3 naive bridge" http://127.0.0.1:18081/ 64 "$P_NAIVE"
load "4 ingress" http://127.0.0.1:18082/webhooks/github 64 "$P_INGRESS"
stop "$P_NAIVE"
stop "$P_INGRESS"

# 5/6. Egress stages (drivers in the bench jar; skipped when absent)
for stage in Stage1Bench Stage2Bench; do
  if unzip -l "$BENCH_JAR" "io/hookbridge/bench/$stage.class" >/dev/null 2>&1; then
    timeout 420 java -Xmx1g -Dbench.brokerPid="$BROKER_PID" -cp "$BENCH_JAR" "io.hookbridge.bench.$stage" "$BOOTSTRAP" "$WORK" >"$WORK/$stage.log" 2>&1 \
      || echo "RESULT $stage failed or timed out (see $WORK/$stage.log)" >>"$WORK/stages.out"
    grep RESULT "$WORK/$stage.log" | tee -a "$WORK/stages.out" || true
  fi
done

# The table
echo
table
grep -h RESULT "$WORK/kafka.out" "$WORK/stages.out" 2>/dev/null | sed 's/^RESULT /- /' || true
echo
ING256=$(rate "4 ingress" 256); ING64=$(rate "4 ingress" 64); NAIVE256=$(rate "3 naive bridge" 256)
echo "at 256 conns, mean of $ROUNDS rounds: naive bridge $NAIVE256 req/s, ingress $ING256 req/s"
printf "ratio ingress/naive at 256 conns: %.2f (target >= 0.85)\n" "$(echo "$ING256 / $NAIVE256" | bc -l)"
printf "ratio ingress 64/256 conns:       %.2f (target >= 0.60)\n" "$(echo "$ING64 / $ING256" | bc -l)"
NAIVE_CPU=$(cpu_per_request "3 naive bridge" 256); ING_CPU=$(cpu_per_request "4 ingress" 256)
printf "server CPU per request at 256 conns: naive bridge %s µs, ingress %s µs (naive/ingress %.2f)\n" "$NAIVE_CPU" "$ING_CPU" \
  "$(echo "$NAIVE_CPU / $ING_CPU" | bc -l)"
echo "ingress Kafka acks in the last 256-conn round (warm-up included): $(ack_quantiles "$WORK/ack.before" "$WORK/ack.after")"
echo "ingress p99 at 256 conns:         $(p99 "4 ingress" 256) (target <= 10ms; naive bridge $(p99 "3 naive bridge" 256))"
echo "results and logs: $WORK"
