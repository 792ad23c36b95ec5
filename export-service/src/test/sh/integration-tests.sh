#!/usr/bin/env bash
# export-service's integration tests (*IT: the fault tests, which run the service's jar as processes and mostly wait on
# timers, leases and restarts) in a JVM of their own, beside the module's other tests rather than after them.
#   reset                                          Maven, synchronously, before start: clears the last run's results
#   start SKIP-FLAGS CLASSES SEED JAVA CLASSPATH   Maven, asynchronously, once the jar is built: runs them
#   result                                         Maven, in integration-test: waits for them, prints what they printed
#                                                  and fails the build when they failed
# The JVM and the processes it starts (replicas, moto) share a process group of their own: when Maven ends before the
# result (another test failed, Ctrl-C), it stops this script, which TERMs and CONTinues the group (a stopped replica
# acts on TERM only once continued), and KILLs what is left after a grace period. PostgreSQL leaves the group (pg_ctl
# detaches it); TestPostgres stops it from a shutdown hook, which the TERM runs.
set -euo pipefail
out=target/its
grace=30

case "${1:-}" in
  reset)
    rm -rf "$out" target/failsafe-reports && mkdir -p "$out" && touch "$out/starting"
    ;;
  start)
    echo $$ >"$out/pid"
    finish() { # status: written only while this run's pid is the one in target/its (not a later run's)
      [ "$(cat "$out/pid" 2>/dev/null)" = $$ ] && echo "$1" >"$out/status.new" && mv "$out/status.new" "$out/status"
      exit "$1"
    }
    if [ $# -ne 6 ]; then   # an empty Maven property can drop an argument
      echo "integration-tests.sh start takes 5 arguments, got $(($# - 1)): ${*:2}" >"$out/output.log"
      finish 2
    fi
    skip=${2,,} classes=$3 seed=$4 java=$5 classpath=$6
    if [[ ",$skip," == *,true,* ]]; then
      echo "integration tests skipped" >"$out/output.log"
      finish 0
    fi
    if [ "$classes" = none ]; then
      echo "integration tests skipped: -Dtest was given without -Dit.test" >"$out/output.log"
      finish 0
    fi
    if [[ "$classes" == *'#'* ]]; then
      echo "-Dit.test takes simple class names (* and commas allowed), not methods: $classes" >"$out/output.log"
      finish 2
    fi
    # -Dit.test=DeliveryUnderFaultsIT,*Stall*IT as a regular expression over fully qualified class names
    pattern="^(.*\\.)?($(printf '%s' "$classes" | sed -e 's/\./\\./g' -e 's/\*/.*/g' -e 's/,/|/g'))\$"
    options=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager)
    [ "$seed" = random ] || options+=("-Ds3flow.torture.seed=$seed")
    stop() { # the JVM's group, once Maven stopped this script; $! is empty until the JVM was started
      local group=${!:-}
      if [ -n "$group" ]; then
        kill -TERM -- "-$group" 2>/dev/null || true
        kill -CONT -- "-$group" 2>/dev/null || true
        for _ in $(seq "$grace"); do kill -0 -- "-$group" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$group" 2>/dev/null || true
      fi
      finish 143
    }
    trap stop TERM INT HUP
    setsid "$java" "${options[@]}" -cp "$classpath" org.junit.platform.console.ConsoleLauncher execute \
      --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
      --scan-classpath target/test-classes --include-classname "$pattern" \
      --reports-dir target/failsafe-reports >"$out/output.log" 2>&1 &
    status=0
    wait $! || status=$?
    finish "$status"
    ;;
  result)
    [ -e "$out/starting" ] || { echo "the integration tests were not started (process-test-classes runs them)" >&2; exit 1; }
    for _ in $(seq 120); do [ -e "$out/pid" ] && break; sleep 1; done
    [ -e "$out/pid" ] || { echo "the integration tests' runner did not start within 120 s" >&2; exit 1; }
    started=$(cat "$out/pid")
    until [ -e "$out/status" ]; do
      kill -0 "$started" 2>/dev/null || [ -e "$out/status" ] || { echo "the integration tests' runner ended without a result" >&2; exit 1; }
      sleep 1
    done
    cat "$out/output.log"
    status=$(cat "$out/status")
    [ "$status" = 0 ] || echo "[ERROR] export-service's integration tests failed (exit $status): output in target/its, reports in target/failsafe-reports" >&2
    exit "$status"
    ;;
  *)
    echo "usage: $0 reset | start SKIP-FLAGS CLASSES SEED JAVA CLASSPATH | result" >&2
    exit 2
    ;;
esac
