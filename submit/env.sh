# Sourced by submit/*.sh: where things are, Spark's Java 17 options, and building what is missing.
FS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FS_JOB="$FS_ROOT/spark-job"

# Spark's module options, read from the one place they are written down.
fs_java_options() {
  sed -n '/^spark\.java\.options=/,/[^\\]$/p' "$FS_ROOT/conf/java-options.properties" \
    | sed -e 's/^spark\.java\.options=//' -e 's/\\$//' | tr '\n' ' '
}

# Builds the project when the application jar or its class path is missing or older than a
# source file or a pom. Needs Maven the first time (dependencies come from Maven Central).
fs_ensure_built() {
  local jar="$FS_JOB/target/spark-job-0.1.0-SNAPSHOT.jar" cp="$FS_JOB/target/classpath.txt"
  if [[ ! -f "$jar" || ! -f "$cp" ]] || [[ -n "$(find "$FS_ROOT/pom.xml" "$FS_ROOT/shared-math" "$FS_JOB/pom.xml" \
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
