#!/usr/bin/env bash
# Organization-scale simulation: N accounts collect through the local AWS emulator at
# once, started at random moments of a compressed schedule window, with injected faults.
#   bench/org-scale.sh [ACCOUNTS=1000] [WINDOW_SECONDS=60] [THROTTLED=0.30] [LIMIT_EXCEEDED=0.05] [S3_5XX=0.05]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
select_jdk25
ensure_emulator
cd "$ROOT"
./mvnw -q -B -DskipTests -pl emulator,collector-lambda -am install >&2
CP_FILE=$(mktemp)
./mvnw -q -B -pl collector-lambda dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
exec "$JAVA_HOME/bin/java" -Xmx6g -cp "collector-lambda/target/test-classes:collector-lambda/target/classes:$(cat "$CP_FILE")" \
  dev.stocktake.collector.bench.OrganizationScaleSimulation "$@"
