#!/bin/sh
# lexicons_current.sh PYTHON SCRIPT GENERATED [SCRIPT-OPTIONS...]: fails
# when the committed generated lexicon differs from what its generator
# prints today, so a word added to the script but not regenerated (or a
# hand edit of the output) cannot land.
set -eu
python=$1 script=$2 generated=$3
shift 3
fresh=$(mktemp "${TMPDIR:-/tmp}/podium-lex.XXXXXX")
trap 'rm -f "$fresh"' EXIT
"$python" "$script" "$@" > "$fresh"
if ! cmp -s "$fresh" "$generated"; then
    echo "$generated is stale: run $script $* > $generated" >&2
    diff -u "$generated" "$fresh" | head -n 40 >&2
    exit 1
fi
