#!/usr/bin/env bash
# The CDK app command (cdk.json "app", run by `npx cdk synth|deploy` from infra-cdk/): selects a JDK 25 the way
# ./stocktake does (scripts/lib/common.sh: $JAVA_HOME if it is one, else /usr/lib/jvm or /opt, else the java on the
# PATH), then builds the Lambda jars and synthesizes the app with the Maven wrapper. Without a JDK 25 it stops before
# Maven starts (Maven's JVM options need Java 25). STOCKTAKE_CDK_APP_DRY_RUN=1 prints the JDK and the command instead
# of running it.
set -euo pipefail
STOCKTAKE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/common.sh
. "$STOCKTAKE_ROOT/scripts/lib/common.sh"

if ! find_jdk25; then
  say "Stocktake needs Java 25: set JAVA_HOME to a JDK 25"
  exit 1
fi
command=("$STOCKTAKE_ROOT/mvnw" -q -B -f "$STOCKTAKE_ROOT/pom.xml" -pl infra-cdk -am package exec:java -DskipTests
         -Dexec.skip=true -Dexec.mainClass=dev.stocktake.infra.StocktakeApp)
if [ -n "${STOCKTAKE_CDK_APP_DRY_RUN:-}" ]; then
  printf 'JAVA_HOME=%s\n%s\n' "$JAVA_HOME" "${command[*]}"
  exit 0
fi
exec "${command[@]}"
