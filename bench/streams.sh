#!/usr/bin/env bash
# Cost as streams multiply: N idle streams on one connection (moto), export-service's and PostgreSQL's CPU at rest,
# then one event posted to all of them (flush.maxSeconds = 2): when the first, half and last have it in the bucket.
# The streams beyond the first are copies of it made in SQL (same connection and settings, a folder each), since
# creating 1,000 through the API tests the connection 1,000 times; delivery cannot tell them apart.
# Usage: bench/streams.sh [streams, default 1000] [seconds at rest, default 30]. Expects the stack up (./suite up).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000}"
REST="${2:-30}"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/results/streams-$(date +%Y%m%d-%H%M%S).txt"
export PGPASSWORD=s3flow
PSQL=(psql -qAt -h 127.0.0.1 -p 55432 -U export_service exports)

cpu_ticks() { # pids -> their utime + stime, in clock ticks
  local pid total=0
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done
  echo "$total"
}
pg_ticks() { # this stack's PostgreSQL: the postmaster, its live children, and the children it has reaped (cutime +
  # cstime), so that a backend that exits between two readings does not take its CPU with it
  local master; master=$(head -1 "$(cat "$ROOT/.dev/run/postgres.datadir")/postmaster.pid")
  echo $(( $(awk '{ print $16 + $17 }' "/proc/$master/stat") + $(cpu_ticks "$master" $(pgrep -P "$master")) ))
}

bucket="streams-$RANDOM$RANDOM"
s3 "$MOTO" "s3.create_bucket(Bucket='$bucket')"
first=$(create_stream "$MOTO" "$bucket" idle null 2)
"${PSQL[@]}" -c "
WITH src AS (SELECT * FROM stream WHERE id = '$first'),
copies AS (
  INSERT INTO stream SELECT (jsonb_populate_record(NULL::stream, to_jsonb(src) || jsonb_build_object('id', gen_random_uuid(), 'name', src.name || n,
      'folder_path', src.folder_path || '-' || n, 'key_prefix', rtrim(src.key_prefix, '/') || '-' || n || '/'))).*
  FROM src, generate_series(2, $N) n RETURNING id)
INSERT INTO stream_delivery SELECT (jsonb_populate_record(NULL::stream_delivery, to_jsonb(d) || jsonb_build_object('stream_id', copies.id))).*
FROM stream_delivery d, copies WHERE d.stream_id = '$first'"
ids="SELECT id FROM stream WHERE org_id = '$BENCH_ORG' AND sandbox_name = '$BENCH_SANDBOX'"
echo "streams: $("${PSQL[@]}" -c "SELECT count(*) FROM ($ids) s")"
sleep 5   # the first claims after the copies settle
service=$(cat "$ROOT/.dev/run/export-service.pid")
hz=$(getconf CLK_TCK)
s0=$(cpu_ticks "$service"); p0=$(pg_ticks); t0=$(date +%s%N)
sleep "$REST"
s1=$(cpu_ticks "$service"); p1=$(pg_ticks); t1=$(date +%s%N)
secs=$(awk -v ns="$(( t1 - t0 ))" 'BEGIN { print ns / 1e9 }')

curl -sf -o /dev/null "${H[@]}" -H 'Content-Type: application/json' "$GW/events" -d '[{"type": "idle.ping", "properties": {}}]'
posted=$(date +%s%N)
first_ms="" half_ms="" all_ms=""
while :; do
  done_n=$("${PSQL[@]}" -c "SELECT count(*) FROM stream_delivery WHERE stream_id IN ($ids) AND delivered_events >= 1")
  ms=$(( ($(date +%s%N) - posted) / 1000000 ))
  [ -z "$first_ms" ] && [ "$done_n" -ge 1 ] && first_ms=$ms
  [ -z "$half_ms" ] && [ "$done_n" -ge $(( N / 2 )) ] && half_ms=$ms
  [ "$done_n" -ge "$N" ] && { all_ms=$ms; break; }
  [ "$ms" -gt 300000 ] && { all_ms=">300000 ($done_n done)"; break; }
  sleep 0.2
done
{
  echo "streams benchmark, $(date -u +%FT%TZ), $(nproc) cores, $N streams on one connection (moto), $(git -C "$ROOT" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| streams | export-service CPU at rest | PostgreSQL CPU at rest | one event: first stream | half | all |"
  echo "|---|---|---|---|---|---|"
  awk -v n="$N" -v s="$(( s1 - s0 ))" -v p="$(( p1 - p0 ))" -v hz="$hz" -v secs="$secs" -v f="$first_ms" -v h="$half_ms" -v a="$all_ms" 'BEGIN {
    printf "| %d | %.1f%% of a core | %.1f%% | %.1f s | %.1f s | %s |\n", n, 100 * s / hz / secs, 100 * p / hz / secs, f / 1000, h / 1000,
      (a ~ /^[0-9]+$/) ? sprintf("%.1f s", a / 1000) : a }'
} | tee "$OUT"
# the copies go with the run's sandbox: nothing else uses it
"${PSQL[@]}" -c "DELETE FROM stream WHERE org_id = '$BENCH_ORG' AND sandbox_name = '$BENCH_SANDBOX'"
