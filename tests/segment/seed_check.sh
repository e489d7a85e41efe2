#!/bin/sh
# seed_check.sh PYTHON SCORE PODIUM SHARED: the seed report alone, scored
# against its gold: every person, role and recommendation must be right.
set -eu
python=$1 score=$2 podium=$3 shared=$4
dir=$(mktemp -d "${TMPDIR:-/tmp}/podium-seed.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp "$shared/seeds/000_5e284a82f95b1934.txt" "$dir/seed.txt"
cp "$shared/corpus/dev/seed.gold.json" "$dir/seed.gold.json"
exec "$python" "$score" --corpus "$dir" --cmd "$podium segment" --verbose \
    --min person_f1=1 --min role_acc=1 --min recommendation_f1=1 --min affiliation_acc=1
