#!/usr/bin/env bash
# credential-service under load, against the local stack's moto (STS):
#  - resolves/s and latency of a cache hit (one Role ARN, one scope), next to /q/health/live in the same run;
#  - the number of STS AssumeRole calls moto records for 1,000 concurrent resolves of one role (cold cache).
# Usage: bench/credentials.sh [seconds per run, default 15]. Brings the stack up (and down again) if it is not up.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${1:-15}"
CRED=http://127.0.0.1:8082
MOTO=http://127.0.0.1:5000
OUT="$ROOT/bench/results/credentials-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$ROOT/bench/results"
command -v hey >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq hey >/dev/null; }

started_here=""
if ! curl -s -o /dev/null "$CRED/q/health/live"; then "$ROOT/suite" up >/dev/null; started_here=1; fi
trap '[ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true' EXIT

TOKEN=$("$ROOT/suite" token --service --org bench-org --ttl 3600)
H=(-H "Authorization: Bearer $TOKEN" -H "x-gw-ims-org-id: bench-org" -H "x-sandbox-name: bench" -H "Content-Type: application/json")
body() { printf '{"auth":{"specName":"Role ARN","params":{"roleArn":"%s","bucketName":"bench-bucket"}},"scope":{"bucket":"bench-bucket","prefix":"in/","access":"write"},"connectionId":"bench"}' "$1"; }
sts_calls() { curl -s "$MOTO/moto-api/data.json" | python3 -c 'import json,sys,os; r=sys.argv[1]; print(sum(1 for a in json.load(sys.stdin).get("sts",{}).get("AssumedRole",[]) if a["role_arn"]==r))' "$1"; }

hey_line() { # name, hey args...
  local name="$1"; shift
  local out; out=$(hey "$@")
  printf '| %-44s | %10s | %8s | %8s |\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '/ 50% in/ {print $3*1000 " ms"}' <<<"$out")" "$(awk '/ 99% in/ {print $3*1000 " ms"}' <<<"$out")"
}

HOT="arn:aws:iam::123456789012:role/bench-hot-$RANDOM$RANDOM"
curl -sf -o /dev/null "${H[@]}" -d "$(body "$HOT")" "$CRED/credentials/resolve"   # warm the cache
hey -z 10s -c 8 -m POST "${H[@]}" -d "$(body "$HOT")" "$CRED/credentials/resolve" >/dev/null   # and the JIT (not reported)
COLD="arn:aws:iam::123456789012:role/bench-cold-$RANDOM$RANDOM"
{
  echo "credentials benchmark, $(date -u +%FT%TZ), $(nproc) cores, ${DURATION}s per run"
  echo
  echo "| run | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  hey_line "baseline: GET /q/health/live (8 clients)" -z "${DURATION}s" -c 8 "$CRED/q/health/live"
  hey_line "POST /credentials/resolve, cache hit (8 clients)" -z "${DURATION}s" -c 8 -m POST "${H[@]}" -d "$(body "$HOT")" "$CRED/credentials/resolve"
  before=$(sts_calls "$COLD")
  hey_line "1,000 concurrent resolves of one cold role" -n 1000 -c 1000 -m POST "${H[@]}" -d "$(body "$COLD")" "$CRED/credentials/resolve"
  echo
  echo "STS AssumeRole calls recorded by moto for those 1,000 resolves: $(( $(sts_calls "$COLD") - before ))"
} | tee "$OUT"
