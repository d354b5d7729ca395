#!/usr/bin/env bash
# The benchmark: every stage against this machine's own ceilings, in one run, on 127.0.0.1 only.
# Needs: `mvn -q -DskipTests package` done, and wrk (apt-get install -y wrk). Bounded: ~7 minutes.
#   bench/run.sh                 full run
#   DURATION=5 bench/run.sh      shorter load phases (seconds per wrk run, default 10; WARMUP before each, default 20)
#   ROUNDS=3 bench/run.sh        naive bridge and ingress loaded in turns this many times at 256 conns (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-2}
BENCH_JAR=$ROOT/bench/target/hookbridge-bench.jar
INGRESS_JAR=$ROOT/bridge-ingress/target/hookbridge-ingress.jar
EGRESS_JAR=$ROOT/bridge-egress/target/hookbridge-egress.jar
WORK=$(mktemp -d /tmp/hookbridge-bench.XXXXXX)
KAFKA_PORT=${KAFKA_PORT:-19092}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
SECRET="bench-secret"
PIDFILE=$WORK/pids
RESULTS=$WORK/results.txt

for f in "$BENCH_JAR" "$INGRESS_JAR" "$EGRESS_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

# Every process started here is listed in $PIDFILE (start runs in a subshell, so no shell array).
cleanup() { [ -f "$PIDFILE" ] && while read -r p; do kill "$p" 2>/dev/null || true; done <"$PIDFILE"; wait 2>/dev/null || true; }
trap cleanup EXIT

# start NAME LOGFILE CMD...: runs CMD in the background, waits for READY (or a ready URL), records its PID.
start() {
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  local pid=$!
  echo "$pid" >>"$PIDFILE"
  for _ in $(seq 1 240); do
    if grep -q "READY\|listening on" "$log" 2>/dev/null; then echo "$pid"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$name died:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.25
  done
  echo "$name did not start" >&2; tail -20 "$log" >&2; exit 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)

# load NAME URL CONNECTIONS SERVER_PID: wrk with the signed script; appends one result line.
load() {
  local name=$1 url=$2 conns=$3 pid=$4
  wrk -t2 -c"$conns" -d"${WARMUP}s" -s "$WORK/github.lua" "$url" >/dev/null 2>&1 || true
  local before; before=$(cpu_ticks "$pid")
  local t0; t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/wrk.time" \
    wrk -t2 -c"$conns" -d"${DURATION}s" --latency -s "$WORK/github.lua" "$url" >"$WORK/wrk.out" 2>&1
  local t1; t1=$(date +%s.%N)
  local after; after=$(cpu_ticks "$pid")
  local elapsed; elapsed=$(echo "$t1 - $t0" | bc -l)
  local rps p50 p99 non2xx server_cpu client_cpu
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.out"); non2xx=${non2xx:-0}
  server_cpu=$(echo "($after - $before) / $TICKS / $elapsed" | bc -l)
  client_cpu=$(awk -v e="$elapsed" '{printf "%.2f", ($1 + $2) / e}' "$WORK/wrk.time")
  printf "%s|%s|%.0f|%s|%s|%s|%.2f|%s|%s\n" "$name" "$conns" "$rps" "$p50" "$p99" "$non2xx" \
    "$server_cpu" "$client_cpu" "$(rss_mb "$pid")" >>"$RESULTS"
}

echo "hookbridge benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), wrk ${DURATION}s runs, work dir $WORK"
java -cp "$BENCH_JAR" io.hookbridge.bench.WrkScript "$SECRET" 1024 >"$WORK/github.lua"

BROKER=$(start broker "$WORK/broker.log" java -Xmx1g -cp "$BENCH_JAR" io.hookbridge.bench.BenchBroker "$KAFKA_PORT")

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
cat >"$WORK/ingress.yaml" <<YAML
kafka: { bootstrapServers: "$BOOTSTRAP" }
topics: { inbound: bench.inbound, partitions: 6 }
ingress:
  port: 18082
  sources:
    github: { verifier: github, secrets: ["\${BENCH_SECRET}"] }
YAML
P_INGRESS=$(BENCH_SECRET=$SECRET start ingress "$WORK/ingress.log" java -Xmx256m -jar "$INGRESS_JAR" --config "$WORK/ingress.yaml")
for round in $(seq 1 "$ROUNDS"); do
  load "3 naive bridge" http://127.0.0.1:18081/ 256 "$P_NAIVE"
  load "4 ingress" http://127.0.0.1:18082/webhooks/github 256 "$P_INGRESS"
done
load "3 naive bridge" http://127.0.0.1:18081/ 64 "$P_NAIVE"
load "4 ingress" http://127.0.0.1:18082/webhooks/github 64 "$P_INGRESS"
stop "$P_NAIVE"
stop "$P_INGRESS"

# 5/6. Egress stages (drivers in the bench jar; skipped when absent)
for stage in Stage1Bench Stage2Bench; do
  if unzip -l "$BENCH_JAR" "io/hookbridge/bench/$stage.class" >/dev/null 2>&1; then
    timeout 420 java -Xmx1g -cp "$BENCH_JAR" "io.hookbridge.bench.$stage" "$BOOTSTRAP" "$WORK" >"$WORK/$stage.log" 2>&1 \
      || echo "RESULT $stage failed or timed out (see $WORK/$stage.log)" >>"$WORK/stages.out"
    grep RESULT "$WORK/$stage.log" | tee -a "$WORK/stages.out" || true
  fi
done

# The table
echo
echo "| run | conns | req/s | p50 | p99 | non-2xx | server CPU (cores) | wrk CPU (cores) | server peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1,$2,$3,$4,$5,$6,$7,$8,$9}' "$RESULTS"
grep -h RESULT "$WORK/kafka.out" "$WORK/stages.out" 2>/dev/null | sed 's/^RESULT /- /' || true
echo
# The mean over the rounds of a run's req/s, and of its p99 in ms (wrk prints us, ms or s).
rate() { awk -F'|' -v n="$1" -v c="$2" '$1==n && $2==c {s+=$3; k++} END {printf "%.0f", s/k}' "$RESULTS"; }
p99() {
  awk -F'|' -v n="$1" -v c="$2" '$1==n && $2==c {v=$5; f=1; if (v ~ /us$/) f=0.001; else if (v ~ /ms$/) f=1; else if (v ~ /s$/) f=1000;
    gsub(/[a-z]+$/, "", v); s+=v*f; k++} END {printf "%.2fms", s/k}' "$RESULTS"
}
ING256=$(rate "4 ingress" 256); ING64=$(rate "4 ingress" 64); NAIVE256=$(rate "3 naive bridge" 256)
echo "at 256 conns, mean of $ROUNDS rounds: naive bridge $NAIVE256 req/s, ingress $ING256 req/s"
printf "ratio ingress/naive at 256 conns: %.2f (target >= 0.85)\n" "$(echo "$ING256 / $NAIVE256" | bc -l)"
printf "ratio ingress 64/256 conns:       %.2f (target >= 0.60)\n" "$(echo "$ING64 / $ING256" | bc -l)"
echo "ingress p99 at 256 conns:         $(p99 "4 ingress" 256) (target <= 10ms; naive bridge $(p99 "3 naive bridge" 256))"
echo "results and logs: $WORK"
