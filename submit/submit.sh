#!/usr/bin/env bash
# Runs a FisherSelect command through spark-submit, on a cluster or any Spark master:
#
#   submit/submit.sh [spark-submit options] COMMAND [options]
#
#   submit/submit.sh --master spark://HOST:7077 --executor-memory 8g \
#       select --pool hdfs:///data/pool.parquet --method eig-logdet --k 100 --out hdfs:///sel/1
#   submit/submit.sh --master "$(submit/cluster.sh url)" demo --out /tmp/demo
#
# Everything before COMMAND goes to spark-submit, everything from COMMAND on to FisherSelect
# (`submit/submit.sh select --help` lists select's options). The application jar is
# spark-job/target/spark-job-VERSION-app.jar (built when missing); the deploy mode is client
# unless you pass --deploy-mode.
#
# spark-submit itself: $SPARK_HOME/bin/spark-submit when SPARK_HOME names a Spark 4.1 (Scala
# 2.13) distribution; otherwise the org.apache.spark.deploy.SparkSubmit class from the build's
# class path, so the same command works without a Spark download. In that second case this
# script starts the driver JVM itself, so --driver-memory (or spark.driver.memory of the
# properties file), --driver-java-options and --driver-class-path are applied here.
#
# Environment:
#   FS_SPARK_DEFAULTS  the --properties-file used when you pass none (default
#                      conf/spark-defaults.conf; "none" for no file). With a distribution its
#                      own conf/spark-defaults.conf is loaded too (--load-spark-defaults); the
#                      keys of the FisherSelect file win, flags win over both.
#   FS_LOG_CONFIG      the driver's log4j2 configuration (default conf/log4j2.properties)
#   FS_APP_JAR         the application jar to submit
#   SPARK_HOME         a Spark distribution to submit with
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

MAIN_CLASS=io.fisherselect.job.cli.FisherSelectCli

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

spark_args=()
command=""
props_file=""
driver_memory=""
driver_java=""
driver_cp=""
master=""
while (($#)); do
  case "$1" in
    -h | --help) usage ;;
    --verbose | -v | --supervise | --version | --usage-error | --load-spark-defaults)
      spark_args+=("$1")
      shift
      ;;
    -*)
      if [[ "$1" == --*=* ]]; then
        opt="${1%%=*}" value="${1#*=}"
        shift
      else
        (($# >= 2)) || { echo "submit.sh: $1 needs a value" >&2; exit 2; }
        opt="$1" value="$2"
        shift 2
      fi
      case "$opt" in
        --properties-file) props_file="$value" ;;
        --master) master="$value" ;;
        --driver-memory) driver_memory="$value" ;;
        --driver-java-options) driver_java="$value" ;;
        --driver-class-path) driver_cp="$value" ;;
        --conf | -c)
          case "$value" in
            spark.driver.memory=*) driver_memory="${value#*=}" ;;
            spark.master=*) master="${value#*=}" ;;
          esac
          ;;
      esac
      spark_args+=("$opt" "$value")
      ;;
    *)
      command="$1"
      shift
      break
      ;;
  esac
done
[[ -n "$command" ]] || { echo "submit.sh: a FisherSelect command is required (select, score, generate, demo, ...)" >&2; usage; }

# the properties file: yours, else FisherSelect's defaults
our_props=()
if [[ -z "$props_file" && "${FS_SPARK_DEFAULTS:-}" != none ]]; then
  props_file="${FS_SPARK_DEFAULTS:-$FS_ROOT/conf/spark-defaults.conf}"
  [[ -f "$props_file" ]] || { echo "submit.sh: properties file '$props_file' does not exist" >&2; exit 2; }
  our_props=(--properties-file "$props_file")
fi
# a key of the properties file ("key value" or "key=value"), last one wins
prop() {
  [[ -n "$props_file" && -f "$props_file" ]] || return 0
  sed -n -E "s/^[[:space:]]*${1//./[.]}[[:space:]]*[=:[:space:]][[:space:]]*([^[:space:]]+).*/\1/p" "$props_file" | tail -n 1
}
master="${master:-$(prop spark.master)}"
case "$master" in
  # a cluster on this machine (submit/cluster.sh) or local mode: the driver listens on loopback only
  spark://127.0.0.1:* | spark://localhost:* | local* | "") export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
esac

log_config="${FS_LOG_CONFIG:-$FS_ROOT/conf/log4j2.properties}"
java_options="$(fs_java_options)"
# Spark's Java 17 module options (and the Vector API for BLAS) for the executors; the driver's
# JVM options carry the log configuration. Both as *default* Java options, so that your
# spark.{driver,executor}.extraJavaOptions still apply on top; a --conf of yours for the same
# key comes later and wins.
our_conf=(--conf "spark.executor.defaultJavaOptions=$java_options"
  --conf "spark.driver.defaultJavaOptions=$java_options -Dlog4j2.configurationFile=$log_config")

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  [[ -f "$FS_APP_JAR" ]] || fs_ensure_built
  # keep the distribution's own spark-defaults.conf underneath FisherSelect's
  ((${#our_props[@]})) && our_props+=(--load-spark-defaults)
  exec "$SPARK_HOME/bin/spark-submit" "${our_props[@]}" "${our_conf[@]}" "${spark_args[@]}" \
    --class "$MAIN_CLASS" "$FS_APP_JAR" "$command" "$@"
fi

fs_ensure_built
driver_memory="${driver_memory:-$(prop spark.driver.memory)}"
# shellcheck disable=SC2086
exec java $java_options -Xmx"${driver_memory:-1g}" -Dlog4j2.configurationFile="$log_config" $driver_java \
  -cp "${driver_cp:+$driver_cp:}$(fs_spark_classpath)" org.apache.spark.deploy.SparkSubmit \
  "${our_props[@]}" "${our_conf[@]}" "${spark_args[@]}" --class "$MAIN_CLASS" "$FS_APP_JAR" "$command" "$@"
