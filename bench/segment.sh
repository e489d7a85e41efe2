#!/bin/sh
# Segmenter benchmark: builds bench/segment in release mode (build-bench/),
# runs it over the seed and every dev corpus file (without ../shared: over
# the fixture reports of tests/fixtures, and says so), runs the same files
# through jieba's cut with Debian's python3-jieba, optionally counts
# instructions per byte with callgrind, and prints one table.
#
# usage: bench/segment.sh [RUNS [SECONDS]]    (defaults: 7 runs of >= 0.5 s)
# environment: SHARED (default ../shared next to the checkout),
#              BUILD (default build-bench), ROUNDS (default 2),
#              NO_CALLGRIND=1 to skip valgrind, JIEBA_CALLGRIND=1 to count
#              jieba's instructions too (two more valgrind runs, minutes)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
build=${BUILD:-$root/build-bench}
runs=${1:-7}
seconds=${2:-0.5}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/podium-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

seed=$(ls "$shared"/seeds/*.txt 2>/dev/null | head -n 1)
set -- "$shared"/corpus/dev/*.txt
if [ ! -f "${seed:-}" ] || [ ! -f "$1" ]; then
    # A clone on its own still measures something: the project's fixture
    # reports, as many and as long as the dev corpus, with a written one as seed.
    echo "bench: no seed or corpus under $shared: measuring the fixture reports of tests/fixtures" \
         "instead (figures not comparable with corpus runs)" >&2
    "$python" "$root/tests/fixtures/podium_fixtures.py" "$tmp/fixtures"
    seed=$root/tests/fixtures/reports/forum_hant.txt
    set -- "$tmp"/fixtures/*.txt
fi

[ -d "$build" ] || meson setup "$build" "$root" --buildtype=release >/dev/null
ninja -C "$build" bench/segment >/dev/null

# Podium and jieba take turns for ROUNDS rounds (default 2) and each keeps
# its best round: a busy neighbour only ever slows a run down, and taking
# turns exposes both sides to the same noise, so the ratio stays honest.
rounds=${ROUNDS:-2}
# The long document: the same reports one after another in one input of at
# least 2 MB, as a newsroom archive page or a bulk paste arrives. Its
# throughput is set beside the per-report one: the segmenter must stay
# linear when one input holds hundreds of people (issue 10: >= half).
: >"$tmp/long.txt"
while [ "$(wc -c <"$tmp/long.txt")" -lt 2000000 ]; do
    cat "$@" >>"$tmp/long.txt"
done
: >"$tmp/podium"
: >"$tmp/jieba"
round=1
while [ "$round" -le "$rounds" ]; do
    echo "round $round/$rounds: podium, then jieba ($runs runs of >= $seconds s each) ..." >&2
    "$build/bench/segment" -r "$runs" -t "$seconds" "$seed" "$@" >>"$tmp/podium"
    "$build/bench/segment" -r "$runs" -t "$seconds" "$seed" "$tmp/long.txt" |
        sed -n 's/^corpus_\(bytes\|mbps\) /long_\1 /p' >>"$tmp/podium"
    "$python" "$root/bench/jieba_cut.py" "$runs" "$seconds" "$seed" "$@" >>"$tmp/jieba"
    round=$((round + 1))
done
best() {  # best FILE: the highest of every *_mbps key and slow file, the last of others
    awk '$1 ~ /_mbps$/ { if (!($1 in v) || $2 > v[$1]) v[$1] = $2; next }
         $1 == "slow_file" { if (!($2 in slow) || $3 > slow[$2]) slow[$2] = $3; next }
         { v[$1] = $2 }
         END { for (k in v) print k, v[k]; for (f in slow) print "slow_file", f, slow[f] }' \
        "$1" >"$1.best"
    mv "$1.best" "$1"
}
best "$tmp/podium"
best "$tmp/jieba"

: >"$tmp/callgrind"
if [ "${NO_CALLGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
    echo "callgrind: one pass over the corpus ..." >&2
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
        --toggle-collect=counted_pass \
        "$build/bench/segment" -1 "$seed" "$@" >"$tmp/pass" 2>"$tmp/cg.log"
    ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/cg.out")
    bytes=$(sed -n 's/^pass_bytes //p' "$tmp/pass")
    [ -n "$ir" ] && [ -n "$bytes" ] && echo "ir_per_byte $(awk "BEGIN{printf \"%.0f\", $ir/$bytes}")" >"$tmp/callgrind"
fi

# jieba under callgrind: one pass and two passes after the dictionary load;
# their difference is one warm pass over the corpus.
if [ "${NO_CALLGRIND:-0}" != 1 ] && [ "${JIEBA_CALLGRIND:-0}" = 1 ] && [ -n "${bytes:-}" ]; then
    echo "callgrind: jieba, one and two passes ..." >&2
    for n in 1 2; do
        valgrind --tool=callgrind --callgrind-out-file="$tmp/jieba$n.out" \
            "$python" "$root/bench/jieba_cut.py" --passes "$n" "$@" >/dev/null 2>&1
    done
    ir1=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/jieba1.out")
    ir2=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/jieba2.out")
    [ -n "$ir1" ] && [ -n "$ir2" ] &&
        echo "ir_per_byte $(awk "BEGIN{printf \"%.0f\", ($ir2-$ir1)/$bytes}")" >>"$tmp/jieba"
fi

cat "$tmp/podium" "$tmp/callgrind" | sed 's/^/podium_/' >"$tmp/all"
sed 's/^/jieba_/' "$tmp/jieba" >>"$tmp/all"
awk '
{ v[$1] = $2 }
function ratio(a, b) { return (b > 0) ? sprintf("%.0fx", a / b) : "-" }
function mb(x) { return sprintf("%.1f MB", x / 1e6) }
END {
    fmt = "%-56s %18s %10s %8s\n"
    printf fmt, "figure", "Podium", "jieba", "ratio"
    printf fmt, sprintf("throughput, seed (%d bytes), MB/s", v["podium_seed_bytes"]),
        v["podium_seed_mbps"], v["jieba_seed_mbps"], ratio(v["podium_seed_mbps"], v["jieba_seed_mbps"])
    printf fmt, sprintf("throughput, dev corpus (%d files, %d bytes), MB/s",
                        v["podium_corpus_files"], v["podium_corpus_bytes"]),
        v["podium_corpus_mbps"], v["jieba_corpus_mbps"], ratio(v["podium_corpus_mbps"], v["jieba_corpus_mbps"])
    printf fmt, sprintf("long document (the reports one after another, %d bytes), MB/s",
                        v["podium_long_bytes"]),
        v["podium_long_mbps"], "-",
        sprintf("%.2f", v["podium_long_mbps"] / v["podium_corpus_mbps"])
    printf fmt, sprintf("peak heap, %s input", mb(v["podium_big_input_bytes"])),
        sprintf("%s (%.1fx)", mb(v["podium_big_peak_heap_bytes"]),
                v["podium_big_peak_heap_bytes"] / v["podium_big_input_bytes"]), "-", "-"
    printf fmt, "max RSS growth, same input",
        sprintf("%.1f MB", v["podium_big_rss_growth_kb"] * 1024 / 1e6), "-", "-"
    printf fmt, sprintf("peak heap, worst dev report (%d bytes)", v["podium_doc_bytes"]),
        sprintf("%.0f KB", v["podium_doc_peak_heap_bytes"] / 1e3), "-", "-"
    if ("podium_ir_per_byte" in v)
        printf fmt, "instructions per input byte (callgrind)", v["podium_ir_per_byte"],
            ("jieba_ir_per_byte" in v) ? v["jieba_ir_per_byte"] : "-",
            ("jieba_ir_per_byte" in v) ? ratio(v["jieba_ir_per_byte"], v["podium_ir_per_byte"]) : "-"
    print "targets: >= 50 MB/s and >= 50x jieba per report; the long document at >= 0.5x"
    print "the per-report figure (ratio column); peak heap < 10x input + a few MB"
}' "$tmp/all"
grep '^slow_file ' "$tmp/podium" | sort -k3 -n | head -n 3 |
    sed 's/^slow_file \(.*\) \([0-9.]*\)$/slowest: \2 MB\/s  \1/'
