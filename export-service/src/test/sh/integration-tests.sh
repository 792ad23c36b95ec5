#!/usr/bin/env bash
# export-service's integration tests (*IT: the fault tests, which run the service's jar as processes and mostly wait on
# timers, leases and restarts) in a JVM of their own, beside the module's other tests rather than after them.
#   start SKIP-FLAGS CLASSES SEED JAVA CLASSPATH   Maven, asynchronously, once the jar is built: runs them
#   result                                         Maven, in integration-test: waits for them, prints what they printed
#                                                  and fails the build when they failed
# The JVM and every process it starts (replicas, PostgreSQL, moto) share a process group of their own: when Maven ends
# before the result (another test failed, Ctrl-C), it stops this script, which stops the whole group.
set -euo pipefail
out=target/its

case "$1" in
  start)
    skip=$2 classes=$3 seed=$4 java=$5 classpath=$6
    rm -rf "$out" && mkdir -p "$out"
    echo $$ >"$out/pid"
    if [[ ",$skip," == *,true,* ]]; then
      echo "integration tests skipped" >"$out/output.log"
      echo 0 >"$out/status"
      exit 0
    fi
    if [[ "$classes" == *'#'* ]]; then
      echo "-Dit.test takes class names (* and commas allowed), not methods: $classes" >"$out/output.log"
      echo 2 >"$out/status"
      exit 2
    fi
    # failsafe's -Dit.test=DeliveryUnderFaultsIT,*Stall*IT as a regular expression over fully qualified class names
    pattern="^(.*\\.)?($(printf '%s' "$classes" | sed -e 's/\./\\./g' -e 's/\*/.*/g' -e 's/,/|/g'))\$"
    options=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager)
    [ "$seed" = random ] || options+=("-Ds3flow.torture.seed=$seed")
    setsid "$java" "${options[@]}" -cp "$classpath" org.junit.platform.console.ConsoleLauncher execute \
      --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
      --scan-classpath target/test-classes --include-classname "$pattern" \
      --reports-dir target/failsafe-reports >"$out/output.log" 2>&1 &
    jvm=$!
    trap 'kill -TERM -- "-$jvm" 2>/dev/null; wait "$jvm" || true; echo 143 >"$out/status"; exit 143' TERM INT HUP
    status=0
    wait "$jvm" || status=$?
    echo "$status" >"$out/status.new" && mv "$out/status.new" "$out/status"
    ;;
  result)
    [ -e "$out/pid" ] || { echo "the integration tests were not started (process-test-classes runs them)" >&2; exit 1; }
    started=$(cat "$out/pid")
    until [ -e "$out/status" ]; do
      kill -0 "$started" 2>/dev/null || [ -e "$out/status" ] || { echo "the integration tests' runner ended without a result" >&2; exit 1; }
      sleep 1
    done
    cat "$out/output.log"
    status=$(cat "$out/status")
    [ "$status" = 0 ] || echo "[ERROR] export-service's integration tests failed (exit $status): reports in target/failsafe-reports" >&2
    exit "$status"
    ;;
  *)
    echo "usage: $0 start SKIP-FLAGS CLASSES SEED JAVA CLASSPATH | result" >&2
    exit 2
    ;;
esac
