# Sourced by submit/*.sh: where things are, Spark's Java 17 options, and building what is missing.
FS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FS_JOB="$FS_ROOT/spark-job"
# the application jar for spark-submit: the project's classes, EJML and picocli; Spark 'provided'
FS_APP_JAR="${FS_APP_JAR:-$FS_JOB/target/spark-job-0.1.0-SNAPSHOT-app.jar}"

# Spark's module options, read from the one place they are written down.
fs_java_options() {
  sed -n '/^spark\.java\.options=/,/[^\\]$/p' "$FS_ROOT/conf/java-options.properties" \
    | sed -e 's/^spark\.java\.options=//' -e 's/\\$//' | tr '\n' ' ' | tr -s ' ' | sed -e 's/^ //' -e 's/ $//'
}

# Builds the project when a jar or a class path file is missing or older than a source file or a
# pom. Needs Maven the first time (dependencies come from Maven Central). FS_NO_BUILD=1 never
# builds (the integration test sets it: it runs on the jars Maven just built).
fs_ensure_built() {
  local jar="$FS_JOB/target/spark-job-0.1.0-SNAPSHOT.jar" cp="$FS_JOB/target/classpath.txt"
  local f missing=
  for f in "$jar" "$cp" "$FS_APP_JAR" "$FS_JOB/target/spark-classpath.txt"; do
    [[ -f "$f" ]] || missing="$f"
  done
  if [[ -n "${FS_NO_BUILD:-}" ]]; then
    if [[ -n "$missing" ]]; then
      echo "error: $missing is missing and FS_NO_BUILD is set; run mvn -B -DskipTests package" >&2
      exit 1
    fi
    return 0
  fi
  if [[ -n "$missing" ]] || [[ -n "$(find "$FS_ROOT/pom.xml" "$FS_ROOT/shared-math" "$FS_JOB/pom.xml" \
        "$FS_JOB/src/main" -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) \
        -print -quit 2>/dev/null)" ]]; then
    echo "building FisherSelect (mvn package, tests skipped) ..." >&2
    (cd "$FS_ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# The class path of an embedded-Spark run: the project's jars plus Spark from the build.
fs_classpath() {
  echo "$FS_JOB/target/spark-job-0.1.0-SNAPSHOT.jar:$FS_ROOT/shared-math/target/shared-math-0.1.0-SNAPSHOT.jar:$(cat "$FS_JOB/target/classpath.txt")"
}

# Spark alone (the build's 'provided' dependencies, absolute paths): what a distribution's jars/ holds.
fs_spark_classpath() {
  cat "$FS_JOB/target/spark-classpath.txt"
}

# Creates (or refreshes) a minimal SPARK_HOME in directory $1 for standalone workers and the
# executors they launch: jars/ links every jar of fs_spark_classpath (executors get
# "$SPARK_HOME/jars/*" as their class path, the application jar comes from the driver), and
# conf/log4j2.properties (on the executors' class path) is $2, default conf/log4j2.properties.
fs_make_spark_home() {
  local home="$1" log="${2:-$FS_ROOT/conf/log4j2.properties}" jar
  rm -rf "$home/jars" && mkdir -p "$home/jars" "$home/conf"
  while IFS= read -r -d ':' jar || [[ -n "$jar" ]]; do
    [[ -n "$jar" ]] && ln -s "$jar" "$home/jars/$(basename "$jar")"
  done < <(tr -d '\n' < "$FS_JOB/target/spark-classpath.txt")
  ln -sfn "$log" "$home/conf/log4j2.properties"
}
