#!/bin/sh
# Builds a libFuzzer target with clang, ASan and UBSan in build-fuzz/ and
# fuzzes it for SECONDS (default 60). Targets:
#   segment  the segmenter (the default)
#   request  request parsing through the router and handlers
#   all      each of them in turn, SECONDS each
# The seeds are the project's fixture reports (tests/fixtures/reports), the
# dev corpus and ../shared/seeds when they are there (as report texts, and
# for request also wrapped in POST requests) plus tests/fuzz/request_seeds
# or tests/fuzz/segment_crashes; they are copied into a temporary folder,
# never into the repository.
# Crashing inputs are kept in build-fuzz/artifacts/; once fixed, add each one
# (rewritten on invented text when it holds corpus text) to
# tests/fuzz/request_crashes/ or tests/fuzz/segment_crashes/ (both replayed by
# every build's unit suite), and a segmenter one also as a case under
# tests/segment/ when it shows a rule worth naming.
# FUZZ_SEED fixes libFuzzer's random seed (0, the default, draws one).
# Exit status: non-zero on any crash, leak, timeout or out-of-memory.
# usage: tests/fuzz/run.sh [SECONDS] [segment|request|all]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
build=${BUILD:-$root/build-fuzz}
seconds=${1:-60}
target=${2:-segment}
case $seconds in *[!0-9]*|'') echo "usage: $0 [SECONDS] [segment|request|all]" >&2; exit 2;; esac
case $target in
all)
    "$0" "$seconds" segment
    exec "$0" "$seconds" request ;;
segment|request) ;;
*) echo "usage: $0 [SECONDS] [segment|request|all]" >&2; exit 2;;
esac

if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" "$root" -Dfuzz=true -Db_sanitize=address,undefined \
        -Db_lundef=false --buildtype=debugoptimized >/dev/null
fi
ninja -C "$build" "tests/fuzz/fuzz_$target" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/podium-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/artifacts"
if [ "$target" = segment ]; then
    cp "$root"/tests/fixtures/reports/*.txt "$work/corpus/"
    cp "$shared"/corpus/dev/*.txt "$shared"/seeds/*.txt "$work/corpus/" 2>/dev/null || true
    cp "$root"/tests/fuzz/segment_crashes/* "$work/corpus/"
    max_len=65536
else
    cp "$root"/tests/fuzz/request_seeds/* "$work/corpus/"
    for report in "$root"/tests/fixtures/reports/*.txt "$shared"/corpus/dev/*.txt "$shared"/seeds/*.txt; do
        [ -f "$report" ] || continue
        name=$(basename "$report" .txt)
        { printf 'POST /reports\nContent-Type: text/plain; charset=utf-8\nAuthorization: Bearer fuzz-token-0123456789\n\n'
          cat "$report"; } > "$work/corpus/text_$name"
        { printf 'POST /segment\nContent-Type: application/json\n\n'
          /usr/bin/python3 -c 'import json, sys; print(json.dumps({"text": open(sys.argv[1]).read(), "title": sys.argv[1]}))' "$report"
        } > "$work/corpus/json_$name"
    done
    max_len=4096
fi

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" \
    -seed="${FUZZ_SEED:-0}" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -dict="$root/tests/fuzz/$target.dict" \
    -artifact_prefix="$build/artifacts/" "$work/corpus"
