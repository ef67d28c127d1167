#!/usr/bin/env bash
# Collector cold start against the local AWS emulator, side by side in one run: a fresh process
# per measurement, from process start to handler done, for an account with USERS IAM users.
# Every round runs each variant once, in turn, so all of them see the same machine load:
#
#   python        bench/python_collector.py: the same calls with Python and boto3
#   java-base     the collector before tuning: the shaded jar with the full SDK
#                 (target/stocktake-collector-unshrunk.jar), the Lambda runtime's JVM flags
#   +metadata     + the trimmed SDK service metadata provider (src/lambda/java) ahead of it
#   +proguard     + ProGuard shrinking: the deployable, target/stocktake-collector.jar
#   +lambda-ram   + the JVM sizing its heap for the function's 512 MB (-XX:MaxRAM=512m), as it
#                 does inside Lambda; this machine has 24 GiB, which inflates the default heap
#   +priming      + SnapStart priming run in init (ColdStart prime: beforeCheckpoint's offline
#                 collection); its invoke time is what a function restored from the snapshot runs
#   +appcds       + an AppCDS archive of the classes one training run loaded
#                 (-XX:SharedArchiveFile); not possible on the managed runtime (docs/benchmarks.md)
#   +aot          the deployable with a JDK 25 AOT cache (-XX:AOTCache, replaces CDS) from one
#                 training run: a container-image deployment only (docs/benchmarks.md)
#
# Prints each measurement (wall and peak RSS from GNU time, phases from bench/ColdStart.java),
# then per variant the medians, the ratio of its median wall time to Python's, and the median of
# the per-round ratios (each Java run over the Python run of the same round). Usage:
#   bench/cold-start.sh [USERS=300] [RUNS=5]
# JAVA_BENCH_FLAGS adds JVM flags to every Java run. SEED_ARGS adds arguments to bench/seed_account.py
# (e.g. "--tags 2 --sso-roles 6"). VARIANTS="python before +lambda-ram ..." runs only those variants.
# BEFORE_JAR=<a deployable built from another commit> adds the variant
#   before        that jar, run exactly as +lambda-ram runs this build's deployable: a before/after
#                 comparison of two builds in one run (docs/benchmarks.md, issue 17)
#   before+priming  that jar, run as +priming runs this build's deployable
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
USERS=${1:-300}
RUNS=${2:-5}
select_jdk25
ensure_emulator
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl collector-lambda -am package) >&2
TARGET="$ROOT/collector-lambda/target"
JAR="$TARGET/stocktake-collector.jar"
UNSHRUNK="$TARGET/stocktake-collector-unshrunk.jar"
echo "jars: deployable $(stat -c %s "$JAR") bytes, before shrinking $(stat -c %s "$UNSHRUNK") bytes"
if [ -n "${BEFORE_JAR:-}" ]; then echo "before: $BEFORE_JAR $(stat -c %s "$BEFORE_JAR") bytes"; fi
echo "load before: $(uptime)"

WORK=$(mktemp -d)
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done

read -r -a SEED_EXTRA <<<"${SEED_ARGS:-}"
eval "$(python3 "$ROOT/bench/seed_account.py" --users "$USERS" "${SEED_EXTRA[@]}")"
export REPORT_BUCKET=stocktake-bench MANAGEMENT_ROLE_ARN=arn:aws:iam::123456789012:role/stocktake-org-read AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
# Generate the report once up front, so every run measures the collector, not moto's first STARTED answer.
python3 - <<'PY'
import boto3, os
iam = boto3.client("iam", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
while iam.generate_credential_report()["State"] != "COMPLETE":
    pass
PY

# CDS and AOT caches want jars only on the class path.
"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$JAR" "$ROOT/bench/ColdStart.java"
"$JAVA_HOME/bin/jar" cf "$WORK/coldstart.jar" -C "$WORK/classes" .
"$JAVA_HOME/bin/jar" cf "$WORK/metadata.jar" -C "$TARGET/lambda-classes" .
# The flags the Lambda java runtimes start the JVM with (plus what JAVA_TOOL_OPTIONS adds in the stack).
LAMBDA_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx400m
              --sun-misc-unsafe-memory-access=allow)
read -r -a EXTRA <<<"${JAVA_BENCH_FLAGS:-}"
LAMBDA_RAM=(-XX:MaxRAM=512m)
# -Xshare:auto (the JDK's default CDS archive) and an AOT cache exclude each other: the cache replaces it.
AOT_FLAGS=()
for flag in "${LAMBDA_FLAGS[@]}"; do [ "$flag" = -Xshare:auto ] || AOT_FLAGS+=("$flag"); done
CP="$JAR:$WORK/coldstart.jar"

# Training runs (not measured): one each for the AppCDS archive and the AOT cache.
"$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" -XX:ArchiveClassesAtExit="$WORK/collector.jsa" \
  -cp "$CP" ColdStart >"$WORK/train-cds.err" 2>&1 || { cat "$WORK/train-cds.err"; exit 1; }
"$JAVA_HOME/bin/java" "${AOT_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" -XX:AOTCacheOutput="$WORK/collector.aot" \
  -cp "$CP" ColdStart >"$WORK/train-aot.err" 2>&1 || { cat "$WORK/train-aot.err"; exit 1; }
echo "AppCDS archive $(stat -c %s "$WORK/collector.jsa") bytes, AOT cache $(stat -c %s "$WORK/collector.aot") bytes"

if [ -n "${VARIANTS:-}" ]; then read -r -a VARIANTS <<<"$VARIANTS"; else VARIANTS=(python java-base +metadata +proguard +lambda-ram +priming +appcds +aot); fi
if [ -n "${BEFORE_JAR:-}" ]; then "$JAVA_HOME/bin/javac" -d "$WORK/classes-before" -cp "$BEFORE_JAR" "$ROOT/bench/ColdStart.java"; fi
command_for() { # the command line of variant $1, one word per line
  case $1 in
    python)      printf '%s\n' python3 "$ROOT/bench/python_collector.py" ;;
    java-base)   printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${EXTRA[@]}" -cp "$UNSHRUNK:$WORK/coldstart.jar" ColdStart ;;
    +metadata)   printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${EXTRA[@]}" -cp "$WORK/metadata.jar:$UNSHRUNK:$WORK/coldstart.jar" ColdStart ;;
    +proguard)   printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${EXTRA[@]}" -cp "$CP" ColdStart ;;
    +lambda-ram) printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" -cp "$CP" ColdStart ;;
    before)      printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" \
                   -cp "$BEFORE_JAR:$WORK/classes-before" ColdStart ;;
    before+priming) printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" \
                   -cp "$BEFORE_JAR:$WORK/classes-before" ColdStart prime ;;
    +priming)    printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" -cp "$CP" ColdStart prime ;;
    +appcds)     printf '%s\n' "$JAVA_HOME/bin/java" "${LAMBDA_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" \
                   -XX:SharedArchiveFile="$WORK/collector.jsa" -cp "$CP" ColdStart ;;
    +aot)        printf '%s\n' "$JAVA_HOME/bin/java" "${AOT_FLAGS[@]}" "${LAMBDA_RAM[@]}" "${EXTRA[@]}" \
                   -XX:AOTCache="$WORK/collector.aot" -cp "$CP" ColdStart ;;
  esac
}
for i in $(seq "$RUNS"); do
  for variant in "${VARIANTS[@]}"; do
    mapfile -t cmd < <(command_for "$variant")
    /usr/bin/time -o "$WORK/$variant.$i.time" -f "%e %M" "${cmd[@]}" >"$WORK/$variant.$i.out" 2>"$WORK/$variant.$i.err" \
      || { echo "$variant failed:"; cat "$WORK/$variant.$i.err"; exit 1; }
    phases=$(grep -h '^{"jvm' "$WORK/$variant.$i.err" | sed -E 's/,"response".*//; s/[{}"]//g' || true)
    # Whether the run wrote an IAM details file (builds since issue 17 answer detailsWritten; older ones say nothing).
    details=$(grep -ho '"detailsWritten":[a-z]*' "$WORK/$variant.$i.err" | head -1 || true)
    printf 'run %d %-11s %s s %s KB %s %s\n' "$i" "$variant" $(cat "$WORK/$variant.$i.time") "$phases" "$details"
  done
done
echo "load after: $(uptime)"
python3 - "$WORK" "$RUNS" "${VARIANTS[@]}" <<'PY'
import json, re, statistics, sys
work, runs, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
med = statistics.median
rows = {}
for v in variants:
    times = [open(f"{work}/{v}.{i}.time").read().split() for i in range(1, runs + 1)]
    phases = []
    for i in range(1, runs + 1):
        m = re.search(r'^(\{"jvm.*?),"response"', open(f"{work}/{v}.{i}.err").read(), re.M)
        phases.append(json.loads(m.group(1) + "}") if m else {})
    rows[v] = (med(float(t[0]) for t in times), med(int(t[1]) / 1024 for t in times),
               med(p.get("initMs", 0) for p in phases), med(p.get("primeMs", 0) for p in phases),
               med(p.get("invokeMs", 0) for p in phases))
py = rows["python"][0]
# Each round's Java/Python ratio pairs runs made seconds apart: less sensitive to load drifting across the run.
python_walls = [float(open(f"{work}/python.{i}.time").read().split()[0]) for i in range(1, runs + 1)]
def per_round(v):
    return med(float(open(f"{work}/{v}.{i}.time").read().split()[0]) / python_walls[i - 1] for i in range(1, runs + 1))
print(f"medians of {runs} runs | wall s | peak RSS MiB | init ms (of it priming) | invoke ms | wall / python | per-round ratio")
for v, (wall, rss, init, prime, invoke) in rows.items():
    java = v != "python"
    init_text = f"{init:.0f} ({prime:.0f})" if java else ""
    print(f"{v:<20} | {wall:6.2f} | {rss:12.0f} | {init_text:>23} | {invoke if java else '':>9} | {wall / py:12.2f}x |"
          f" {per_round(v):14.2f}x")
PY
