#!/usr/bin/env bash
# Scheduled exports (issues 6 and 19): one run of an export of N events (default 1,000,000 of ~1 KB) as CSV, as gzip CSV
# and as Parquet (snappy),
# into S3Proxy (filesystem backend): wall time from POST /exports/{id}/runs to status SUCCESS, the run's own
# durationMs, and export-service's peak RSS and CPU during the run; next to `rclone copy` uploading the very same
# resulting files (downloaded first) to a new bucket on the same server, in the same session; for gzip CSV also next to
# `pigz -1 -p 2 < the CSV | rclone rcat` (compression on both cores while the result streams up: issue 18's baseline).
# A gzip file is checked with `gzip -t` and its rows counted by Python's gzip module.
# The events go straight into PostgreSQL (as ingestion writes them, under its append lock; the subject here is the
# export, not ingestion), in a sandbox of this run's own, and are deleted again at the end.
# export-service is restarted first (with ./suite's JVM options), so that its memory is this benchmark's alone.
# Usage: bench/export.sh [events, default 1000000]. Brings the stack up (and down) if needed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVENTS="${1:-1000000}"
WARMUP=50000   # exported once in each format first (the JIT), not reported
[ "$EVENTS" -gt "$WARMUP" ] || { echo "events must be more than $WARMUP" >&2; exit 2; }
WORK="$(mktemp -d)"
started_here=""
if ! curl -s -o /dev/null http://127.0.0.1:8080/; then "$ROOT/suite" up >/dev/null; started_here=1; fi
PSQL=(psql -qAt -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 55432 -U export_service exports)
export PGPASSWORD=s3flow
cleanup() {
  [ -f "$WORK/s3proxy.pid" ] && kill "$(cat "$WORK/s3proxy.pid")" 2>/dev/null || true
  # this run's events out again (and their space reusable): a million rows of ~1 KB per run would pile up in the
  # stack's database, and the next run's scans would read the dead ones too
  [ -n "${BENCH_SANDBOX:-}" ] && "${PSQL[@]}" -c "DELETE FROM event WHERE org_id = '$BENCH_ORG' AND sandbox_name = '$BENCH_SANDBOX'" \
    -c "VACUUM event" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  [ -n "$started_here" ] && "$ROOT/suite" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/results/export-$(date +%Y%m%d-%H%M%S).txt"
command -v rclone >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq rclone >/dev/null; }
command -v pigz >/dev/null || { echo "pigz not found: ./suite installs it (ensure_tools), e.g. ./suite up" >&2; exit 1; }
"$ROOT/suite" restart export-service >/dev/null
wait_gateway_ready "$GW/exports" 60   # the restart waited on the service's own port; the calls below go through the gateway
PID=$(cat "$ROOT/.dev/run/export-service.pid")
grep -q export-service /proc/"$PID"/cmdline || { echo "pid $PID (.dev/run/export-service.pid) is not export-service" >&2; exit 1; }
start_s3proxy "$WORK"

insert_events() { # first last: events first..last, ~1 KB each, in transactions of 100,000 under ingestion's append lock
  # 1,000 distinct random payloads of 900 letters and digits, repeated, like the other benchmarks' request of 1,000
  # events posted again and again (so gzip gains what it would on those: this CSV compresses to ~70%)
  local from=$1 to=$2 step=100000 lo hi
  {
    echo "CREATE TEMP TABLE bench_payload AS SELECT i, (SELECT string_agg(substr('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
            1 + floor(random() * 62)::int, 1), '') FROM generate_series(1, 900) WHERE i IS NOT NULL) AS payload
          FROM generate_series(0, 999) i;"
    for (( lo = from; lo <= to; lo += step )); do
      hi=$(( lo + step - 1 < to ? lo + step - 1 : to ))
      cat <<SQL
BEGIN;
SELECT pg_advisory_xact_lock(23418938065909505);
INSERT INTO event (seq, org_id, sandbox_name, event_id, type, event_time, user_id, properties, size_bytes, ingested_at)
SELECT nextval('event_seq'), '$BENCH_ORG', '$BENCH_SANDBOX', 'export-bench-' || g,
       (ARRAY['users.messages.email.Send', 'users.messages.email.Open', 'users.behaviors.Purchase'])[g % 3 + 1],
       now() - (($to - g) * interval '1 millisecond'), 'user-' || (g % 1000),
       json_build_object('campaign', 'bench', 'payload', p.payload)::text, 1000, now()
FROM generate_series($lo, $hi) g JOIN bench_payload p ON p.i = g % 1000 ORDER BY g;
INSERT INTO event_head (org_id, sandbox_name, last_seq) VALUES ('$BENCH_ORG', '$BENCH_SANDBOX', currval('event_seq'))
ON CONFLICT (org_id, sandbox_name) DO UPDATE SET last_seq = greatest(event_head.last_seq, excluded.last_seq);
COMMIT;
SQL
    done
    echo "ANALYZE event;"
  } | "${PSQL[@]}" >/dev/null
}

create_export() { # connection format compression folder -> export id (no schedule: runs on demand only)
  post_json "$GW/exports" '{"name": "bench '"$4"'", "connectionId": "'"$1"'",
    "select": {"fields": ["id", "type", "time", "userId", "properties.campaign", "properties.payload"]},
    "format": "'"$2"'", "compression": "'"$3"'", "folderPath": "'"$4"'", "fileName": "export_%RUN_ID%"}' | json_get id
}

run_export() { # export-id -> one JSON line: the run as GET shows it at the end, wall ms, peak RSS and CPU during the run
  # The runner threads' (export-run) time splits into on a CPU, runnable but waiting for one (schedstat), and the rest:
  # blocked, on PostgreSQL's rows, on S3's answers, on a free slot for the next part.
  # one process polls the run (every 200 ms) and samples export-service's VmRSS (every 100 ms): a curl + python per
  # poll would cost more CPU than it measures on two cores
  python3 - "$GW" "$1" "$PID" "$(cat "$WORK/s3proxy.pid")" "${H[@]}" <<'PY'
import json, os, sys, time, urllib.request
gw, export, pid, s3proxy, headers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
hdr = {headers[i + 1].split(": ")[0]: headers[i + 1].split(": ", 1)[1] for i in range(0, len(headers), 2)}
def call(method, path):
    with urllib.request.urlopen(urllib.request.Request(gw + path, method=method, headers=hdr), timeout=30) as r:
        return json.load(r)
def status_kb(field):
    for line in open("/proc/%s/status" % pid):
        if line.startswith(field + ":"):
            return int(line.split()[1])
def cpu_ticks(p):  # utime + stime of a process
    f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
def machine():  # (busy, total) jiffies of all cores
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f) - f[3] - f[4], sum(f)
def runners():  # export-run thread id -> (ns on a CPU, ns runnable waiting for one)
    out = {}
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            if open("/proc/%s/task/%s/comm" % (pid, tid)).read().strip() == "export-run":
                on, wait = open("/proc/%s/task/%s/schedstat" % (pid, tid)).read().split()[:2]
                out[tid] = (int(on), int(wait))
        except OSError:
            pass
    return out
hz = os.sysconf("SC_CLK_TCK")
rss_before, cpu0, s3cpu0, m0, th0 = status_kb("VmRSS"), cpu_ticks(pid), cpu_ticks(s3proxy), machine(), runners()
t0 = time.time()
run_id = call("POST", "/exports/%s/runs" % export)["runId"]
peak, next_poll = rss_before, 0
while True:
    now = time.time()
    peak = max(peak, status_kb("VmRSS"))
    if now >= next_poll:
        run = call("GET", "/exports/%s/runs/%s" % (export, run_id))
        if run["status"] not in ("QUEUED", "IN_PROGRESS"):
            break
        next_poll = now + 0.2
    time.sleep(0.1)
wall = time.time() - t0
cpu1, s3cpu1, m1, th1 = cpu_ticks(pid), cpu_ticks(s3proxy), machine(), runners()
on = sum(v[0] - th0.get(t, (0, 0))[0] for t, v in th1.items()) / 1e9
waiting = sum(v[1] - th0.get(t, (0, 0))[1] for t, v in th1.items()) / 1e9
print(json.dumps({"run": run, "wallMs": int(wall * 1000), "rssBeforeKb": rss_before, "peakRssKb": peak,
                  "hwmKb": status_kb("VmHWM"), "cpuSeconds": (cpu1 - cpu0) / hz,
                  "s3proxyCpuSeconds": (s3cpu1 - s3cpu0) / hz, "runnerOnCpuSeconds": on, "runnerWaitingForCpuSeconds": waiting,
                  "machineBusy": (m1[0] - m0[0]) / max(1, m1[1] - m0[1])}))
PY
}

rclone_seconds() { # endpoint local-dir -> seconds of `rclone copy` of the dir into a new bucket there (as delivery.sh)
  local bucket="rclone-$RANDOM$RANDOM" t0
  s3 "$1" "s3.create_bucket(Bucket='$bucket')"
  t0=$(date +%s%N)
  env -u AWS_CA_BUNDLE rclone copy "$2" ":s3:$bucket" --s3-provider Other --s3-endpoint "$1" --s3-access-key-id bench \
    --s3-secret-access-key bench --s3-force-path-style --transfers 4 --s3-upload-cutoff 64M --s3-chunk-size 8M
  awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.2f", ns / 1e9 }'
}

pigz_rcat_seconds() { # endpoint csv-file -> seconds of `pigz -1 -p 2 < file | rclone rcat` into a new bucket there
  local bucket="pigz-$RANDOM$RANDOM" t0
  s3 "$1" "s3.create_bucket(Bucket='$bucket')"
  t0=$(date +%s%N)
  pigz -1 -p 2 <"$2" | env -u AWS_CA_BUNDLE rclone rcat ":s3:$bucket/$(basename "$2").gz" --s3-provider Other --s3-endpoint "$1" \
    --s3-access-key-id bench --s3-secret-access-key bench --s3-force-path-style --s3-chunk-size 8M
  awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.2f", ns / 1e9 }'
}

download() { # bucket dir keys-file -> the objects into dir (flat), for rclone
  mkdir -p "$2"
  s3 "$S3PROXY" "
for key in open('$3').read().split():
    s3.download_file('$1', key, os.path.join('$2', key.replace('/', '_')))"
}

# rows in the downloaded files (header lines excluded): every event once, or the figures mean nothing. A gzip file must
# pass `gzip -t` (every member's CRC and length) and is read by Python's gzip module (all members, as one stream).
# Parquet files are read whole by hyparquet (the tests' independent reader; ./suite up installs it), whose first line
# is the footer
rows_in() {
  local f n=0
  for f in "$1"/*; do
    case "$f" in
      *.gz) gzip -t "$f" || { echo "$f: gzip -t refuses it" >&2; exit 1; }
        n=$(( n + $(python3 -c 'import gzip, sys; print(sum(1 for _ in gzip.open(sys.argv[1])) - 1)' "$f") )) ;;
      *.parquet) n=$(( n + $(node "$ROOT/export-service/src/test/node/read-parquet.mjs" "$f" | wc -l) - 1 )) ;;
      *) n=$(( n + $(wc -l <"$f") - 1 )) ;;
    esac
  done
  echo "$n"
}

bucket="export-$RANDOM$RANDOM"
s3 "$S3PROXY" "s3.create_bucket(Bucket='$bucket')"
connection=$(create_connection "$S3PROXY" "$bucket")
declare -A EXPORT=([csv]=$(create_export "$connection" csv none bench/csv) [gzip]=$(create_export "$connection" csv gzip bench/gzip)
  [parquet]=$(create_export "$connection" parquet snappy bench/parquet))

measure() { # name -> a row of the first table (and one of the second into $WORK/cpu), after checking the run and its files
  local name="$1" result bytes rows secs f pigz_secs=""
  result=$(run_export "${EXPORT[$name]}")
  echo "$result" >>"$WORK/runs.jsonl"
  python3 -c 'import json, sys; r = json.loads(sys.argv[1])["run"]
if r["status"] != "SUCCESS" or r["metrics"]["records"]["output"] != int(sys.argv[2]):
    sys.exit("run not a success of %s events: %s" % (sys.argv[2], json.dumps(r)))' "$result" "$EVENTS"
  python3 -c 'import json, sys; [print(f["key"]) for f in json.loads(sys.argv[1])["run"]["files"]]' "$result" >"$WORK/keys"
  rm -rf "$WORK/files"
  download "$bucket" "$WORK/files" "$WORK/keys"
  bytes=$(find "$WORK/files" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  rows=$(rows_in "$WORK/files")
  [ "$rows" = "$EVENTS" ] || { echo "$name: $rows rows in the files, not $EVENTS" >&2; exit 1; }
  secs=$(rclone_seconds "$S3PROXY" "$WORK/files")
  if [ "$name" = gzip ]; then   # the baseline compresses the same CSV itself
    f=$(find "$WORK/files" -type f -name '*.gz' | head -1)
    zcat "$f" >"$WORK/plain.csv"
    pigz_secs=$(pigz_rcat_seconds "$S3PROXY" "$WORK/plain.csv")
    rm -f "$WORK/plain.csv"
  fi
  rm -rf "$WORK/files"
  s3 "$S3PROXY" "[s3.delete_object(Bucket='$bucket', Key=k) for k in open('$WORK/keys').read().split()]"   # disk
  python3 - "$name" "$result" "$bytes" "$secs" "$(nproc)" "$WORK/cpu" "$pigz_secs" <<'PY'
import json, sys
name, r, files_bytes, rclone, cores = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
pigz = float(sys.argv[7]) if sys.argv[7] else None
run, wall = r["run"], r["wallMs"] / 1000
mb = run["metrics"]["bytes"] / 1048576
assert run["metrics"]["bytes"] == files_bytes, (run["metrics"]["bytes"], files_bytes)
print("| %s | %s | %d | %.1f | %.1f | %.0f | %.1f | %.1f | **%.2f** | %s | %s | %.0f | %.0f |" % (
    name, format(run["metrics"]["records"]["output"], ","), len(run["files"]), wall, run["metrics"]["durationMs"] / 1000,
    mb, mb / wall, rclone, wall / rclone, "-" if pigz is None else "%.1f" % pigz, "-" if pigz is None else "**%.2f**" % (wall / pigz),
    r["rssBeforeKb"] / 1024, r["peakRssKb"] / 1024))
on, waiting = r["runnerOnCpuSeconds"], r["runnerWaitingForCpuSeconds"]
with open(sys.argv[6], "a") as cpu:
    cpu.write("| %s | %.1f | %.1f | %.1f | %.1f | %.0f%% | %.0f%% | %.0f%% |\n" % (name, wall, on, waiting, wall - on - waiting,
        100 * r["cpuSeconds"] / wall, 100 * r["s3proxyCpuSeconds"] / wall, 100 * r["machineBusy"] * cores))
PY
}

code_version() { # the commit, and whether the services were built from a tree with changes (bench/ aside)
  local commit; commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  if [ -n "$(git -C "$ROOT" status --porcelain -- . ':!bench' 2>/dev/null)" ]; then echo "$commit + uncommitted changes"; else echo "$commit"; fi
}

jvm_flags=$(jcmd "$PID" VM.flags 2>/dev/null | tail -1 || true)
max_heap=$(grep -o -- '-XX:MaxHeapSize=[0-9]*' <<<"$jvm_flags" | cut -d= -f2 || true)
insert_events 1 "$WARMUP"
run_export "${EXPORT[csv]}" >/dev/null    # the JIT first, not reported
run_export "${EXPORT[gzip]}" >/dev/null
run_export "${EXPORT[parquet]}" >/dev/null
t0=$(date +%s%N)
insert_events $(( WARMUP + 1 )) "$EVENTS"
insert_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
{
  echo "export benchmark, $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), code $(code_version)"
  echo "$EVENTS events of ~1 KB (6 fields selected, ~1 KB a row), one run per format into S3Proxy (filesystem backend), after a warm-up run of $WARMUP in each"
  echo "export-service: $(tr '\0' ' ' </proc/"$PID"/cmdline | sed 's/ *$//')${JAVA_TOOL_OPTIONS:+ with JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS}, max heap $(( ${max_heap:-0} / 1048576 )) MB; JVM flags: $jvm_flags"
  echo "events inserted with SQL in $(( insert_ms / 1000 )) s ($(( (EVENTS - WARMUP) * 1000 / (insert_ms + 1) )) rows/s)"
  echo
  echo "| format | events | files | export wall (s) | run durationMs (s) | MB | MB/s | rclone, same files (s) | export / rclone | pigz -1 -p 2 \| rclone rcat (s) | export / pigz+rclone | RSS before (MB) | peak RSS (MB) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  measure csv
  measure gzip
  measure parquet
  echo
  echo "target: export at most 1.3x rclone's time (gzip CSV: 1.3x pigz -1 -p 2 | rclone rcat of its CSV), export-service peak RSS under 512 MB"
  echo
  echo "| format | export wall (s) | runner thread on a CPU (s) | runnable, waiting for a CPU (s) | blocked: PostgreSQL, S3, ... (s) | export-service CPU | S3Proxy CPU | machine CPU |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$WORK/cpu"
  echo "(CPU: a process's user + system time over the run's wall time, 100% = one core; machine: all $(nproc) cores, 100% each)"
  echo
  echo "runs as GET /exports/{id}/runs/{runId} answered at the end, with the sampler's figures:"
  cat "$WORK/runs.jsonl" | tail -2
} | tee "$OUT"
