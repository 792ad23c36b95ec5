#!/usr/bin/env bash
# Faults under load: while a client posts events (retrying each request until it gets its 202, with the same event
# ids), export-service is killed with SIGKILL and restarted, the S3 server is stopped and restarted, and PostgreSQL
# is stopped abruptly (immediate mode) and restarted. Then every event accepted must be in the bucket exactly once.
# S3 here is S3Proxy on a filesystem backend: moto keeps objects in memory, so a restarted moto would have lost the
# very files being counted. Usage: bench/faults.sh [load seconds, default 60]. Needs the stack up (starts it if not).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LOAD="${1:-60}"
WORK="$(mktemp -d)"
started_here=""
if ! curl -s -o /dev/null http://127.0.0.1:8080/; then "$ROOT/suite" up >/dev/null; started_here=1; fi
cleanup() {
  [ -f "$WORK/s3proxy.pid" ] && kill "$(cat "$WORK/s3proxy.pid")" 2>/dev/null || true
  [ -f "$WORK/loader.pid" ] && kill "$(cat "$WORK/loader.pid")" 2>/dev/null || true
  rm -rf "$WORK"
  [ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/results/faults-$(date +%Y%m%d-%H%M%S).txt"
RUN="$ROOT/.dev/run"
log() { printf '%s %s\n' "$(date +%T)" "$*"; }

start_s3proxy "$WORK"
bucket="faults-$RANDOM$RANDOM"
s3 "$S3PROXY" "s3.create_bucket(Bucket='$bucket')"
stream=$(create_stream "$S3PROXY" "$bucket" faults deflate 2)

# the loader: requests of 100 events with ids fault-<n>; a request is retried until it is accepted
python3 - "$GW" "$LOAD" "$WORK/accepted" "${H[@]}" >"$WORK/loader.log" 2>&1 <<'PY' &
import json, sys, time, urllib.request
gw, seconds, out, headers = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
hdr = {headers[i + 1].split(": ")[0]: headers[i + 1].split(": ", 1)[1] for i in range(0, len(headers), 2)}
hdr["Content-Type"] = "application/json"
n, retries, end = 0, 0, time.time() + seconds
while time.time() < end:
    body = json.dumps([{"id": "fault-%d" % (n + i), "type": ["a.Send", "a.Open", "a.Click"][i % 3]} for i in range(100)]).encode()
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(gw + "/events", data=body, headers=hdr), timeout=30) as r:
                if r.status == 202:
                    break
        except Exception:
            pass
        retries += 1
        time.sleep(0.2)
    n += 100
    open(out, "w").write("%d %d\n" % (n, retries))
    time.sleep(0.02)
PY
echo $! >"$WORK/loader.pid"

sleep 10; log "kill -9 export-service"; kill -9 "$(cat "$RUN/export-service.pid")"
sleep 3; log "restart export-service"; "$ROOT/suite" restart export-service >/dev/null
sleep 5; log "stop S3Proxy"; kill "$(cat "$WORK/s3proxy.pid")"; rm -f "$WORK/s3proxy.pid"
sleep 10; log "start S3Proxy again"; start_s3proxy "$WORK"
sleep 5; log "PostgreSQL: immediate stop"
datadir=$(cat "$RUN/postgres.datadir")
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$datadir" -m immediate -w stop >/dev/null
sleep 5; log "PostgreSQL: start"
# restart on a stopped cluster starts it with the options of its last start (postmaster.opts): same port and settings
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$datadir" -l "$ROOT/.dev/logs/postgres.log" -w restart >/dev/null 2>&1
wait "$(cat "$WORK/loader.pid")" || true; rm -f "$WORK/loader.pid"
read -r accepted retries <"$WORK/accepted"
log "load over: $accepted events accepted ($retries request retries); waiting for delivery"
wait_delivered "$stream" "$accepted" 600
read -r files events unique < <(python3 "$ROOT/bench/avro_ids.py" "$S3PROXY" "$bucket")
{
  echo "faults benchmark, $(date -u +%FT%TZ), ${LOAD}s of load: export-service SIGKILL + restart, S3 stop/start, PostgreSQL immediate stop/start"
  echo
  echo "| events accepted (202) | request retries | events in the bucket | distinct | duplicates | missing | files |"
  echo "|---|---|---|---|---|---|---|"
  echo "| $accepted | $retries | $events | $unique | $(( events - unique )) | $(( accepted - unique )) | $files |"
} | tee "$OUT"
