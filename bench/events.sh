#!/usr/bin/env bash
# Event ingestion through the gateway: events/s accepted (1 KB events, requests of 1,000, several concurrent clients),
# next to PostgreSQL's own COPY of the same rows into a table shaped like `event`, in the same run.
# Usage: bench/events.sh [seconds per run, default 20] [clients, default 4]. Brings the stack up (and down) if needed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${1:-20}"
CLIENTS="${2:-4}"
GW=http://127.0.0.1:8080
OUT="$ROOT/bench/results/events-$(date +%Y%m%d-%H%M%S).txt"
WORK="$(mktemp -d)"
mkdir -p "$ROOT/bench/results"
command -v hey >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq hey >/dev/null; }

started_here=""
if ! curl -s -o /dev/null "$GW/"; then "$ROOT/suite" up >/dev/null; started_here=1; fi
trap 'rm -rf "$WORK"; [ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true' EXIT
chmod 755 "$WORK"

TOKEN=$("$ROOT/suite" token --org bench-org --ttl 3600)
H=(-H "Authorization: Bearer $TOKEN" -H "x-gw-ims-org-id: bench-org" -H "x-sandbox-name: bench" -T application/json)

# one request: 1,000 events of about 1 KB each, no ids (so every request stores new events)
python3 - "$WORK" <<'PY'
import json, sys, random, string
random.seed(7)
pad = lambda n: "".join(random.choices(string.ascii_letters, k=n))
types = ["users.messages.email.Send", "users.messages.email.Open", "users.behaviors.Purchase"]
events = [{"type": types[i % 3], "userId": "user-%d" % i, "properties": {"campaign": "bench", "payload": pad(900)}} for i in range(1000)]
open(sys.argv[1] + "/request.json", "w").write(json.dumps(events))
# the same rows as COPY input (the columns of table event)
with open(sys.argv[1] + "/rows.csv", "w") as out:
    for r in range(100):
        for i, e in enumerate(events):
            n = r * 1000 + i
            props = json.dumps(e["properties"]).replace('"', '""')
            out.write('%d,bench-org,bench,copy-%d,%s,2026-11-23 12:00:00+00,%s,"%s",%d,2026-11-23 12:00:00+00\n'
                      % (n, n, e["type"], e["userId"], props, len(json.dumps(e))))
PY
echo "request body: $(wc -c <"$WORK/request.json") bytes for 1,000 events"

hey -z 10s -c "$CLIENTS" -m POST "${H[@]}" -D "$WORK/request.json" "$GW/events" >/dev/null   # warm-up, not reported
out=$(hey -z "${DURATION}s" -c "$CLIENTS" -m POST "${H[@]}" -D "$WORK/request.json" "$GW/events")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
codes=$(awk '/Status code distribution/,0' <<<"$out" | tr -s ' ' | tr '\n' ' ')

# baseline: COPY of 100,000 such rows into a table shaped like event (with its index), in the same database
PSQL=(psql -q -h 127.0.0.1 -p 55432 -U export_service exports)
export PGPASSWORD=s3flow
"${PSQL[@]}" -c "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE event INCLUDING DEFAULTS);
                 CREATE INDEX ON bench_copy (org_id, sandbox_name, seq);"
start=$(date +%s%N)
"${PSQL[@]}" -c "\\copy bench_copy FROM '$WORK/rows.csv' WITH (FORMAT csv)"
copy_ms=$(( ($(date +%s%N) - start) / 1000000 ))
"${PSQL[@]}" -c "DROP TABLE bench_copy"

{
  echo "events benchmark, $(date -u +%FT%TZ), $(nproc) cores, ${DURATION}s, $CLIENTS clients, requests of 1,000 events of ~1 KB"
  echo
  echo "| run | events/s |"
  echo "|---|---|"
  awk -v r="$rps" 'BEGIN { printf "| POST /events through the gateway | %d (%.1f requests/s) |\n", r * 1000, r }'
  awk -v ms="$copy_ms" 'BEGIN { printf "| baseline: psql \\\\copy of 100,000 such rows | %d |\n", 100000 / (ms / 1000) }'
  awk -v r="$rps" -v ms="$copy_ms" 'BEGIN { printf "\ningest / COPY = %.2f\n", (r * 1000) / (100000 / (ms / 1000)) }'
  echo "status codes: $codes"
} | tee "$OUT"
