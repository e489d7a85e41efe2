# Shared by scripts/run and scripts/test (sourced, not run): Debian packages,
# the PostgreSQL binaries, and running commands as the cluster's owner.

# chromium and a CJK font: the browser tests of the web page (tests/browser)
# and their screenshots.
PACKAGES="build-essential meson ninja-build pkg-config libmicrohttpd-dev libjansson-dev
libpq-dev libopencc-dev opencc libutf8proc-dev postgresql-15 postgresql-contrib python3
python3-jieba curl chromium fonts-wqy-microhei libzip-dev"
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

# Installs the Debian packages that are missing, and only those.
install_missing_packages() {
    local missing="" p
    for p in $PACKAGES; do
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

# playwright-core for the browser tests, exactly as tests/browser/package-lock.json
# pins it (npm ci; it downloads no browser, the tests drive Debian's
# chromium). Runs again only when the lock file changed. Needs Node.js 20+
# and npm; without them the browser tests skip locally and fail in CI.
install_browser_test_modules() {
    local dir=tests/browser stamp=tests/browser/node_modules/.podium-lock
    if ! command -v npm >/dev/null; then
        say "npm not found: install Node.js 20 or newer to run the browser tests"
        return 0
    fi
    cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null && return 0
    say "npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2 &&
        cp "$dir/package-lock.json" "$stamp"
}
