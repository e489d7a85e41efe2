#!/bin/sh
# Import benchmark: `podium import` of COUNT distinct reports into an empty
# database with every index in place, beside a reference that COPYs the very
# rows the import stored (every table, same schema and indexes, one
# transaction) with no segmentation, parsing or folding at all.
#
# usage: bench/import.sh [COUNT]     (default 5000)
#   BUILD (default build-bench, configured --buildtype=release once),
#   SHARED (default ../shared): the reports are variants of its dev corpus
#   made by bench/load.py; nothing of them is stored in the repository.
# Prints one table: reports, seconds and reports/s of each side, the ratio
# of the rates, and the import's peak RSS.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-5000}
build=${BUILD:-$root/build-bench}
shared=${SHARED:-$root/../shared}
corpus=$shared/corpus/dev
[ -d "$corpus" ] || { echo "bench/import.sh: no corpus at $corpus (set SHARED)" >&2; exit 2; }
[ -d "$build" ] || meson setup "$build" "$root" --buildtype=release >/dev/null
ninja -C "$build" podium >/dev/null

work=$(mktemp -d /tmp/podium-import-bench.XXXXXX)
chmod 777 "$work"                   # the cluster's owner writes the COPY files here
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/load.py" dump "$corpus" 0 "$count" "$work/variants.bin"
/usr/bin/python3 - "$work/variants.bin" "$work/reports.jsonl" <<'EOF'
import json, sys
texts = open(sys.argv[1], 'rb').read().split(b'\0')[:-1]
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    for t in texts:
        f.write(json.dumps({'text': t.decode('utf-8')}, ensure_ascii=False) + '\n')
EOF

cat > "$work/inner.sh" <<'EOF'
set -eu
work=$1 podium=$2 migrations=$3 count=$4
base=$DATABASE_URL
psql() { /usr/lib/postgresql/15/bin/psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
url_of() { printf '%s\n' "$base" | sed "s|/podium_test?|/$1?|"; }
psql -d "$base" -c 'CREATE DATABASE imported' -c 'CREATE DATABASE copied'
export PODIUM_MIGRATIONS_DIR=$migrations PODIUM_LOG=warn
DATABASE_URL=$(url_of copied) "$podium" migrate
DATABASE_URL=$(url_of imported) /usr/bin/time -f '%M' -o "$work/rss" \
    "$podium" import --rejects "$work/rejects.jsonl" "$work/reports.jsonl" \
    >"$work/summary.json" 2>"$work/import.log" || { cat "$work/import.log" >&2; exit 1; }
# The rows as stored, then into the second database: the columns that are
# not generated, in table order so foreign keys hold, in one transaction.
tables="reports people appearances remarks recommendations"
copy_sql="BEGIN;"
for t in $tables; do
    cols=$(psql -d "$(url_of imported)" -c "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '$t' AND is_generated = 'NEVER'")
    psql -d "$(url_of imported)" -c "COPY $t ($cols) TO '$work/$t.copy' (FORMAT binary)"
    copy_sql="$copy_sql COPY $t ($cols) FROM '$work/$t.copy' (FORMAT binary);"
done
copy_sql="$copy_sql COMMIT;"
start=$(date +%s.%N)
psql -d "$(url_of copied)" -c "$copy_sql"
end=$(date +%s.%N)
echo "$start $end" > "$work/copy_time"
for t in $tables; do
    a=$(psql -d "$(url_of imported)" -c "SELECT count(*) FROM $t")
    b=$(psql -d "$(url_of copied)" -c "SELECT count(*) FROM $t")
    [ "$a" = "$b" ] || { echo "bench/import.sh: $t: $a rows imported, $b copied" >&2; exit 1; }
done
EOF
chmod 755 "$work/inner.sh"
sh "$root/tests/pg_harness.sh" sh "$work/inner.sh" "$work" "$build/podium" "$root/migrations" "$count"

/usr/bin/python3 - "$work" "$count" <<'EOF'
import json, os, sys
work, count = sys.argv[1], int(sys.argv[2])
s = json.load(open(os.path.join(work, 'summary.json')))
start, end = map(float, open(os.path.join(work, 'copy_time')).read().split())
copy_s = end - start
rss_mib = int(open(os.path.join(work, 'rss')).read().split()[-1]) / 1024
imp_rate, copy_rate = s['stored'] / s['seconds'], s['stored'] / copy_s
print('| reports | import s | import reports/s | COPY s | COPY reports/s | import/COPY rate | import peak RSS |')
print('|---|---|---|---|---|---|---|')
print('| %d (%d stored, %d rejected) | %.1f | %.0f | %.2f | %.0f | %.2f | %.0f MiB |'
      % (count, s['stored'], s['rejected'], s['seconds'], imp_rate, copy_s, copy_rate,
         imp_rate / copy_rate, rss_mib))
EOF
