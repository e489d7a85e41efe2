#!/bin/sh
# The headers that must compile on their own: every header of include/podium
# and of src/ and its folders, named as code includes them.
#   headers.sh ROOT               lists them (meson reads the list when it
#                                 configures, and compiles each one alone)
#   headers.sh ROOT HEADER...     fails unless the headers given are exactly
#                                 those of the tree, so a header added after
#                                 meson configured is not left unchecked
set -eu
root=${1:?usage: headers.sh ROOT [HEADER...]}
shift
list() {
    cd "$root"
    for h in include/podium/*.h src/*.h src/*/*.h; do
        [ -f "$h" ] || continue
        case $h in
        include/*) echo "${h#include/}" ;;
        src/*) echo "${h#src/}" ;;
        esac
    done | LC_ALL=C sort
}
if [ $# -eq 0 ]; then
    list
    exit 0
fi
now=$(list)
compiled=$(printf '%s\n' "$@" | LC_ALL=C sort)
if [ "$now" != "$compiled" ]; then
    echo "headers in the tree that meson does not compile alone (reconfigure: meson setup --reconfigure BUILDDIR):"
    printf '%s\n' "$now" | grep -vxF -e "$compiled" || true
    echo "headers meson compiles that are gone:"
    printf '%s\n' "$compiled" | grep -vxF -e "$now" || true
    exit 1
fi
echo "$# headers compile alone"
