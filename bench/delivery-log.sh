#!/usr/bin/env bash
# The delivery log's benchmark rows (issue 17), on a broker of its own, 127.0.0.1 only. ~8 minutes.
# Needs `mvn -q -DskipTests package` done (or BENCH_JAR=a copy of the bench jar, to measure one build while building another).
#   bench/delivery-log.sh             stage 2 with the attempt log on and off, in turns ROUNDS times (default 3),
#                                     then the queries with 1M attempts in the log (JourneyBench)
#   ROUNDS=1 JOURNEY=0 bench/delivery-log.sh   one pair, no journey; ROUNDS=0: the journey alone
#   EVENTS=300000 ...                 a longer burst (events x 4 deliveries; default 100000): the measured 40-90 %
#                                     then lies past the JIT's warm-up, which the default burst does not
#   WARMUP=100000 ...                 that many events (x 4) delivered before the burst, not measured: the rate of a
#                                     warm egress (default 0)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/hookbridge-bench.jar}
ROUNDS=${ROUNDS:-3}
EVENTS=${EVENTS:-100000}
WARMUP=${WARMUP:-0}
JOURNEY=${JOURNEY:-1}
KAFKA_PORT=${KAFKA_PORT:-19092}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
WORK=$(mktemp -d /tmp/hookbridge-dlog.XXXXXX)
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: run 'mvn -q -DskipTests package' first" >&2; exit 1; }

java -Xmx1g -cp "$BENCH_JAR" io.hookbridge.bench.BenchBroker "$KAFKA_PORT" >"$WORK/broker.log" 2>&1 &
BROKER=$!
cleanup() { kill "$BROKER" 2>/dev/null || true; wait "$BROKER" 2>/dev/null || true; rm -rf "$WORK"/*-state*; }
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q READY "$WORK/broker.log" && break; sleep 0.25; done
grep -q READY "$WORK/broker.log" || { echo "the broker did not start (port $KAFKA_PORT taken?):" >&2; tail -5 "$WORK/broker.log" >&2; exit 1; }
echo "delivery-log bench: $(nproc) cores, broker pid $BROKER, work dir $WORK"

# Stage 2 with the log on and off in turns: the host's speed drifts between minutes, taking turns puts the
# drift into both sides of the ratio alike.
touch "$WORK/stage2.out"
for round in $(seq 1 "$ROUNDS"); do
  for log in true false; do
    timeout 600 java -Xmx1g -Dstage2.attemptLog=$log -Dstage2.events=$EVENTS -Dstage2.warmup=$WARMUP -Dbench.brokerPid="$BROKER" -cp "$BENCH_JAR" \
      io.hookbridge.bench.Stage2Bench "$BOOTSTRAP" "$WORK" >"$WORK/stage2-$log-$round.log" 2>&1 || true
    grep "^THREADS" "$WORK/stage2-$log-$round.log" | tail -1 || true
    grep "RESULT stage2_signed" "$WORK/stage2-$log-$round.log" | tee -a "$WORK/stage2.out" \
      || echo "stage 2 (attemptLog=$log) failed: see $WORK/stage2-$log-$round.log"
  done
done
on=$( (grep "attemptLog=true" "$WORK/stage2.out" || true) | sed 's/.*rate=\([0-9]*\).*/\1/' | awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n}')
off=$( (grep "attemptLog=false" "$WORK/stage2.out" || true) | sed 's/.*rate=\([0-9]*\).*/\1/' | awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n}')
[ -n "$on" ] && [ -n "$off" ] && [ "$off" != 0 ] && printf "stage 2, mean of %s rounds: attempt log on %s deliveries/s, off %s: on/off = %.2f (target >= 0.85)\n" \
  "$ROUNDS" "$on" "$off" "$(echo "$on / $off" | bc -l)"
# The CPU per delivery (this JVM's and the broker's), which the host's drift between minutes moves less than the rate.
cpu() { (grep "attemptLog=$1" "$WORK/stage2.out" || true) | sed 's/.*, \([0-9.]*\) us CPU.* + \([0-9.]*\) us broker.*/\1 \2/' \
  | awk '{s+=$1+$2; n++} END {if (n) printf "%.1f", s/n}'; }
cpuOn=$(cpu true); cpuOff=$(cpu false)
[ -n "$cpuOn" ] && [ -n "$cpuOff" ] && printf "CPU per delivery (egress + receiver + broker), mean: on %s us, off %s us: off/on = %.2f\n" \
  "$cpuOn" "$cpuOff" "$(echo "$cpuOff / $cpuOn" | bc -l)"

if [ "$JOURNEY" = 1 ]; then
  timeout 900 java -Xmx1g -cp "$BENCH_JAR" io.hookbridge.bench.JourneyBench "$BOOTSTRAP" "$WORK" >"$WORK/journey.log" 2>&1 || true
  grep RESULT "$WORK/journey.log" || { echo "JourneyBench failed: see $WORK/journey.log"; tail -5 "$WORK/journey.log"; }
fi
echo "logs: $WORK"
