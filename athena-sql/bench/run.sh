#!/usr/bin/env bash
# Benchmark of issue 3: a year of reports for 100 accounts x 30 users, daily_counts for the last 30 days
# against the whole year on the embedded Trino. Usage: athena-sql/bench/run.sh [folder] [runs]
# (from the repository root; the folder is generated once, ~36,500 files, ~70 MB).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FOLDER=${1:-${TMPDIR:-/tmp}/stocktake-bench-reports}
RUNS=${2:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$ROOT"
./mvnw -q -pl athena-sql test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="athena-sql/target/classes:athena-sql/target/test-classes:$(cat athena-sql/target/bench.classpath)"
JAVA=("$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g -cp "$CP")
if [ ! -d "$FOLDER" ]; then
  # the year ends yesterday (UTC) so that the projected range (first day .. NOW) covers it
  LAST_DAY=$(date -u -d yesterday +%F)
  /usr/bin/time -f "generated in %e s" "${JAVA[@]}" dev.stocktake.sql.bench.GenerateReports "$FOLDER" "$LAST_DAY" 365 100 30
fi
du -sb "$FOLDER" | awk '{printf "report folder: %s bytes\n", $1}'
"${JAVA[@]}" dev.stocktake.sql.bench.Benchmark "$FOLDER" "$RUNS"
