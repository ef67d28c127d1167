# Shared by ./stocktake and scripts/test: find JDK 25, make sure the local AWS emulator and
# cfn-lint are there (installing them with pip when they are not), build the CLI when stale.
# Sourced, not run.

STOCKTAKE_ROOT=${STOCKTAKE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# The versions of moto and cfn-lint, and of everything they pull in, live in one file: pip's --constraint.
PYTHON_CONSTRAINTS="$STOCKTAKE_ROOT/scripts/lib/python-constraints.txt"
pinned_version() { sed -n "s/^$1==//p" "$PYTHON_CONSTRAINTS"; }
MOTO_VERSION=$(pinned_version moto)
CFN_LINT_VERSION=$(pinned_version cfn-lint)

say() { printf '%s\n' "$*" >&2; }
die() { say "stocktake: $*"; exit 2; }

java_major() { # prints the feature version of the java at $1/bin/java
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

# Sets JAVA_HOME to a JDK 25 or newer and returns 0, or returns 1 when there is none: $JAVA_HOME if it is
# one, else one under STOCKTAKE_JDK_SEARCH (directories, space-separated; default: /usr/lib/jvm (Temurin,
# OpenJDK) and /opt), else the java on the PATH.
find_jdk25() {
  local candidate major search
  # shellcheck disable=SC2206
  search=(${STOCKTAKE_JDK_SEARCH-/usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/*25* /opt/*jdk*25*})
  for candidate in "${JAVA_HOME:-}" "${search[@]}" \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  return 1
}

# find_jdk25, or stop with what to install.
select_jdk25() {
  find_jdk25 && return 0
  die "JDK 25 not found. Stocktake builds and runs on Java 25 (the Lambda runtime java25).
  Install one (e.g. Temurin 25: apt-get install temurin-25-jdk from the Adoptium repository,
  or any JDK 25 under /usr/lib/jvm) or point JAVA_HOME at it, then run this again."
}

python_bin() { command -v python3 || command -v python || true; }

pip_install() { # pip_install <what it is for> <requirement>...
  local why=$1; shift
  local python; python=$(python_bin)
  [ -n "$python" ] || return 1
  say "Installing $why with pip: $* (every dependency pinned by $PYTHON_CONSTRAINTS)"
  "$python" -m pip install --quiet --disable-pip-version-check --constraint "$PYTHON_CONSTRAINTS" "$@" >&2 || return 1
  hash -r
  # pip --user installs land here
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) export PATH="$HOME/.local/bin:$PATH" ;; esac
}

# The local AWS emulator: AWS_ENDPOINT_URL if set, else moto_server on the PATH, else install it.
ensure_emulator() {
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then return 0; fi
  if command -v moto_server >/dev/null 2>&1; then return 0; fi
  if pip_install "the local AWS emulator (moto $MOTO_VERSION)" "moto[server]==$MOTO_VERSION" \
      && command -v moto_server >/dev/null 2>&1; then
    return 0
  fi
  die "the local AWS emulator (moto_server) is not installed and could not be installed.
  Install it with:   python3 -m pip install -c scripts/lib/python-constraints.txt 'moto[server]==$MOTO_VERSION'
  or start one yourself and point Stocktake at it: AWS_ENDPOINT_URL=http://127.0.0.1:5000"
}

# cfn-lint, which the infrastructure tests run on every synthesized template.
ensure_cfn_lint() {
  if command -v cfn-lint >/dev/null 2>&1; then return 0; fi
  if pip_install "cfn-lint $CFN_LINT_VERSION" "cfn-lint==$CFN_LINT_VERSION" && command -v cfn-lint >/dev/null 2>&1; then
    return 0
  fi
  die "cfn-lint is not installed and could not be installed. Install it with:
  python3 -m pip install -c scripts/lib/python-constraints.txt 'cfn-lint==$CFN_LINT_VERSION'"
}

# Debian's chromium, which the dashboard's browser test drives headless. Installed with apt-get when
# missing and running as root (CI); otherwise says exactly what to install.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then return 0; fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "Installing Chromium (Debian package chromium) for the dashboard's browser test..."
    if { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
         || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; } >&2 \
       && { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }; then
      return 0
    fi
  fi
  die "Chromium is not installed and could not be installed here; the dashboard's browser test needs it.
  Install Debian's package:   sudo apt-get install chromium
  (as root, ./scripts/test installs it with apt-get itself)."
}

ensure_node() {
  command -v node >/dev/null 2>&1 || die "Node.js is not installed; the CDK for Java needs it (jsii).
  Install Node.js 20 or newer (e.g. apt-get install nodejs)."
}

# Builds the CLI (and the modules it uses) when its jar is missing or older than any source.
build_cli_if_stale() {
  local jar="$STOCKTAKE_ROOT/cli/target/stocktake-cli.jar"
  # every module the CLI is built from: all of them but the CDK app and the QuickSight definitions
  local modules; modules=$(cd "$STOCKTAKE_ROOT" && ls -d */pom.xml | sed 's|/pom.xml||' | grep -vx -e infra-cdk -e quicksight)
  # shellcheck disable=SC2086
  if [ -f "$jar" ] && [ -d "$STOCKTAKE_ROOT/cli/target/lib" ] && [ -z "$(cd "$STOCKTAKE_ROOT" && find pom.xml $modules \
        \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' -o -name '*.sql' \) -newer "$jar" -print \) 2>/dev/null | head -n1)" ]; then
    return 0
  fi
  say "Building the stocktake command (first run, or sources changed)..."
  (cd "$STOCKTAKE_ROOT" && ./mvnw -q -B -DskipTests -pl cli -am package) >&2 \
    || die "the build failed (see above). Run ./mvnw -pl cli -am package -DskipTests to see it in full."
}

# The JDK's AOT cache for the query engine (JEP 483/514/515): the classes the embedded Trino loads and links, and the
# method profiles of a training run, kept in cli/target/stocktake-cli-<name>.aot: one per set of JVM flags (`sql` runs
# with other flags than the long engine commands, and a cache only serves the flags it was made with), so switching
# between them does not rebuild it. It is built once per build of the CLI (a training run over a one-report sample,
# about half a minute), and rebuilt when the jars, the JDK or the JVM flags change (cli/target/stocktake-cli-<name>.aot.key
# records them); without it the command runs as before, only slower.
# STOCKTAKE_AOT=off never builds nor uses it. Sets AOT_FLAGS for the java command line.
# usage: aot_cache_flags <name> <java flags...>
AOT_FLAGS=()
aot_cache_flags() {
  AOT_FLAGS=()
  local name=${1:?aot_cache_flags needs a cache name}; shift
  [ "${STOCKTAKE_AOT:-on}" = off ] && return 0
  local cache="$STOCKTAKE_ROOT/cli/target/stocktake-cli-$name.aot" key_file="$STOCKTAKE_ROOT/cli/target/stocktake-cli-$name.aot.key"
  local log="$STOCKTAKE_ROOT/cli/target/stocktake-cli-$name.aot.log" key
  key=$( { "$JAVA_HOME/bin/java" -version 2>&1; printf '%s\n' "$@"
           cd "$STOCKTAKE_ROOT/cli/target" && stat -c '%n %s %Y' stocktake-cli.jar lib/*; } | cksum)
  if [ -f "$cache" ] && [ -f "$key_file" ] && [ "$(cat "$key_file")" = "$key" ]; then
    AOT_FLAGS=(-XX:AOTCache="$cache")
    return 0
  fi
  rm -f "$cache" "$key_file"
  say "Preparing the query engine's start-up cache (once per build; STOCKTAKE_AOT=off skips it)..."
  local sample; sample=$(mktemp -d "${TMPDIR:-/tmp}/stocktake-aot-XXXXXX")
  mkdir -p "$sample/credential-reports/2026/01/01"
  # a one-account sample: the root line and one console user, in AWS's credential-report columns
  cat > "$sample/credential-reports/2026/01/01/sample@111122223333.csv" <<'CSV'
user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2025-12-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
sample-user,arn:aws:iam::111122223333:user/sample-user,2021-01-01T00:00:00+00:00,true,2025-12-01T00:00:00+00:00,2021-01-01T00:00:00+00:00,N/A,false,true,2021-01-01T00:00:00+00:00,2025-12-01T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
CSV
  local classpath="$STOCKTAKE_ROOT/cli/target/stocktake-cli.jar:$STOCKTAKE_ROOT/cli/target/lib/*"
  # the training run records what the engine loads and runs (in its own process: STOCKTAKE_ENGINE=off); the second JVM
  # writes the cache from that record
  if STOCKTAKE_ENGINE=off "$JAVA_HOME/bin/java" "$@" -XX:AOTMode=record -XX:AOTConfiguration="$cache.conf" -cp "$classpath" \
       dev.stocktake.cli.Main sql --data "$sample" --format csv -e "select (select count(*) from console_users),
         (select count(*) from daily_counts_filled where dt = date '2026-01-01'), (select count(*) from owner_todo),
         (select count(*) from coverage), (select count(*) from rejected_reports)" >"$log" 2>&1 \
     && "$JAVA_HOME/bin/java" "$@" -XX:AOTMode=create -XX:AOTConfiguration="$cache.conf" -XX:AOTCache="$cache" \
          -cp "$classpath" >>"$log" 2>&1 \
     && [ -f "$cache" ]; then
    printf '%s\n' "$key" > "$key_file"
    AOT_FLAGS=(-XX:AOTCache="$cache")
  else
    rm -f "$cache"
    say "stocktake: could not build the start-up cache (see $log); running without it."
  fi
  rm -rf "$sample" "$cache.conf"
}
