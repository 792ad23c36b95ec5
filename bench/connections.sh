#!/usr/bin/env bash
# Load on the connections API through the gateway, next to a baseline on /q/health/live in the same run.
# wrk measures the ceiling (requests/s, p50/p99 with 8 connections); hey measures latency at a fixed 500 requests/s.
# Usage: bench/connections.sh [seconds per run, default 15]. Brings the stack up (and down again) if it is not up.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${1:-15}"
GW=http://127.0.0.1:8080
OUT="$ROOT/bench/results/connections-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$ROOT/bench/results"

command -v wrk >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }
command -v hey >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq hey >/dev/null; }

started_here=""
if ! curl -s -o /dev/null "$GW/"; then "$ROOT/suite" up >/dev/null; started_here=1; fi
trap '[ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true' EXIT

TOKEN=$("$ROOT/suite" token --ttl 3600)
H=(-H "Authorization: Bearer $TOKEN" -H "x-gw-ims-org-id: s3flow-dev" -H "x-sandbox-name: bench")
BODY='{"name":"bench","auth":{"specName":"Access Key","params":{"s3AccessKey":"AKIAIOSFODNN7EXAMPLE","s3SecretKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","bucketName":"bench-bucket"}},"connectionSpec":{"id":"ecadc60c-7455-4d87-84dc-2a0e293d997b","version":"1.0"}}'
ID=$(curl -sf "${H[@]}" -H 'Content-Type: application/json' -d "$BODY" "$GW/connections" | sed -E 's/.*"id":"([^"]+)".*/\1/')
for i in $(seq 1 50); do curl -sf -o /dev/null "${H[@]}" -H 'Content-Type: application/json' -d "$BODY" "$GW/connections"; done

LUA=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$BODY" >"$LUA"

wrk_run() { # name url [extra wrk args]
  local name="$1" url="$2"; shift 2
  local out; out=$(wrk -t 2 -c 8 -d "${DURATION}s" --latency "${H[@]}" "$@" "$url")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '| %-36s | %10s | %8s | %8s |\n' "$name" "$rps" "$p50" "$p99"
}

hey_run() { # name url: 500 requests/s (10 workers x 50/s)
  local out; out=$(hey -z "${DURATION}s" -c 10 -q 50 "${H[@]}" "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '/ 50% in/ {print $3 $4}' <<<"$out")
  p99=$(awk '/ 99% in/ {print $3 $4}' <<<"$out")
  printf '| %-36s | %10s | %8s | %8s |\n' "$1" "$rps" "$p50" "$p99"
}

# warm-up, not reported: the JIT compiles the hot paths of a freshly started service
wrk -t 2 -c 8 -d 10s "${H[@]}" "$GW/connections/$ID" >/dev/null
wrk -t 2 -c 8 -d 5s "${H[@]}" "$GW/connections?limit=20" >/dev/null
{
  echo "connections benchmark, $(date -u +%FT%TZ), $(nproc) cores, ${DURATION}s per run"
  echo
  echo "| run | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  wrk_run "baseline: GET /q/health/live (direct)" "http://127.0.0.1:8081/q/health/live"
  wrk_run "GET /connections/{id} (gateway)" "$GW/connections/$ID"
  wrk_run "GET /connections?limit=20 (gateway)" "$GW/connections?limit=20"
  wrk_run "POST /connections (gateway)" "$GW/connections" -s "$LUA"
  hey_run "GET /connections/{id} at 500 req/s" "$GW/connections/$ID"
  hey_run "baseline: /q/health/live at 500 req/s" "http://127.0.0.1:8081/q/health/live"
} | tee "$OUT"
rm -f "$LUA"
