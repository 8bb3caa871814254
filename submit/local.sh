#!/usr/bin/env bash
# Runs a FisherSelect command on an embedded local[*] Spark, building what is missing first.
#   submit/local.sh demo [--out DIR]
#   submit/local.sh select --pool P [--labeled L] --method M --k K --out DIR [...]
#   submit/local.sh score --pool P [--labeled L] --methods M1,M2,... --out DIR [...]
#   submit/local.sh generate --out P [--n N --d D --classes C --labeled-out L ...]
# Environment: FS_DRIVER_MEMORY (default 8g) sets the JVM heap; FS_LOG_CONFIG a log4j2 file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
fs_ensure_built
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2046
exec java $(fs_java_options) -Xmx"${FS_DRIVER_MEMORY:-8g}" \
  -Dlog4j2.configurationFile="${FS_LOG_CONFIG:-$FS_ROOT/conf/log4j2.properties}" \
  -cp "$(fs_classpath)" io.fisherselect.job.cli.FisherSelectCli "$@"
