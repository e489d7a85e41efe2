#!/bin/sh
# Import benchmark of issue 14: `podium import` of COUNT distinct reports
# into an empty database with every index in place, beside a reference that
# COPYs the very rows the import stored (every table, same schema and
# indexes, one transaction) with no segmentation, parsing or folding; and
# the latency of the read requests at SMALL reports and again at COUNT.
#
# usage: bench/import.sh [COUNT [SMALL]]     (default 100000 and 1000)
#   BUILD (default build-bench, configured --buildtype=release once),
#   SHARED (default ../shared): the reports are variants of its dev corpus
#   made by bench/load.py; nothing of them is stored in the repository.
# The import runs in two parts, the first SMALL reports and then the rest;
# after each, `podium serve` answers the read sets of bench/reads.py, drawn
# once at SMALL so both sizes answer the same requests. Prints two tables:
# the import against COPY (times, rates, ratio, peak RSS of import and
# server), and p50/p99 of each read set at both sizes with their ratios.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-100000}
small=${2:-1000}
build=${BUILD:-$root/build-bench}
shared=${SHARED:-$root/../shared}
corpus=$shared/corpus/dev
[ -d "$corpus" ] || { echo "bench/import.sh: no corpus at $corpus (set SHARED)" >&2; exit 2; }
[ "$small" -lt "$count" ] || { echo "bench/import.sh: SMALL must be below COUNT" >&2; exit 2; }
[ -d "$build" ] || meson setup "$build" "$root" --buildtype=release >/dev/null
ninja -C "$build" podium >/dev/null

work=$(mktemp -d /tmp/podium-import-bench.XXXXXX)
chmod 777 "$work"                   # the cluster's owner writes the COPY files here
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/load.py" dump "$corpus" 0 "$count" "$work/variants.bin"
/usr/bin/python3 - "$work/variants.bin" "$work" "$small" <<'EOF'
import json, sys
texts = open(sys.argv[1], 'rb').read().split(b'\0')[:-1]
small = int(sys.argv[3])
for name, part in (('first', texts[:small]), ('rest', texts[small:])):
    with open('%s/%s.jsonl' % (sys.argv[2], name), 'w', encoding='utf-8') as f:
        for t in part:
            f.write(json.dumps({'text': t.decode('utf-8')}, ensure_ascii=False) + '\n')
EOF
rm "$work/variants.bin"

cat > "$work/inner.sh" <<'EOF'
set -eu
work=$1 podium=$2 root=$3
base=$DATABASE_URL
psql() { /usr/lib/postgresql/15/bin/psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
url_of() { printf '%s\n' "$base" | sed "s|/podium_test?|/$1?|"; }
# As much shared memory as bench/run gives: 100,000 reports then stay in
# PostgreSQL's cache as they would in production.
psql -d "$base" -c "ALTER SYSTEM SET shared_buffers = '1GB'"
"$root/tests/pg_harness.sh" --stop
"$root/tests/pg_harness.sh" --start
psql -d "$base" -c 'CREATE DATABASE imported' -c 'CREATE DATABASE copied'
export PODIUM_MIGRATIONS_DIR=$root/migrations PODIUM_LOG=warn
DATABASE_URL=$(url_of copied) "$podium" migrate
imported=$(url_of imported)

import_part() {   # import_part NAME
    DATABASE_URL=$imported /usr/bin/time -f '%M' -o "$work/$1.rss" \
        "$podium" import --rejects "$work/$1.rejects.jsonl" "$work/$1.jsonl" \
        >"$work/$1.summary.json" 2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
}
reads_at() {      # reads_at SIZE: every read set against a fresh podium serve
    psql -d "$imported" -c 'VACUUM ANALYZE'
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    DATABASE_URL=$imported PODIUM_LISTEN=127.0.0.1:$port "$podium" serve 2>"$work/serve.$1.log" &
    pid=$!
    ready=no
    for _ in $(seq 300); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] &&
            ready=yes && break
        sleep 0.1
    done
    [ $ready = yes ] || { echo "bench/import.sh: podium serve not ready in 30 s" >&2; cat "$work/serve.$1.log" >&2; kill $pid; exit 1; }
    for set in $(cat "$work/sets"); do
        /usr/bin/python3 "$root/bench/reads.py" "http://127.0.0.1:$port" "$work/$set.paths" \
            >"$work/$set.$1.kv" || { kill $pid; exit 1; }
    done
    sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" >"$work/serve.$1.rss"
    kill $pid
    wait $pid || true
}

import_part first
/usr/bin/python3 "$root/bench/reads.py" --paths "$imported" "$work" >"$work/sets"
reads_at small
import_part rest
reads_at large

# The rows as stored, then into the second database: the columns that are
# not generated, in table order so foreign keys hold, in one transaction.
tables="reports people appearances remarks recommendations"
# The same merge memory as the import's batches (migration 0008), so the
# reference is not slowed by a setting the import does not suffer.
copy_sql="BEGIN; SELECT podium_merge_memory();"
for t in $tables; do
    cols=$(psql -d "$imported" -c "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '$t' AND is_generated = 'NEVER'")
    psql -d "$imported" -c "COPY $t ($cols) TO '$work/$t.copy' (FORMAT binary)"
    copy_sql="$copy_sql COPY $t ($cols) FROM '$work/$t.copy' (FORMAT binary);"
done
copy_sql="$copy_sql COMMIT;"
start=$(date +%s.%N)
psql -d "$(url_of copied)" -c "$copy_sql"
end=$(date +%s.%N)
echo "$start $end" > "$work/copy_time"
for t in $tables; do
    a=$(psql -d "$imported" -c "SELECT count(*) FROM $t")
    b=$(psql -d "$(url_of copied)" -c "SELECT count(*) FROM $t")
    [ "$a" = "$b" ] || { echo "bench/import.sh: $t: $a rows imported, $b copied" >&2; exit 1; }
done
EOF
chmod 755 "$work/inner.sh"
sh "$root/tests/pg_harness.sh" sh "$work/inner.sh" "$work" "$build/podium" "$root"

/usr/bin/python3 - "$work" "$count" "$small" <<'EOF'
import json, os, sys
work, count, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
MIB = 1024
def path(name):
    return os.path.join(work, name)
def kv(name):
    return {k: float(v) for k, v in (line.split() for line in open(path(name)))}
parts = [json.load(open(path(p + '.summary.json'))) for p in ('first', 'rest')]
stored = sum(p['stored'] for p in parts)
rejected = sum(p['rejected'] for p in parts)
import_s = sum(p['seconds'] for p in parts)
start, end = map(float, open(path('copy_time')).read().split())
copy_s = end - start
import_rss = max(int(open(path(p + '.rss')).read().split()[-1]) for p in ('first', 'rest')) / MIB
serve_rss = max(int(open(path('serve.%s.rss' % s)).read()) for s in ('small', 'large')) / MIB
imp_rate, copy_rate = stored / import_s, stored / copy_s
print('| reports | import s | import reports/s | COPY s | COPY reports/s | import/COPY rate | import peak RSS | server peak RSS |')
print('|---|---|---|---|---|---|---|---|')
print('| %d (%d stored, %d rejected) | %.1f | %.0f | %.1f | %.0f | %.2f | %.0f MiB | %.0f MiB |'
      % (count, stored, rejected, import_s, imp_rate, copy_s, copy_rate, imp_rate / copy_rate,
         import_rss, serve_rss))
print()
print('| GET, %d requests each | p50 at %d | p50 at %d | ratio | p99 at %d | p99 at %d | ratio |'
      % (kv(open(path('sets')).read().split()[0] + '.small.kv')['requests'], small, count, small, count))
print('|---|---|---|---|---|---|---|')
for s in open(path('sets')).read().split():
    a, b = kv(s + '.small.kv'), kv(s + '.large.kv')
    print('| %s | %.2f ms | %.2f ms | %.2f | %.2f ms | %.2f ms | %.2f |'
          % (s, a['p50_ms'], b['p50_ms'], b['p50_ms'] / a['p50_ms'],
             a['p99_ms'], b['p99_ms'], b['p99_ms'] / a['p99_ms']))
EOF
