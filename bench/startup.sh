#!/usr/bin/env bash
# Start-up to ready (/q/health/ready = 200) and idle RSS of each service next to the smallest Quarkus REST app with
# health (bench/baseline-app, built here on the services' Quarkus), in the same run, with the same JVM and flags:
#   jar17      java -jar on JVM 17                     appcds     the same with an AppCDS archive of a training run
#   jar25      java -jar on JVM 25                     aot        the same with the AOT cache of a training run
#   container  the image without its AOT cache          container-aot  the image as ./suite images ships it
# A training run starts the app, waits until it is ready, asks it a few paths and stops it: the same for every app.
# Runs interleave the apps, so that what else loads the machine falls on all of them alike; the table gives medians
# and each app's ratio to the baseline in the same mode. Needs root for the container modes (podman).
# Usage: bench/startup.sh [runs per app and mode, default 3] [modes, default jar17,appcds,jar25,aot,container,container-aot]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../suite
source "$ROOT/suite"
RUNS="${1:-3}"
MODES="${2:-jar17,appcds,jar25,aot,container,container-aot}"
IDLE=5                                            # seconds after ready before RSS is read
JAVA17="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
# the services' image flags; in a pod of 512 Mi the JVM sizes its heap from the limit, so java -jar is told the same
JAR_FLAGS=("${SERVICE_JAVA_FLAGS[@]}" -XX:MaxRAM=512m)
APPS=(baseline-app connection-service credential-service export-service)
OUT="$ROOT/bench/results/startup-$(date +%Y%m%d-%H%M%S).md"
mkdir -p "$ROOT/bench/results"

ensure_tools
[ -x "$JAVA17" ] || die "no JVM 17 at $JAVA17 (set JAVA17_HOME)"
JAVA25="$JAVA_HOME/bin/java"
WORK=$(mktemp -d /var/tmp/s3flow-startup.XXXXXX)
chmod 755 "$WORK"
IMAGES_WORK="$WORK"
# shellcheck disable=SC2064
trap "scratch_stop '$WORK/scratch'; rm -rf '$WORK'" EXIT

app_dir() { if [ "$1" = baseline-app ]; then echo "$ROOT/bench/baseline-app/target/quarkus-app"; else echo "$ROOT/$1/target/quarkus-app"; fi; }

app_env() { # app port keys-dir -> env lines
  if [ "$1" = baseline-app ]; then
    printf '%s\n' QUARKUS_HTTP_HOST=127.0.0.1 "QUARKUS_HTTP_PORT=$2"
  else
    (PG_PORT=$SCRATCH_PG_PORT; MOTO_PORT=$SCRATCH_MOTO_PORT; KEYS=$3; SERVICE_PORT[$1]=$2; service_env "$1")
  fi
}

TRAINED_APP=""
container_env() { app_env "$TRAINED_APP" "$1" /keys; }

START_PID=""; START_CTR=""
start_app() { # app mode port: starts it, sets START_PID (the JVM's pid on this host) or START_CTR
  local app="$1" mode="$2" port="$3" java flags=()
  START_PID=""; START_CTR=""
  case "$mode" in
    jar17) java="$JAVA17" ;;
    appcds) java="$JAVA17"; flags=("-XX:SharedArchiveFile=$WORK/$app.jsa") ;;
    jar25) java="$JAVA25" ;;
    aot) java="$JAVA25"; flags=("-XX:AOTCache=$WORK/$app.aot") ;;
    container | container-aot)
      app_env "$app" "$port" /keys >"$WORK/$app.env"
      START_CTR="s3flow-startup-$app-$$"
      podman run -d --name "$START_CTR" --network host --read-only --memory 512m --env-file "$WORK/$app.env" \
        -v "$WORK/keys:/keys:ro" "$(image_of "$app" "$mode")" >/dev/null
      START_PID=$(podman inspect --format '{{.State.Pid}}' "$START_CTR")
      return ;;
  esac
  app_env "$app" "$port" "$KEYS" >"$WORK/$app.env"
  # shellcheck disable=SC2046
  (cd "$(app_dir "$app")" && exec env $(cat "$WORK/$app.env") "$java" "${JAR_FLAGS[@]}" "${flags[@]}" -jar quarkus-run.jar) \
    >"$WORK/$app-$mode.log" 2>&1 &
  START_PID=$!
}

stop_app() {
  if [ -n "$START_CTR" ]; then
    podman rm -f -t 10 "$START_CTR" >/dev/null
  else
    kill -TERM "$START_PID" 2>/dev/null || true
    wait "$START_PID" 2>/dev/null || true
  fi
}

wait_ready() { # port pid -> 0 when ready within 180 s
  local i
  for i in $(seq 1 9000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/q/health/ready")" = 200 ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}

train() { # app mode: the AppCDS archive (JVM 17) or AOT cache (JVM 25) of one run: ready, a few paths, stop
  local app="$1" mode="$2" port java flag p
  port=$(free_port)
  if [ "$mode" = appcds ]; then java="$JAVA17"; flag="-XX:ArchiveClassesAtExit=$WORK/$app.jsa"; else java="$JAVA25"; flag="-XX:AOTCacheOutput=$WORK/$app.aot"; fi
  app_env "$app" "$port" "$KEYS" >"$WORK/$app.env"
  # shellcheck disable=SC2046
  (cd "$(app_dir "$app")" && exec env $(cat "$WORK/$app.env") "$java" "${JAR_FLAGS[@]}" "$flag" -jar quarkus-run.jar) \
    >"$WORK/$app-$mode-training.log" 2>&1 &
  local pid=$!
  wait_ready "$port" "$pid" || die "training run of $app ($mode) did not become ready: $(tail -5 "$WORK/$app-$mode-training.log")"
  for p in /hello /q/health /q/openapi /q/metrics /connections /streams; do curl -s -o /dev/null "http://127.0.0.1:$port$p"; done
  kill -TERM "$pid"; wait "$pid" || true
}

image_of() { # app mode -> the image a container mode runs
  if [ "$1" = baseline-app ]; then
    [ "$2" = container-aot ] && echo localhost/s3flow/baseline-app:aot || echo localhost/s3flow/baseline-app:plain
  else
    [ "$2" = container-aot ] && manifest_image "$1" || echo "localhost/s3flow/$1:plain"
  fi
}

measure() { # app mode -> "ms cpu-ms rss-mb" of one start
  local app="$1" mode="$2" port t0 ms cpu rss
  port=$(free_port)
  t0=$(date +%s%N)
  start_app "$app" "$mode" "$port"
  if ! wait_ready "$port" "$START_PID"; then
    stop_app
    die "$app ($mode) did not become ready: $(tail -3 "$WORK/$app-$mode.log" 2>/dev/null)"
  fi
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$START_PID/stat")   # user + system ticks (10 ms) until ready
  sleep "$IDLE"
  rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$START_PID/status") / 1024 ))
  stop_app
  echo "$ms $cpu $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# --- build: the services as ./suite builds them, the baseline app on the same Quarkus and JDK -----------------------
build_jars
(cd "$ROOT/bench/baseline-app" && mvn -B -q package) || die "building the baseline app failed"
scratch_start "$WORK/scratch"
mkdir -p "$WORK/keys" && cp "$KEYS/jwks.json" "$KEYS/service-private.pem" "$KEYS/master-key" "$WORK/keys/"
chown -R 1001:1001 "$WORK/keys" && chmod 500 "$WORK/keys"
case ",$MODES," in
  *,container*)
    ensure_container_tools
    base=$(runtime_base_image)
    service_images manifest "$base"
    TRAINED_APP=baseline-app
    app_image "$(app_dir baseline-app)" "$base" localhost/s3flow/baseline-app:plain localhost/s3flow/baseline-app:aot \
      container_env /hello /q/health ;;
esac
for mode in appcds aot; do
  case ",$MODES," in *",$mode,"*) for app in "${APPS[@]}"; do log "training $app ($mode)"; train "$app" "$mode"; done ;; esac
done

# --- measure ------------------------------------------------------------------------------------------------------
declare -A MS CPU RSS
IFS=, read -r -a mode_list <<<"$MODES"
for mode in "${mode_list[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    for app in "${APPS[@]}"; do
      read -r ms cpu rss < <(measure "$app" "$mode")
      [ -n "${rss:-}" ] || die "measuring $app ($mode) failed"
      log "$mode run $run $app: ready in $ms ms (cpu $cpu ms), idle RSS $rss MB"
      MS[$app,$mode]+="$ms "; CPU[$app,$mode]+="$cpu "; RSS[$app,$mode]+="$rss "
    done
  done
done

# --- report -------------------------------------------------------------------------------------------------------
{
  echo "# start-up, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS runs"
  echo
  echo "JVM flags: ${JAR_FLAGS[*]} (containers: ${SERVICE_JAVA_FLAGS[*]} with --memory 512m). JVM 17: $("$JAVA17" -version 2>&1 | sed -n 2p)."
  echo "JVM 25: $("$JAVA25" -version 2>&1 | sed -n 2p). Ratios are to bench/baseline-app in the same mode and run."
  echo
  echo "| mode | app | ready (ms) | ratio | CPU to ready (ms) | idle RSS (MB) | ratio |"
  echo "|---|---|---|---|---|---|---|"
  for mode in "${mode_list[@]}"; do
    b_ms=$(printf '%s\n' ${MS[baseline-app,$mode]} | median); b_rss=$(printf '%s\n' ${RSS[baseline-app,$mode]} | median)
    for app in "${APPS[@]}"; do
      m=$(printf '%s\n' ${MS[$app,$mode]} | median); c=$(printf '%s\n' ${CPU[$app,$mode]} | median)
      r=$(printf '%s\n' ${RSS[$app,$mode]} | median)
      printf '| %s | %s | %s | %.2f | %s | %s | %.2f |\n' "$mode" "$app" "$m" "$(echo "$m / $b_ms" | bc -l)" "$c" "$r" \
        "$(echo "$r / $b_rss" | bc -l)"
    done
  done
  case ",$MODES," in
    *,container*)
      echo
      echo "| image | size (MB, uncompressed) |"
      echo "|---|---|"
      echo "| runtime base $base | $(image_size "$base") |"
      for app in "${APPS[@]}"; do
        echo "| $(image_of "$app" container-aot) | $(image_size "$(image_of "$app" container-aot)") |"
        echo "| $(image_of "$app" container) (no AOT cache) | $(image_size "$(image_of "$app" container)") |"
      done ;;
  esac
} | tee "$OUT"
