#!/bin/sh
# Layer boundaries of DESIGN.md section 1 and README's "Layout": segment/ is
# pure (no HTTP, no SQL), store/ knows no HTTP, handlers never see libpq,
# only src/store/ includes the store internals, and http/ knows no handler.
#
# Includes are read from the sources. An http/ file can also reach a handler
# without including anything of handlers/ (an extern declared on its own, as
# http/router.h once did for the route table), so the names handlers/
# defines are looked for in http/ too, and, when the built core library is
# given, the linker's view is checked: no http/ object may need a symbol a
# handlers/ object defines.
set -eu
SRC=${1:?usage: layering.sh SRC_DIR [CORE_LIBRARY]}
LIB=${2:-}
bad=0
forbid() {   # forbid DIR PATTERN WHY
    if hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$SRC/$1" 2>/dev/null); then
        echo "$3:"; echo "$hits"; bad=1
    fi
}
forbid segment 'microhttpd|libpq|http/|store/|jansson|handlers/' "segment/ must stay pure"
forbid store 'microhttpd|http/|handlers/' "store/ must not know HTTP"
forbid handlers 'libpq|microhttpd|store/store_internal.h' "handlers must not touch libpq or MHD"
forbid http 'libpq|store/store_internal.h' "http/ must not touch libpq"
forbid http 'handlers/' "http/ must not know the handlers"

# Names given external linkage at file scope in handlers/*.c: a line that
# starts a definition (not static, not a preprocessor line, not a brace)
# and names a function or an object.
handler_names=$(sed -nE '/^(static|#|[[:space:]]|[{}]|\/)/d
    s/^[A-Za-z_][A-Za-z0-9_ *]*[ *]([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*(\(|\[|=|;).*/\1/p' \
    "$SRC"/handlers/*.c | sort -u)
for name in $handler_names; do
    if hits=$(grep -rnw -- "$name" "$SRC/http" 2>/dev/null); then
        echo "http/ must not name $name, which handlers/ defines:"; echo "$hits"; bad=1
    fi
done

if [ -n "$LIB" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    nm -A -g --defined-only "$LIB" | awk '/src_handlers_/ {print $NF}' | sort -u >"$tmp/defined"
    nm -A -u "$LIB" | awk '/src_http_/ {print $NF}' | sort -u >"$tmp/needed"
    if [ ! -s "$tmp/defined" ] || [ ! -s "$tmp/needed" ]; then
        echo "no handlers/ or http/ objects in $LIB: nothing could be checked"; bad=1
    elif both=$(comm -12 "$tmp/defined" "$tmp/needed") && [ -n "$both" ]; then
        echo "http/ objects of $LIB need symbols handlers/ defines:"; echo "$both"; bad=1
    fi
fi
exit $bad
