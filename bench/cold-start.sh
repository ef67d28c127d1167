#!/usr/bin/env bash
# Collector cold start against the local AWS emulator: a fresh JVM runs the shaded jar's handler
# once (init + one invocation) for an account with USERS IAM users, RUNS times, alternating with
# the same calls made by a fresh Python process with boto3 (bench/python_collector.py), so both
# are measured in the same conditions. Prints each run's phases, wall time and peak RSS (GNU
# time) and the medians. Usage:
#   bench/cold-start.sh [USERS=300] [RUNS=5]
# Each run also measures the JVM with an ahead-of-time cache (JDK 25, JEP 483/514/515: classes
# loaded and linked, and method profiles, from one training run), the class-data-sharing
# tuning a container-image deployment can ship. JAVA_BENCH_FLAGS adds JVM flags to every Java run.
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
export REPORT_BUCKET=stocktake-bench MANAGEMENT_ROLE_ARN=arn:aws:iam::123456789012:role/stocktake-org-read AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
# Generate the report once up front, so every run measures the collector, not moto's first STARTED answer.
python3 - <<'PY'
import boto3, os
iam = boto3.client("iam", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
while iam.generate_credential_report()["State"] != "COMPLETE":
    pass
PY

"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$JAR" "$ROOT/bench/ColdStart.java"
# The AOT cache wants jars only on the class path.
"$JAVA_HOME/bin/jar" cf "$WORK/coldstart.jar" -C "$WORK/classes" .
# The flags the Lambda java runtimes start the JVM with (plus what JAVA_TOOL_OPTIONS adds in the stack).
LAMBDA_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx400m
              --sun-misc-unsafe-memory-access=allow)
read -r -a EXTRA <<<"${JAVA_BENCH_FLAGS:-}"
# -Xshare (the JDK's default CDS archive) and an AOT cache exclude each other: the cache replaces it.
AOT_FLAGS=()
for flag in "${LAMBDA_FLAGS[@]}"; do [ "$flag" = -Xshare:auto ] || AOT_FLAGS+=("$flag"); done
CP="$JAR:$WORK/coldstart.jar"
"$JAVA_HOME/bin/java" "${AOT_FLAGS[@]}" "${EXTRA[@]}" -XX:AOTCacheOutput="$WORK/collector.aot" -cp "$CP" ColdStart \
  >"$WORK/training.err" 2>&1 || { cat "$WORK/training.err"; exit 1; }
echo "AOT cache: $(stat -c %s "$WORK/collector.aot") bytes, from one training run"
for i in $(seq "$RUNS"); do
  /usr/bin/time -o "$WORK/java.$i" -f "%e %M" \
    "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${EXTRA[@]}" -cp "$CP" ColdStart 2>"$WORK/java.$i.err" >/dev/null
  grep -h '^{"jvm' "$WORK/java.$i.err" | sed 's/^/java     /' || { cat "$WORK/java.$i.err"; exit 1; }
  /usr/bin/time -o "$WORK/aot.$i" -f "%e %M" \
    "$JAVA_HOME/bin/java" "${AOT_FLAGS[@]}" "${EXTRA[@]}" -XX:AOTCache="$WORK/collector.aot" -cp "$CP" ColdStart \
    2>"$WORK/aot.$i.err" >/dev/null
  grep -h '^{"jvm' "$WORK/aot.$i.err" | sed 's/^/java+aot /' || { cat "$WORK/aot.$i.err"; exit 1; }
  /usr/bin/time -o "$WORK/python.$i" -f "%e %M" python3 "$ROOT/bench/python_collector.py" >/dev/null
  printf 'run %d: java %s s %s KB | java+aot %s s %s KB | python %s s %s KB (wall, peak RSS)\n' "$i" \
    $(cat "$WORK/java.$i") $(cat "$WORK/aot.$i") $(cat "$WORK/python.$i")
done
python3 - "$WORK" "$RUNS" <<'PY'
import statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def load(kind):
    rows = [open(f"{work}/{kind}.{i}").read().split() for i in range(1, runs + 1)]
    return [float(r[0]) for r in rows], [int(r[1]) / 1024 for r in rows]
jw, jm = load("java"); aw, am = load("aot"); pw, pm = load("python")
med = statistics.median
print(f"median: java {med(jw):.2f} s, {med(jm):.0f} MiB | java+aot {med(aw):.2f} s, {med(am):.0f} MiB | "
      f"python {med(pw):.2f} s, {med(pm):.0f} MiB")
print(f"java/python wall {med(jw) / med(pw):.2f}x | java+aot/python wall {med(aw) / med(pw):.2f}x")
PY
