# Shared by scripts/run and scripts/test (sourced, not run): Debian packages,
# the PostgreSQL binaries, and running commands as the cluster's owner.

# chromium and a CJK font: the browser tests of the web page (tests/browser)
# and their screenshots.
PACKAGES="build-essential meson ninja-build pkg-config libmicrohttpd-dev libjansson-dev
libpq-dev libopencc-dev opencc libutf8proc-dev zlib1g-dev libzip-dev postgresql-15 postgresql-contrib
python3 python3-jieba python3-jsonschema curl chromium fonts-wqy-microhei"
PGBIN=/usr/lib/postgresql/15/bin

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# The address `podium serve ARGS...` listens on: its last --listen (as
# getopt reads it, "--listen ADDR" or "--listen=ADDR"), else PODIUM_LISTEN,
# else the default.
listen_address() {
    local addr=${PODIUM_LISTEN:-127.0.0.1:8080}
    while [ $# -gt 0 ]; do
        case $1 in
            --listen) [ $# -gt 1 ] && addr=$2 && shift ;;
            --listen=*) addr=${1#--listen=} ;;
        esac
        shift
    done
    printf '%s\n' "$addr"
}

# What only the tests use: the scale tests' pooler, load balancer and
# pg_auto_failover (tests/scale start their own processes; the packages'
# system services are not used).
TEST_PACKAGES="pgbouncer haproxy postgresql-15-auto-failover"

# Installs the Debian packages that are missing, and only those: $PACKAGES,
# and the arguments (scripts/test passes $TEST_PACKAGES).
install_missing_packages() {
    local missing="" p
    for p in $PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing:$missing"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null; then
            sudo="sudo"
        else
            say "not root and no sudo: install these packages first:$missing"
            exit 1
        fi
    fi
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}

# PostgreSQL refuses to run as root: as root, run it as "postgres".
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# meson setup DIR [OPTIONS] once, then ninja; a second run only rebuilds.
# Quiet unless something fails. Returns non-zero on failure.
build_into() {
    local dir=$1 out; shift
    out=$(mktemp /tmp/podium-build.XXXXXX)
    if { [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@"; } >"$out" 2>&1 \
            && ninja -C "$dir" >>"$out" 2>&1; then
        rm -f "$out"
        return 0
    fi
    cat "$out" >&2
    rm -f "$out"
    say "build in $dir failed"
    return 1
}

# npm ci in DIR, exactly as its package-lock.json pins, with the further
# npm options given; runs again only when the lock file changed. Without
# npm it says what WHAT needs and returns 0: the callers decide what a
# missing module means.
npm_ci_once() {
    local dir=$1 what=$2 stamp=$1/node_modules/.podium-lock
    shift 2
    if ! command -v npm >/dev/null; then
        say "npm not found: install Node.js 20 or newer for $what"
        return 0
    fi
    cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null && return 0
    say "npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error "$@" >&2 &&
        cp "$dir/package-lock.json" "$stamp"
}

# playwright-core for the browser tests (it downloads no browser, the tests
# drive Debian's chromium). Without Node.js the browser tests skip locally
# and fail in CI.
install_browser_test_modules() {
    npm_ci_once tests/browser "the browser tests"
}

# Redoc for /docs: only its standalone bundle is served, which carries its
# own React, so the peer dependencies stay out and no install script runs.
# Without it /docs answers 503 docs-not-installed.
install_docs_modules() {
    npm_ci_once openapi/docs "the API documentation at /docs" --omit=peer --ignore-scripts
}
