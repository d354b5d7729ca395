#!/usr/bin/env bash
# CPU seconds per thread group of every Stage2Bench JVM that runs while COMMAND runs (read from
# /proc/<pid>/task/*/stat every 2 s; a thread's last reading counts), one line per JVM when COMMAND ends.
#   bench/thread-cpu.sh COMMAND...      e.g. bench/thread-cpu.sh env BENCH_JAR=/tmp/x.jar ROUNDS=1 JOURNEY=0 bench/delivery-log.sh
set -uo pipefail
DIR=$(mktemp -d /tmp/hookbridge-threads.XXXXXX)
(
  while true; do
    for p in $(pgrep -f '^java .*io.hookbridge.bench.Stage2Bench'); do
      d=$DIR/$p; mkdir -p "$d"
      [ -f "$d/cmd" ] || tr '\0' ' ' < /proc/$p/cmdline > "$d/cmd" 2>/dev/null
      for t in /proc/$p/task/*; do
        s=$(cat "$t/stat" 2>/dev/null) || continue
        name=${s#*(}; name=${name%)*}; rest=${s##*) }
        set -- $rest
        echo "${name// /_} $(( ${12} + ${13} ))" > "$d/${t##*/}"
      done
    done
    sleep 2
  done
) &
SAMPLER=$!
"$@"
kill $SAMPLER 2>/dev/null; wait $SAMPLER 2>/dev/null
for d in "$DIR"/*/; do
  [ -f "$d/cmd" ] || continue
  cmd=$(cat "$d/cmd")
  echo "$(echo "$cmd" | grep -o 'attemptLog=[a-z]*') $(echo "$cmd" | grep -o -- '-cp [^ ]*' | cut -c5-): $(cat "$d"/[0-9]* | awk '
    { n = $1; g = "other";
      if (n ~ /^rocksdb:low/) g = "rocksdb:low"; else if (n ~ /^rocksdb:high/) g = "rocksdb:high";
      else if (n ~ /^hookbridge-att/) g = "indexer"; else if (n ~ /^vert.x-eventloo/) g = "event-loops";
      else if (n ~ /^C[12]_Compiler/) g = "jit"; else if (n ~ /^kafka-producer-/) g = "producer-io";
      else if (n ~ /GC|G1/) g = "gc";
      s[g] += $2; t += $2 }
    END { printf "total %.1f s:", t / 100; for (g in s) printf " %s %.1f", g, s[g] / 100 }')"
done
rm -rf "$DIR"
