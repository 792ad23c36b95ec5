#!/usr/bin/env bash
# export-service's tests that run beside surefire's rather than after them, in JVMs of their own, one after another:
#   faults  the integration tests (*IT: the fault tests, which run the service's jar as processes and mostly wait on
#           timers, leases and restarts), on the test moto and a PostgreSQL cluster of their own;
#   tests   the classes tagged "beside" (surefire leaves them out), on a PostgreSQL and moto of their own
#           (OwnServersLauncher: each Quarkus start wipes its database, so they cannot share surefire's);
#   heap    the classes tagged "heap", in a heap as small as a container gives, on servers of their own too.
# Usage:
#   reset                                          Maven, synchronously, before start: clears the last run's results
#   start SKIP-FLAGS IT-CLASSES LANE SEED JAVA CLASSPATH
#                                                  Maven, asynchronously, once the jar is built: runs them. LANE false
#                                                  (a focus on surefire classes) leaves the tagged classes to surefire
#   result                                         Maven, at the end of test: waits for them, prints what they printed
#                                                  and fails the build when one failed
# $out/faults.status is written once the integration tests are over (the images job of ./suite test waits for it), and
# $out/status once all are. The JVMs and the processes they start (replicas, moto) share a process group of their
# own: when Maven ends before the result (another test failed, Ctrl-C), it stops this script, which TERMs and
# CONTinues the group (a stopped replica acts on TERM only once continued), and KILLs what is left after a grace
# period. PostgreSQL leaves the group (pg_ctl detaches it); TestPostgres stops it from a shutdown hook, which the TERM
# runs.
set -euo pipefail
out=target/beside
grace=30

tagged() { # tag: the test classes tagged so (a line of its own, @Tag("tag"), before a top-level class), one a line.
  # Surefire leaves out any test tagged so; only whole top-level classes, tagged in that one spelling, run here: any other
  # spelling of the tag that a grep can see fails the run (a tag given by a constant or a composed annotation cannot be
  # seen: do not tag so)
  local misplaced files
  misplaced=$(grep -rnE "Tag.*\"$1\"" src/test/java | grep -vE "^[^:]+:[0-9]+:@Tag\(\"$1\"\)\s*$") || [ $? = 1 ] || return 2
  if [ -n "$misplaced" ]; then
    echo "@Tag(\"$1\") is for top-level test classes, on a line of its own: $misplaced" >&2
    return 1
  fi
  files=$(grep -rlE "^@Tag\(\"$1\"\)\s*$" src/test/java) || [ $? = 1 ] || return 2   # grep's 1: none tagged
  [ -z "$files" ] || printf '%s\n' "$files" | sort | sed -e 's#^src/test/java/##' -e 's#\.java$##' -e 's#/#.#g'
}

case "${1:-}" in
  reset)
    rm -rf "$out" target/failsafe-reports && mkdir -p "$out" && touch "$out/starting"
    ;;
  start)
    echo $$ >"$out/pid"
    mine() { [ "$(cat "$out/pid" 2>/dev/null)" = $$ ]; }   # this run's target/beside, not a later run's
    record() { # name status: written only while the directory is this run's
      mine && echo "$2" >"$out/$1.new" && mv "$out/$1.new" "$out/$1"
      return 0
    }
    finish() { record status "$1"; exit "$1"; }
    if [ $# -ne 7 ]; then   # an empty Maven property can drop an argument
      echo "tests-beside.sh start takes 6 arguments, got $(($# - 1)): ${*:2}" >"$out/output.log"
      record faults.status 2; finish 2
    fi
    skip=${2,,} classes=$3 lane=$4 seed=$5 java=$6 classpath=$7
    if [[ ",$skip," == *,true,* ]]; then
      echo "tests beside surefire's skipped" >"$out/output.log"
      record faults.status 0; finish 0
    fi
    jvm=""
    stop() { # the running JVM's group, once Maven stopped this script
      if [ -n "$jvm" ]; then
        kill -TERM -- "-$jvm" 2>/dev/null || true
        kill -CONT -- "-$jvm" 2>/dev/null || true
        for _ in $(seq "$grace"); do kill -0 -- "-$jvm" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$jvm" 2>/dev/null || true
      fi
      finish 143
    }
    trap stop TERM INT HUP
    maven=$PPID   # exec-maven-plugin's JVM: a Maven that was killed cannot stop this script, so it looks
    launch() { # name [java options] main [launcher arguments]: one JVM in a group of its own; answers its status
      local name=$1; shift
      local options=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager)
      [ "$seed" = random ] || options+=("-Ds3flow.torture.seed=$seed")
      mine || finish 143   # a later run took target/beside over
      echo "[beside] $name: $*" >>"$out/output.log"
      setsid "$java" "${options[@]}" -cp "$classpath" "$@" >"$out/$name.log" 2>&1 &
      jvm=$!
      while kill -0 "$jvm" 2>/dev/null; do
        kill -0 "$maven" 2>/dev/null || stop
        sleep 1
      done
      local status=0
      wait "$jvm" || status=$?
      jvm=""
      cat "$out/$name.log" >>"$out/output.log"
      return "$status"
    }
    run_tagged() { # name tag [java options]: the classes tagged so, on servers of their own, if there are any
      local name=$1 tag=$2 classes; shift 2
      classes=$(tagged "$tag" 2>>"$out/output.log") || return 2
      if [ -z "$classes" ]; then
        echo "[beside] $name: no class is tagged $tag" >>"$out/output.log"
        return 0
      fi
      # what Quarkus asks of a JVM that runs its tests (it warns without the first; the second quiets the JDK about
      # the agent Quarkus loads)
      launch "$name" "$@" --add-opens=java.base/java.lang.invoke=ALL-UNNAMED -XX:+EnableDynamicAgentLoading \
        io.s3flow.export.beside.OwnServersLauncher execute --disable-banner --disable-ansi-colors --details=tree \
        --fail-if-no-tests $(printf -- '--select-class=%s ' $classes) --include-tag "$tag" \
        --reports-dir "target/beside-reports/$name"
    }
    status=0
    if [ "$classes" = none ]; then
      echo "integration tests skipped: -Dtest was given without -Dit.test" >>"$out/output.log"
    elif [[ "$classes" == *'#'* ]]; then
      echo "-Dit.test takes simple class names (* and commas allowed), not methods: $classes" >>"$out/output.log"
      status=2
    else
      # -Dit.test=DeliveryUnderFaultsIT,*Stall*IT as a regular expression over fully qualified class names
      pattern="^(.*\\.)?($(printf '%s' "$classes" | sed -e 's/\./\\./g' -e 's/\*/.*/g' -e 's/,/|/g'))\$"
      launch faults org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors \
        --details=tree --fail-if-no-tests --scan-classpath target/test-classes --include-classname "$pattern" \
        --reports-dir target/failsafe-reports || status=$?
    fi
    record faults.status "$status"
    if [ "$lane" = true ]; then
      run_tagged tests beside || status=$?
      run_tagged heap heap -Xmx256m || status=$?
    fi
    finish "$status"
    ;;
  result)
    [ -e "$out/starting" ] || { echo "the tests beside surefire's were not started (process-test-classes runs them)" >&2; exit 1; }
    for _ in $(seq 120); do [ -e "$out/pid" ] && break; sleep 1; done
    [ -e "$out/pid" ] || { echo "the runner of the tests beside surefire's did not start within 120 s" >&2; exit 1; }
    started=$(cat "$out/pid")
    until [ -e "$out/status" ]; do
      kill -0 "$started" 2>/dev/null || [ -e "$out/status" ] || { echo "the runner of the tests beside surefire's ended without a result" >&2; exit 1; }
      sleep 1
    done
    cat "$out/output.log"
    status=$(cat "$out/status")
    [ "$status" = 0 ] || echo "[ERROR] export-service's tests beside surefire's failed (exit $status): output in target/beside, reports in target/failsafe-reports and target/beside-reports" >&2
    exit "$status"
    ;;
  *)
    echo "usage: $0 reset | start SKIP-FLAGS IT-CLASSES LANE SEED JAVA CLASSPATH | result" >&2
    exit 2
    ;;
esac
