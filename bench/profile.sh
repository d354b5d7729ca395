#!/usr/bin/env bash
# CPU profile of a running JVM (an ingress under bench/run.sh's load, say) with async-profiler, which Maven
# Central serves as tools.profiler:async-profiler. Bounded: profiles SECONDS, then detaches.
#   bench/profile.sh PID SECONDS OUT     OUT ending in .html: a flame graph; otherwise collapsed stacks
#                                         (one line per stack, per thread), the input of any flame-graph tool
#   EVENT=itimer bench/profile.sh ...    where perf events are not allowed (cpu then gives a few samples only)
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: bench/profile.sh PID SECONDS OUT(.html|.collapsed)" >&2; exit 2; }
PID=$1; SECONDS_=$2; OUT=$(realpath -m "$3")
HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=4.2
JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION-linux-x64.jar
[ -f "$JAR" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:$VERSION:jar:linux-x64
LIB=$(mktemp -d /tmp/async-profiler.XXXXXX)
trap 'rm -rf "$LIB"' EXIT   # the JVM keeps the library it loaded; the file can go
unzip -q -o "$JAR" 'linux-x64/*' -d "$LIB"
SO=$LIB/linux-x64/libasyncProfiler.so
FORMAT=collapsed; [[ "$OUT" == *.html ]] && FORMAT=flamegraph
java "$HERE/tools/Attach.java" "$PID" "$SO" "start,event=${EVENT:-cpu},interval=1ms,threads"
sleep "$SECONDS_"
java "$HERE/tools/Attach.java" "$PID" "$SO" "stop,file=$OUT,$FORMAT"
echo "profile of $PID written to $OUT"
