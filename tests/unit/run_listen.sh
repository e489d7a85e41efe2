#!/bin/sh
# scripts/run announces the address podium serve will listen on, from the
# same arguments (listen_address in scripts/setup.sh).
set -u
. "$1/scripts/setup.sh"
failed=0
expect() {
    want=$1; shift
    got=$(listen_address "$@")
    if [ "$got" != "$want" ]; then
        echo "FAIL: listen_address $* gave \"$got\", expected \"$want\"" >&2
        failed=1
    fi
}
unset PODIUM_LISTEN
expect 127.0.0.1:8080
expect 0.0.0.0:9000 --listen 0.0.0.0:9000
expect '[::1]:8081' --threads 2 --listen=[::1]:8081
expect 127.0.0.2:1 --listen 127.0.0.2:9 --listen 127.0.0.2:1
PODIUM_LISTEN=127.0.0.3:7000
expect 127.0.0.3:7000 --threads 3
expect 127.0.0.4:7001 --listen 127.0.0.4:7001
exit $failed
