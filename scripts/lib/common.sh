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
