#!/usr/bin/env bash
# Delivery from the events table into S3: events/s and MB/s of a stream catching up on a backlog, on moto and on
# S3Proxy (filesystem backend), next to rclone uploading the very same files to the same server in the same run.
# The stream writes Avro without compression, so MB/s compares the same bytes. Then end-to-end latency at a steady
# load: from the 202 of POST /events to the stream reporting the event delivered (its objects are then visible).
# Usage: bench/delivery.sh [events, default 150000]. Brings the stack up (and down) if needed.
# Environment: SERVERS (default "moto s3proxy"), STREAMS (streams catching up at once, each on the same events, e.g.
# "1 4"; default 1), RUNS (default 1), LATENCY (0 skips the latency run). For the throughput target of issue 18:
# SERVERS=s3proxy STREAMS="1 4" RUNS=3 LATENCY=0 bench/delivery.sh 450000 (four streams then each take events / 4).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVENTS=$(( ${1:-150000} / 5000 * 5000 ))   # hey sends n / c requests per client: whole requests for each of 5
SERVERS="${SERVERS:-moto s3proxy}"
STREAMS="${STREAMS:-1}"
RUNS="${RUNS:-1}"
LATENCY="${LATENCY:-1}"
WORK="$(mktemp -d)"
started_here=""
if ! curl -s -o /dev/null http://127.0.0.1:8080/; then "$ROOT/suite" up >/dev/null; started_here=1; fi
cleanup() {
  [ -f "$WORK/s3proxy.pid" ] && kill "$(cat "$WORK/s3proxy.pid")" 2>/dev/null || true
  rm -rf "$WORK"
  [ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/results/delivery-$(date +%Y%m%d-%H%M%S).txt"
command -v rclone >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq rclone >/dev/null; }
start_s3proxy "$WORK"
event_request "$WORK/request.json"

rclone_mbps() { # endpoint local-dir -> MB/s of `rclone copy` of the dir into a new bucket there
  local bucket="rclone-$RANDOM$RANDOM" t0 bytes
  s3 "$1" "s3.create_bucket(Bucket='$bucket')"
  bytes=$(du -sb "$2" | cut -f1)
  t0=$(date +%s%N)
  env -u AWS_CA_BUNDLE rclone copy "$2" ":s3:$bucket" --s3-provider Other --s3-endpoint "$1" --s3-access-key-id bench \
    --s3-secret-access-key bench --s3-force-path-style --transfers 4 --s3-upload-cutoff 64M --s3-chunk-size 8M
  awk -v b="$bytes" -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", b / 1048576 / (ns / 1e9) }'
}

cpu_ticks() { # pid -> utime + stime in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

run() { # name endpoint [events] [streams]: streams catching up at once on the same events (each events / streams)
  local name="$1" endpoint="$2" streams="${4:-1}" events bucket stream t0 ms bytes i pid ticks0 ticks pending
  events=$(( ${3:-$EVENTS} / streams / 5000 * 5000 ))
  local ids=() buckets=()
  for i in $(seq 1 "$streams"); do
    bucket="delivery-$RANDOM$RANDOM"
    s3 "$endpoint" "s3.create_bucket(Bucket='$bucket')"
    stream=$(create_stream "$endpoint" "$bucket" "$name-$i" null 1)
    curl -sf -o /dev/null "${H[@]}" -X POST "$GW/streams/$stream/pause"
    ids+=("$stream"); buckets+=("$bucket")
  done
  hey -n $(( events / 1000 )) -c 5 -m POST "${H[@]}" -T application/json -D "$WORK/request.json" "$GW/events" >/dev/null
  pid=$(cat "$ROOT/.dev/run/export-service.pid")
  ticks0=$(cpu_ticks "$pid")
  t0=$(date +%s%N)
  for stream in "${ids[@]}"; do curl -sf -o /dev/null "${H[@]}" -X POST "$GW/streams/$stream/resume"; done
  pending=("${ids[@]}")
  while [ ${#pending[@]} -gt 0 ]; do   # one stream at a time: the last to finish sets the time
    wait_delivered "${pending[0]}" "$events" 900
    pending=("${pending[@]:1}")
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  ticks=$(( $(cpu_ticks "$pid") - ticks0 ))
  # every stream of the sandbox takes every event posted to it: a finished run's streams must not take the next run's
  for stream in "${ids[@]}"; do curl -sf -o /dev/null "${H[@]}" -X POST "$GW/streams/$stream/pause"; done
  mkdir -p "$WORK/files-$name"
  bytes=0
  for bucket in "${buckets[@]}"; do
    bytes=$(( bytes + $(s3 "$endpoint" "
total = 0
for page in s3.get_paginator('list_objects_v2').paginate(Bucket='$bucket'):
    for o in page.get('Contents', []):
        path = os.path.join('$WORK/files-$name', '$bucket' + '_' + o['Key'].replace('/', '_'))
        s3.download_file('$bucket', o['Key'], path)
        total += o['Size']
print(total)") ))
  done
  local rclone; rclone=$(rclone_mbps "$endpoint" "$WORK/files-$name")
  rm -rf "$WORK/files-$name"
  awk -v n="$name" -v s="$streams" -v e="$events" -v ms="$ms" -v b="$bytes" -v r="$rclone" -v t="$ticks" -v hz="$(getconf CLK_TCK)" \
    -v hwm="$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    mbps = b / 1048576 / (ms / 1000)
    printf "| %s | %d | %d | %.1f | %.1f | %.2f | %.0f%% | %d MB | %s |\n", n, s, s * e / (ms / 1000), mbps, r, mbps / r,
      100 * t / hz / (ms / 1000), hwm, load }'
}

latency() { # 60 s at 200 events/s (a request of 20 every 100 ms) into a stream with maxSeconds = 5, on moto
  local bucket="latency-$RANDOM$RANDOM" stream
  s3 "$MOTO" "s3.create_bucket(Bucket='$bucket')"
  stream=$(create_stream "$MOTO" "$bucket" latency deflate 5)
  python3 - "$GW" "$stream" "${H[@]}" <<'PY'
import json, sys, threading, time, urllib.request
gw, stream, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
hdr = {headers[i + 1].split(": ")[0]: headers[i + 1].split(": ", 1)[1] for i in range(0, len(headers), 2)}
def call(method, path, body=None):
    req = urllib.request.Request(gw + path, method=method, data=body, headers={**hdr, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
accepted = []  # (events accepted so far, time of the 202)
done = threading.Event()
def post():
    total = 0
    end = time.time() + 60
    while time.time() < end:
        t = time.time()
        call("POST", "/events", json.dumps([{"type": "users.messages.email.Send", "properties": {"n": i}} for i in range(20)]).encode())
        total += 20
        accepted.append((total, time.time()))
        time.sleep(max(0, 0.1 - (time.time() - t)))
    done.set()
threading.Thread(target=post).start()
latencies, next_i = [], 0
while not (done.is_set() and next_i >= len(accepted)):
    delivered = call("GET", "/streams/" + stream)["status"]["deliveredEvents"]
    now = time.time()
    while next_i < len(accepted) and accepted[next_i][0] <= delivered:
        latencies.append(now - accepted[next_i][1]); next_i += 1
    time.sleep(0.05)
latencies.sort()
q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
print("| 200 events/s for 60 s, maxSeconds = 5 (moto) | %d requests | %.2f s | %.2f s | %.2f s |" % (len(latencies), q(0.5), q(0.99), latencies[-1]))
PY
}

run warm-up "$MOTO" 30000 >/dev/null   # the JIT first, not reported
{
  echo "delivery benchmark, $(date -u +%FT%TZ), $(nproc) cores, $EVENTS events of ~1 KB, Avro without compression, $(git -C "$ROOT" rev-parse --short HEAD)"
  echo
  echo "| server | streams | events/s | MB/s | rclone MB/s (same files, same server) | ratio | export-service CPU | its peak RSS | load (1 min) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for r in $(seq 1 "$RUNS"); do
    for server in $SERVERS; do
      for streams in $STREAMS; do
        if [ "$server" = moto ]; then run moto "$MOTO" "$EVENTS" "$streams"; else run s3proxy "$S3PROXY" "$EVENTS" "$streams"; fi
      done
    done
  done
  if [ "$LATENCY" != 0 ]; then
    echo
    echo "| end-to-end latency, 202 to delivered | samples | p50 | p99 | max |"
    echo "|---|---|---|---|---|"
    latency
  fi
} | tee "$OUT"
