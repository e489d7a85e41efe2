#!/bin/sh
# corpus.sh ROOT PYTHON PODIUM dev|seed|sources [SCORE-OPTIONS...]: scores
# `podium segment` with score.py on the real reports of a corpus, which
# stays outside the project (its texts are test data that may not be copied
# in). `dev`: every report of CORPUS/dev with the options given (--lang,
# --min floors); `seed`: the seed report alone, where every person, role,
# affiliation and recommendation must be right; `sources`: every source
# (newsroom) of CORPUS/dev against its floors in tests/segment/source_floors.tsv.
#
# Where the corpus is: PODIUM_CORPUS=DIR (a folder holding dev/), else
# ROOT/../shared/corpus. score.py comes with the corpus, from
# CORPUS/../tools/score.py (the shared folder's layout), unless
# PODIUM_SCORE=FILE names it. No corpus: exit 77 (skipped) with one line
# saying where to get it, except when CI is set (CI has ../shared, so a
# missing corpus there is a broken checkout, not a lone clone) or when
# PODIUM_CORPUS names a folder that is not a corpus: then exit 1.
set -eu
root=$1 python=$2 podium=$3 what=$4
shift 4
corpus=${PODIUM_CORPUS:-$root/../shared/corpus}
score=${PODIUM_SCORE:-$corpus/../tools/score.py}

if [ ! -d "$corpus/dev" ] || [ ! -f "$score" ]; then
    echo "no corpus at $corpus (dev/ and ../tools/score.py): the corpus suite needs the" \
         "project's shared folder beside the checkout as ../shared, or PODIUM_CORPUS=DIR" \
         "(and PODIUM_SCORE=FILE when score.py is not in DIR/../tools)"
    if [ -n "${CI:-}" ] || [ -n "${PODIUM_CORPUS:-}" ]; then
        exit 1
    fi
    exit 77
fi

case $what in
dev)
    exec "$python" "$score" --corpus "$corpus/dev" --cmd "$podium segment" "$@" ;;
seed)
    # score.py scores every *.txt of a folder: give it the seed and its gold alone.
    dir=$(mktemp -d "${TMPDIR:-/tmp}/podium-seed.XXXXXX")
    trap 'rm -rf "$dir"' EXIT
    cp "$corpus/dev/seed.txt" "$corpus/dev/seed.gold.json" "$dir/"
    "$python" "$score" --corpus "$dir" --cmd "$podium segment" --verbose \
        --min person_f1=1 --min role_acc=1 --min recommendation_f1=1 --min affiliation_acc=1 ;;
sources)
    # each newsroom against its own floors, so no rule costs one source
    exec "$python" "$root/tests/segment/source_floors.py" "$score" "$corpus/dev" "$podium" \
        "$root/tests/segment/source_floors.tsv" ;;
*)
    echo "corpus.sh: unknown run $what" >&2
    exit 2 ;;
esac
