#!/usr/bin/env bash
# Collector cold start against the local AWS emulator: a fresh JVM runs the shaded jar's handler
# once (init + one invocation) for an account with --users IAM users, RUNS times.
# Prints each run's phases and wall time / peak RSS (GNU time). Usage:
#   bench/cold-start.sh [USERS=300] [RUNS=5]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
USERS=${1:-300}
RUNS=${2:-5}
select_jdk25
ensure_emulator
JAR="$ROOT/collector-lambda/target/stocktake-collector.jar"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl collector-lambda -am package) >&2
echo "jar: $(stat -c %s "$JAR") bytes ($JAR)"

WORK=$(mktemp -d)
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done

eval "$(python3 "$ROOT/bench/seed_account.py" --users "$USERS")"
export REPORT_BUCKET=stocktake-bench MANAGEMENT_ROLE_ARN=arn:aws:iam::123456789012:role/stocktake-org-read AWS_REGION=us-east-1
# Generate the report once up front, so every run measures the collector, not moto's first STARTED answer.
python3 - <<'PY'
import boto3, os
iam = boto3.client("iam", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
while iam.generate_credential_report()["State"] != "COMPLETE":
    pass
PY

"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$JAR" "$ROOT/bench/ColdStart.java"
# The flags the Lambda java runtimes start the JVM with (plus what JAVA_TOOL_OPTIONS adds in the stack).
LAMBDA_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx400m
              --sun-misc-unsafe-memory-access=allow)
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "run $i: wall %e s, peak RSS %M KB" \
    "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" -cp "$JAR:$WORK/classes" ColdStart 2>&1 >/dev/null | grep -v '^{"timestamp"' || true
done
