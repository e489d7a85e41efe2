#!/bin/sh
# layering.sh must be able to fail: run on copies of src/ with one violation
# planted in each, it has to refuse every copy and say why, while the same
# copy unplanted passes (so the refusal is the plant's doing).
# Usage: layering_fails.sh LAYERING_SH SRC_DIR
set -eu
LAYERING=${1:?usage: layering_fails.sh LAYERING_SH SRC_DIR}
SRC=${2:?usage: layering_fails.sh LAYERING_SH SRC_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

fresh() {   # fresh NAME: a clean copy of the tree at $tmp/NAME
    rm -rf "${tmp:?}/$1"
    cp -R "$SRC" "$tmp/$1"
}
expect_refusal() {   # expect_refusal WHAT REASON ARGS...: layering.sh ARGS must fail with REASON
    what=$1 reason=$2
    shift 2
    if sh "$LAYERING" "$@" >"$tmp/out" 2>&1; then
        echo "FAIL: layering.sh passed $what"; failed=1
    elif ! grep -qF -- "$reason" "$tmp/out"; then
        echo "FAIL: layering.sh refused $what, but not for \"$reason\":"; cat "$tmp/out"; failed=1
    fi
}

fresh clean
if ! sh "$LAYERING" "$tmp/clean" >"$tmp/out" 2>&1; then
    echo "FAIL: the unplanted copy is refused already:"; cat "$tmp/out"; exit 1
fi

fresh include
printf '#include "handlers/handlers.h"\n' >>"$tmp/include/http/router.c"
expect_refusal "an include of a handlers header in http/" \
    "http/ must not know the handlers" "$tmp/include"

# The link this check was written for: a table the handlers define, named by
# an extern of http/'s own, with no handlers header in sight.
fresh extern
printf 'const int planted_routes_count = 1;\n' >>"$tmp/extern/handlers/routes.c"
printf 'extern const int planted_routes_count;\n' >>"$tmp/extern/http/metrics.c"
expect_refusal "an extern naming a handlers table from http/" \
    "http/ must not name planted_routes_count" "$tmp/extern"

# The linker's view: objects named the way meson names those of the core
# library, an http/ one needing what a handlers/ one defines.
mkdir "$tmp/objects"
printf 'int planted_table[4];\n' >"$tmp/objects/handlers.c"
printf 'extern int planted_table[4];\nint planted_read(void) { return planted_table[0]; }\n' \
    >"$tmp/objects/http.c"
${CC:-cc} -c "$tmp/objects/handlers.c" -o "$tmp/objects/src_handlers_planted.c.o"
${CC:-cc} -c "$tmp/objects/http.c" -o "$tmp/objects/src_http_planted.c.o"
ar rc "$tmp/objects/libplanted.a" "$tmp/objects/src_handlers_planted.c.o" \
    "$tmp/objects/src_http_planted.c.o"
expect_refusal "an http/ object needing a handlers/ symbol" \
    "need symbols handlers/ defines" "$tmp/clean" "$tmp/objects/libplanted.a"

exit $failed
