#!/usr/bin/env bash
# JVM-mode start-up of each service, from `java -jar` to /q/health/ready answering 200, and its idle RSS 10 s later,
# next to a baseline in the same run: the bare JVM (`java -version`). Runs against the local stack (./suite up).
# Usage: bench/startup.sh [runs per service, default 3]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
OUT="$ROOT/bench/results/startup-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$ROOT/bench/results"
started_here=""
if ! curl -s -o /dev/null http://127.0.0.1:8080/; then "$ROOT/suite" up >/dev/null; started_here=1; fi
trap '[ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
baseline=$(for i in $(seq 1 "$RUNS"); do t0=$(date +%s%N); java -version 2>/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000 )); done | median)
{
  echo "startup benchmark, $(date -u +%FT%TZ), $(nproc) cores, median of $RUNS runs"
  echo
  echo "| service | ready (ms) | ready / bare JVM | Quarkus 'started in' | idle RSS (MB) |"
  echo "|---|---|---|---|---|"
  for s in connection-service credential-service export-service; do
    times=(); rss=()
    for i in $(seq 1 "$RUNS"); do
      times+=("$("$ROOT/suite" restart "$s" 2>/dev/null | awk '{print $(NF-1)}')")
      sleep 10
      rss+=("$(( $(awk '/VmRSS/ {print $2}' "/proc/$(cat "$ROOT/.dev/run/$s.pid")/status") / 1024 ))")
    done
    ready=$(printf '%s\n' "${times[@]}" | median)
    quarkus=$(grep -o 'started in [0-9.]*s' "$ROOT/.dev/logs/$s.log" | tail -1 | awk '{print $3}')
    printf '| %s | %s | %.1fx | %s | %s |\n' "$s" "$ready" "$(echo "$ready / $baseline" | bc -l)" "$quarkus" "$(printf '%s\n' "${rss[@]}" | median)"
  done
  echo
  echo "baseline: bare JVM start and exit (java -version): $baseline ms"
} | tee "$OUT"
