#!/usr/bin/env bash
# Query benchmark: a year of reports for 300 accounts x 30 users; the dashboard's and the digest's
# queries and the views QuickSight reads, on the embedded Trino: the last 30 days against the whole year, the rewritten views
# against the old ones, and the compaction job (Parquet copy of the finished months) before and after.
# Usage (from anywhere): sql-engine/bench/run.sh [folder] [phases] [runs] [accounts]
#   folder  generated once if missing (300 accounts: 109,500 files, ~790 MB)
#   phases  comma-separated: pruned,year,before-after,compaction (default all, in that order)
#   runs    timed runs of each pruned / before-after / compacted query (median printed); year queries run once
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FOLDER=${1:-${TMPDIR:-/tmp}/stocktake-bench-reports-300}
PHASES=${2:-pruned,year,before-after,compaction}
RUNS=${3:-3}
ACCOUNTS=${4:-300}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$ROOT"
./mvnw -q -pl sql-engine -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="sql-engine/target/classes:sql-engine/target/test-classes:$(cat sql-engine/target/bench.classpath)"
JAVA=("$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g -cp "$CP")
uptime
if [ ! -d "$FOLDER" ]; then
  # the year ends yesterday (UTC) so that the projected range (first day .. NOW) covers it
  LAST_DAY=$(date -u -d yesterday +%F)
  /usr/bin/time -f "generated in %e s" "${JAVA[@]}" dev.stocktake.sql.bench.GenerateReports "$FOLDER" "$LAST_DAY" 365 "$ACCOUNTS" 30
fi
find "$FOLDER" -type f | wc -l | awk '{printf "report files: %s\n", $1}'
du -sb "$FOLDER" | awk '{printf "report folder: %s bytes\n", $1}'
"${JAVA[@]}" dev.stocktake.sql.bench.Benchmark "$FOLDER" "$PHASES" "$RUNS"
uptime
