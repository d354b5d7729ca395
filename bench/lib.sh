# Shared by bench/run.sh and bench/compare.sh (sourced, not run): settings, process bookkeeping and the
# wrk load with its result line. Expects the current directory to be the repository root.
ROOT=$(pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
BENCH_JAR=$ROOT/bench/target/hookbridge-bench.jar
INGRESS_JAR=$ROOT/bridge-ingress/target/hookbridge-ingress.jar
EGRESS_JAR=$ROOT/bridge-egress/target/hookbridge-egress.jar
WORK=$(mktemp -d /tmp/hookbridge-bench.XXXXXX)
KAFKA_PORT=${KAFKA_PORT:-19092}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
SECRET="bench-secret"
PIDFILE=$WORK/pids
RESULTS=$WORK/results.txt

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: run 'mvn -q -DskipTests package' first" >&2; exit 1; }

# Every process started here is listed in $PIDFILE (start runs in a subshell, so no shell array).
# The stages' RocksDB state goes too; results and logs stay in $WORK.
cleanup() {
  [ -f "$PIDFILE" ] && while read -r p; do kill "$p" 2>/dev/null || true; done <"$PIDFILE"
  wait 2>/dev/null || true
  rm -rf "$WORK"/stage*-state*
}
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

# start_broker: the single-node KRaft broker every load writes to; sets BROKER_PID, which load() reads.
# BROKER_OPTS adds JVM options (e.g. -Xlog:gc:file=/tmp/broker-gc.log).
start_broker() {
  BROKER_PID=$(start broker "$WORK/broker.log" java -Xmx1g ${BROKER_OPTS:-} -cp "$BENCH_JAR" io.hookbridge.bench.BenchBroker "$KAFKA_PORT")
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)

# load NAME URL CONNECTIONS SERVER_PID: wrk with the signed script; appends one result line. With BROKER_PID set,
# the broker's CPU is measured too: on 2 cores, client, server and broker together show where the machine went.
load() {
  local name=$1 url=$2 conns=$3 pid=$4
  wrk -t2 -c"$conns" -d"${WARMUP}s" -s "$WORK/github.lua" "$url" >/dev/null 2>&1 || true
  local before; before=$(cpu_ticks "$pid")
  local broker_before=0; [ -n "${BROKER_PID:-}" ] && broker_before=$(cpu_ticks "$BROKER_PID")
  local t0; t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/wrk.time" \
    wrk -t2 -c"$conns" -d"${DURATION}s" --latency -s "$WORK/github.lua" "$url" >"$WORK/wrk.out" 2>&1
  local t1; t1=$(date +%s.%N)
  local after; after=$(cpu_ticks "$pid")
  local broker_after=0; [ -n "${BROKER_PID:-}" ] && broker_after=$(cpu_ticks "$BROKER_PID")
  local elapsed; elapsed=$(echo "$t1 - $t0" | bc -l)
  local rps p50 p99 non2xx server_cpu client_cpu broker_cpu
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.out"); non2xx=${non2xx:-0}
  server_cpu=$(echo "($after - $before) / $TICKS / $elapsed" | bc -l)
  broker_cpu=$(echo "($broker_after - $broker_before) / $TICKS / $elapsed" | bc -l)
  client_cpu=$(awk -v e="$elapsed" '{printf "%.2f", ($1 + $2) / e}' "$WORK/wrk.time")
  printf "%s|%s|%.0f|%s|%s|%s|%.2f|%s|%s|%.2f|%.1f\n" "$name" "$conns" "$rps" "$p50" "$p99" "$non2xx" \
    "$server_cpu" "$client_cpu" "$(rss_mb "$pid")" "$broker_cpu" "$(echo "$server_cpu * 1000000 / $rps" | bc -l)" >>"$RESULTS"
}

# ack_buckets BASE_URL FILE: the ingress's hookbridge_ingress_ack_seconds buckets now, as "le count" lines.
ack_buckets() {
  curl -s "$1/metrics" | awk -F'[{}]' '/^hookbridge_ingress_ack_seconds_bucket/ {
    n = split($2, labels, ","); for (i = 1; i <= n; i++) if (labels[i] ~ /^le=/) le = substr(labels[i], 5, length(labels[i]) - 5)
    print le, $3 + 0 }' >"$2"
}

# ack_quantiles BEFORE AFTER: p50, p90 and p99 of the Kafka acks between two ack_buckets (bucket upper bounds).
ack_quantiles() {
  awk 'NR == FNR {before[$1] = $2; next} {le[++n] = $1; c[n] = $2 - before[$1]}
    END {total = c[n]; split("0.5 0.9 0.99", q, " ");
      for (i = 1; i <= 3; i++) for (j = 1; j <= n; j++) if (c[j] >= q[i] * total) {
        printf "p%g <= %.1fms%s", q[i] * 100, le[j] * 1000, (i < 3 ? ", " : "\n"); break } }' "$1" "$2"
}

# ingress_config FILE PORT: the ingress under test, the github verifier on bench.inbound.
ingress_config() {
  cat >"$1" <<YAML
kafka: { bootstrapServers: "$BOOTSTRAP" }
topics: { inbound: bench.inbound, partitions: 6 }
ingress:
  port: $2
  sources:
    github: { verifier: github, secrets: ["\${BENCH_SECRET}"] }
YAML
}

# The table of every load so far.
table() {
  echo "| run | conns | req/s | p50 | p99 | non-2xx | server CPU (cores) | server µs CPU/req | broker CPU (cores) | wrk CPU (cores) | server peak RSS MB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1,$2,$3,$4,$5,$6,$7,$11,$10,$8,$9}' "$RESULTS"
}

# The mean over the rounds of a run's req/s, of its server CPU per request (µs), and of its p99 in ms (wrk prints us, ms or s).
rate() { awk -F'|' -v n="$1" -v c="$2" '$1==n && $2==c {s+=$3; k++} END {printf "%.0f", s/k}' "$RESULTS"; }
cpu_per_request() { awk -F'|' -v n="$1" -v c="$2" '$1==n && $2==c {s+=$11; k++} END {printf "%.1f", s/k}' "$RESULTS"; }
p99() {
  awk -F'|' -v n="$1" -v c="$2" '$1==n && $2==c {v=$5; f=1; if (v ~ /us$/) f=0.001; else if (v ~ /ms$/) f=1; else if (v ~ /s$/) f=1000;
    gsub(/[a-z]+$/, "", v); s+=v*f; k++} END {printf "%.2fms", s/k}' "$RESULTS"
}

java -cp "$BENCH_JAR" io.hookbridge.bench.WrkScript "$SECRET" 1024 >"$WORK/github.lua"
# PACED_MS=N: every connection waits N ms after each answer (wrk's delay()), a load below saturation where
# latency is not just the queue that 256 connections build.
if [ -n "${PACED_MS:-}" ]; then
  printf '\nfunction delay()\n  return %d\nend\n' "$PACED_MS" >>"$WORK/github.lua"
fi
