#!/bin/sh
# Builds the segmenter's libFuzzer target with clang, ASan and UBSan in
# build-fuzz/ and fuzzes it for SECONDS (default 60), starting from the dev
# corpus and the seed, which are copied into a temporary folder, never into
# the repository. Crashing inputs are kept in build-fuzz/artifacts/.
# usage: tests/fuzz/run.sh [SECONDS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
build=${BUILD:-$root/build-fuzz}
seconds=${1:-60}
case $seconds in *[!0-9]*|'') echo "usage: $0 [SECONDS]" >&2; exit 2;; esac

if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" "$root" -Dfuzz=true -Db_sanitize=address,undefined \
        -Db_lundef=false --buildtype=debugoptimized >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz_segment >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/podium-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/artifacts"
cp "$shared"/corpus/dev/*.txt "$shared"/seeds/*.txt "$work/corpus/" 2>/dev/null || true

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$build/tests/fuzz/fuzz_segment" -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -dict="$root/tests/fuzz/segment.dict" \
    -artifact_prefix="$build/artifacts/" "$work/corpus"
