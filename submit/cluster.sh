#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the build's class path (no Spark download):
# one master and N workers, each its own JVM, all listening on 127.0.0.1 only. Try cluster mode
# on a laptop with it (submit/submit.sh --master "$(submit/cluster.sh url)" ...); the
# integration test uses it too.
#
#   submit/cluster.sh start [--workers N] [--cores C] [--memory M] [--timeout S]
#                                     N workers (default 2), each offering C cores (default 1) and
#                                     M memory (default 2g) to executors; waits at most S seconds
#                                     (default 120) for the master and every worker, else stops
#                                     what it started and fails
#   submit/cluster.sh status          master URL, web UI and alive workers (exit 3 when stopped)
#   submit/cluster.sh url             just the master URL (exit 3 when stopped)
#   submit/cluster.sh stop            stops the workers (and their executors) and the master by pid
#
# Environment: FS_CLUSTER_DIR — the run directory: pid files, logs/, workers/ (the workers' directories) and
# their minimal SPARK_HOME (default: .cluster/ in the checkout); FS_DAEMON_MEMORY — heap of the
# master and of each worker JVM (default 512m); FS_MASTER_PORT, FS_MASTER_WEBUI_PORT (default 0:
# any free port).
#
# How the workers run executors without a distribution: a worker builds an executor's command
# line from SPARK_HOME (class path "$SPARK_HOME/jars/*" plus "$SPARK_HOME/conf") and
# SPARK_SCALA_VERSION. start creates FS_CLUSTER_DIR/spark-home with jars/ linking the build's
# Spark jars (absolute paths) and conf/log4j2.properties (quiet executors); the application jar
# itself comes from the driver, as on any cluster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

RUN="${FS_CLUSTER_DIR:-$FS_ROOT/.cluster}"
DAEMON_PATTERN='org[.]apache[.]spark[.]deploy[.](master[.]Master|worker[.]Worker)'
EXECUTOR_PATTERN='org[.]apache[.]spark[.]executor[.]'

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

# alive PID PATTERN: the process exists and its command line matches (never a reused pid)
alive() {
  [[ -n "$1" ]] && ps -p "$1" -o args= 2>/dev/null | grep -Eq "$2"
}

pid_of() {
  [[ -f "$RUN/$1.pid" ]] && cat "$RUN/$1.pid" || true
}

master_running() {
  alive "$(pid_of master)" "$DAEMON_PATTERN"
}

# waits up to $2 seconds for pid $1 to exit; returns 1 if it is still there
wait_gone() {
  local pid="$1" deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# terminate PID PATTERN: TERM, then KILL after 15 s; only if the pid still is that process
terminate() {
  local pid="$1" pattern="$2"
  alive "$pid" "$pattern" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" 15; then
    echo "cluster.sh: pid $pid did not stop in 15 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || echo "cluster.sh: pid $pid is still there" >&2
  fi
}

# the JSON status of the master's web UI (empty when it does not answer within 5 s)
master_json() {
  local port
  port="$(cat "$RUN/master.webui-port" 2>/dev/null || true)"
  [[ -n "$port" ]] || return 0
  curl -fsS --max-time 5 "http://127.0.0.1:$port/json/" 2>/dev/null || true
}

alive_workers() {
  master_json | tr -d '\n' | grep -Eo '"aliveworkers"[[:space:]]*:[[:space:]]*[0-9]+' | grep -Eo '[0-9]+$' || echo 0
}

# daemon NAME MAIN-CLASS ARGS...: a JVM on the build's Spark, in its own session, logging to logs/NAME.log
daemon() {
  local name="$1"
  shift
  local launcher=()
  command -v setsid >/dev/null && launcher=(setsid)
  # shellcheck disable=SC2046
  "${launcher[@]}" java $(fs_java_options) -Xmx"${FS_DAEMON_MEMORY:-512m}" \
    -Dlog4j2.configurationFile="$FS_ROOT/conf/log4j2-cluster.properties" \
    -cp "$SPARK_HOME/jars/*" "$@" >"$RUN/logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$RUN/$name.pid"
  # Until the background shell has exec'd setsid and java, ps shows the shell's command line under
  # this pid: on a loaded machine that takes long enough for "alive" to call the daemon dead (and
  # for stop to leave it running). Wait for the exec (or the exit) before anything checks it.
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && ! alive "$pid" "$DAEMON_PATTERN" && ((SECONDS < deadline)); do
    sleep 0.1
  done
}

show_logs() {
  local f
  for f in "$RUN"/logs/*.log; do
    [[ -f "$f" ]] || continue
    echo "---- last lines of $f" >&2
    tail -n 15 "$f" >&2
  done
}

cmd_start() {
  local workers=2 cores=1 memory=2g timeout=120
  while (($#)); do
    case "$1" in
      --workers) workers="${2:?--workers needs a number}"; shift 2 ;;
      --cores) cores="${2:?--cores needs a number}"; shift 2 ;;
      --memory) memory="${2:?--memory needs a size, e.g. 2g}"; shift 2 ;;
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      *) die "unknown option '$1' (start [--workers N] [--cores C] [--memory M] [--timeout S])" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number, got '$workers'"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, got '$timeout'"
  if master_running; then
    die "a cluster is already running from $RUN ($(cat "$RUN/master.url" 2>/dev/null)); submit/cluster.sh stop first"
  fi
  command -v curl >/dev/null || die "curl is needed to ask the master for its workers"
  fs_ensure_built
  mkdir -p "$RUN"
  RUN="$(cd "$RUN" && pwd)" # absolute: the executors' class path must be
  rm -rf "$RUN/logs" "$RUN/workers" "$RUN"/*.pid "$RUN/master.url" "$RUN/master.webui-port"
  mkdir -p "$RUN/logs" "$RUN/workers"
  fs_make_spark_home "$RUN/spark-home"
  export SPARK_HOME="$RUN/spark-home" SPARK_CONF_DIR="$RUN/spark-home/conf" SPARK_SCALA_VERSION=2.13
  # every daemon, web UI and executor on the loopback interface only
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_PUBLIC_DNS=127.0.0.1
  export SPARK_LOCAL_DIRS="$RUN/workers/local"
  local deadline=$((SECONDS + timeout))

  # (no REST submission server: it would take the fixed port 6066)
  daemon master -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "${FS_MASTER_PORT:-0}" --webui-port "${FS_MASTER_WEBUI_PORT:-0}"
  local url="" webui=""
  while [[ -z "$url" || -z "$webui" ]]; do
    if ! master_running; then
      show_logs
      cmd_stop >/dev/null
      die "the master exited during start-up (log: $RUN/logs/master.log)"
    fi
    if ((SECONDS >= deadline)); then
      show_logs
      cmd_stop >/dev/null
      die "the master did not start within $timeout s (log: $RUN/logs/master.log)"
    fi
    sleep 0.5
    url="$(grep -Eo 'Starting Spark master at spark://[^ ]+' "$RUN/logs/master.log" | head -n 1 | sed 's/.* at //' || true)"
    webui="$(grep -E 'MasterWebUI.*started at http' "$RUN/logs/master.log" | head -n 1 \
      | grep -Eo ':[0-9]+[[:space:]]*$' | tr -d ': ' || true)"
  done
  echo "$url" >"$RUN/master.url"
  echo "$webui" >"$RUN/master.webui-port"

  local i
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$RUN/workers/worker-$i"
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker "$url" --host 127.0.0.1 --port 0 \
      --webui-port 0 --cores "$cores" --memory "$memory" --work-dir "$RUN/workers/worker-$i"
  done
  while (($(alive_workers) < workers)); do
    for ((i = 1; i <= workers; i++)); do
      if ! alive "$(pid_of "worker-$i")" "$DAEMON_PATTERN"; then
        show_logs
        cmd_stop >/dev/null
        die "worker-$i exited during start-up (log: $RUN/logs/worker-$i.log)"
      fi
    done
    if ((SECONDS >= deadline)); then
      show_logs
      cmd_stop >/dev/null
      die "only $(alive_workers) of $workers workers registered within $timeout s (logs: $RUN/logs/)"
    fi
    sleep 0.5
  done
  cmd_status
}

cmd_stop() {
  local f pid children=() c stopped=0
  [[ -d "$RUN" ]] || { echo "not running (no $RUN)"; return 0; }
  # workers first (each kills its executors on the way out), then the master
  for f in "$RUN"/worker-*.pid "$RUN"/master.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if alive "$pid" "$DAEMON_PATTERN"; then
      # shellcheck disable=SC2207
      children+=($(pgrep -P "$pid" 2>/dev/null || true))
      terminate "$pid" "$DAEMON_PATTERN"
      stopped=$((stopped + 1))
    fi
    rm -f "$f"
  done
  # an executor that outlived its worker (it normally exits with it)
  for c in "${children[@]}"; do
    terminate "$c" "$EXECUTOR_PATTERN"
  done
  rm -f "$RUN/master.url" "$RUN/master.webui-port"
  echo "stopped $stopped daemon(s) of $RUN"
}

cmd_status() {
  if ! master_running; then
    echo "not running ($RUN)"
    return 3
  fi
  local f n=0 pids=""
  for f in "$RUN"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    if alive "$(cat "$f")" "$DAEMON_PATTERN"; then
      n=$((n + 1))
      pids+=" $(cat "$f")"
    fi
  done
  echo "master   $(cat "$RUN/master.url")   web UI http://127.0.0.1:$(cat "$RUN/master.webui-port")   pid $(pid_of master)"
  echo "workers  $(alive_workers) alive at the master; $n worker JVM(s) running (pids$pids)"
  echo "logs     $RUN/logs/"
}

cmd_url() {
  master_running || { echo "not running ($RUN)" >&2; return 3; }
  cat "$RUN/master.url"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
