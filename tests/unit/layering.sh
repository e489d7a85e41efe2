#!/bin/sh
# Layer boundaries of DESIGN.md section 1, checked on the include lists:
# segment/ is pure (no HTTP, no SQL), store/ knows no HTTP, handlers never
# see libpq, and only src/store/ includes the store internals.
set -eu
SRC=${1:?usage: layering.sh SRC_DIR}
bad=0
forbid() {   # forbid DIR PATTERN WHY
    if hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$SRC/$1" 2>/dev/null); then
        echo "$3:"; echo "$hits"; bad=1
    fi
}
forbid segment 'microhttpd|libpq|http/|store/|jansson' "segment/ must stay pure"
forbid store 'microhttpd|http/|handlers/' "store/ must not know HTTP"
forbid handlers 'libpq|microhttpd|store/store_internal.h' "handlers must not touch libpq or MHD"
forbid http 'libpq|store/store_internal.h' "http/ must not touch libpq"
exit $bad
