#!/bin/sh
# CLI contract of `podium segment [FILE|-]` (DESIGN.md section 2, issue 3):
# JSON on stdout and exit 0 for a report; for a missing or unreadable file,
# invalid UTF-8, a NUL byte or an empty input, exit 2 with exactly one line
# on stderr naming the problem (with the byte offset where one applies) and
# nothing on stdout.
# usage: cli.sh PODIUM [CASE...]: runs the named cases, or all, and reports
# each by name in TAP (meson's protocol: 'tap'); failures go to stderr.
set -u
podium=$1
shift
python=/usr/bin/python3
[ -x "$python" ] || python=python3
dir=$(mktemp -d "${TMPDIR:-/tmp}/podium-cli.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() {
    echo "FAIL $case_name: $*" >&2
    failures=$((failures + 1))
}

# run_segment ARG [STDIN_FILE]: runs podium, keeps status, stdout, stderr.
run_segment() {
    if [ $# -gt 1 ]; then
        "$podium" segment "$1" <"$2" >"$dir/out" 2>"$dir/err"
    else
        "$podium" segment "$1" </dev/null >"$dir/out" 2>"$dir/err"
    fi
    status=$?
}

expect_error() {  # expect_error WHAT [TEXT_IN_MESSAGE]
    if [ "$status" -ne 2 ]; then
        fail "$1: exit $status, want 2"
    fi
    if [ -s "$dir/out" ]; then
        fail "$1: printed on stdout"
    fi
    lines=$(wc -l <"$dir/err")
    if [ "$lines" -ne 1 ]; then
        fail "$1: $lines lines on stderr, want exactly 1"
    fi
    if [ $# -gt 1 ] && ! grep -qwF -- "$2" "$dir/err"; then
        fail "$1: stderr does not mention $2"
    fi
    sed 's/^/  stderr: /' "$dir/err" >&2
}

# expect_json WHAT PARAGRAPHS: the Segmentation JSON of DESIGN.md section 3:
# every key with its type, nullable fields as null, and every span cutting
# from the original bytes the text it is reported with.
expect_json() {
    if [ "$status" -ne 0 ]; then
        fail "$1: exit $status, want 0"
        sed 's/^/  stderr: /' "$dir/err" >&2
        return
    fi
    if ! "$python" - "$dir/out" "$2" "$report" <<'PY'
import json, sys, unicodedata
doc = json.load(open(sys.argv[1], encoding="utf-8"))
raw = open(sys.argv[3], "rb").read()

def same(span, text):
    cut = raw[span["start"]:span["end"]].decode("utf-8")
    fold = lambda s: "".join(unicodedata.normalize("NFKC", s).split())
    assert fold(cut) == fold(text), "span %r says %r, text is %r" % (span, cut, text)

def keys(obj, names, what):
    missing = [k for k in names if k not in obj]
    assert not missing, "%s lacks %s" % (what, missing)

keys(doc, ("language", "event", "paragraphs", "people", "warnings"), "document")
assert doc["language"] in ("zh-Hans", "zh-Hant", "en", "und"), doc["language"]
keys(doc["event"], ("name", "date", "venue", "theme", "organizers", "reporter"), "event")
assert isinstance(doc["event"]["organizers"], list)
assert len(doc["paragraphs"]) == int(sys.argv[2]), "paragraphs: %d" % len(doc["paragraphs"])
for i, p in enumerate(doc["paragraphs"]):
    assert p["index"] == i and p["start"] < p["end"], p
for person in doc["people"]:
    keys(person, ("name", "name_key", "affiliation", "title", "role", "topic", "remarks",
                  "recommendations"), "person")
    assert person["role"] in ("speaker", "summarizer", "moderator", "attendee"), person["role"]
    for m in person["remarks"]:
        keys(m, ("paragraph", "start", "end", "text", "cue", "confidence"), "remark")
        same(m, m["text"])
        assert 0 <= m["confidence"] <= 1
        if m["cue"] is not None:
            keys(m["cue"], ("start", "end", "text"), "cue")
            same(m["cue"], m["cue"]["text"])
    for n, item in enumerate(person["recommendations"], 1):
        keys(item, ("ordinal", "marker", "paragraph", "start", "end", "text"), "recommendation")
        assert item["ordinal"] == n, item
        same(item, item["text"])
for w in doc["warnings"]:
    keys(w, ("code", "paragraph", "start", "end", "text"), "warning")
people = {p["name"]: p for p in doc["people"]}
assert set(people) == {"林知遠", "包晓东"}, "people: %r" % list(people)
lin = people["林知遠"]
assert lin["affiliation"] == "江州学院环境学院院长" and lin["title"] == "院长", lin
assert [i["marker"] for i in lin["recommendations"]] == ["一是", "二是"], lin["recommendations"]
assert any("今后还要加强执法监管" in m["text"] for m in people["包晓东"]["remarks"]), \
    "the sentence after 指出 is not carried over to its speaker"
PY
    then
        fail "$1: stdout is not the expected Segmentation JSON"
    fi
}

report="$dir/report.txt"
printf '%s\n' \
    '本报讯 10月9日,湖区生态保护研讨会在江州学院举行。' \
    '' \
    '江州学院环境学院院长林知遠,市水利局副局长包晓东等出席会议。' \
    '林知遠表示,湖区治理是一项系统工程。他建议,一是加快建立湖区生态补偿机制;二是完善湖区水质监测网络。' \
    '包晓东指出,近年来湖区水质持续改善。今后还要加强执法监管。' >"$report"

# Each case is a function case_NAME; the list of cases is read from them.
case_file() {
    run_segment "$report"
    expect_json "report file" 4
    [ -s "$dir/err" ] && fail "report file: wrote to stderr"
}

case_stdin() {
    run_segment "$report"
    cp "$dir/out" "$dir/from_file"
    run_segment - "$report"
    expect_json "report on stdin" 4
    cmp -s "$dir/out" "$dir/from_file" || fail "stdin and file give different output"
}

case_missing() {
    run_segment "$dir/no-such-report.txt"
    expect_error "missing file" "no-such-report.txt"
}

case_directory() {
    run_segment "$dir"
    expect_error "a directory as FILE"
}

case_invalid_utf8() {
    printf 'abc\377def\n' >"$dir/bad.txt"
    run_segment "$dir/bad.txt"
    expect_error "invalid UTF-8 in a file" 3
    printf '\344\270\255\355\240\200\n' >"$dir/surrogate.txt"
    run_segment - "$dir/surrogate.txt"
    expect_error "a surrogate on stdin" 3
}

case_nul() {
    printf 'ab\000cd\n' >"$dir/nul.txt"
    run_segment "$dir/nul.txt"
    expect_error "NUL byte" 2
}

case_empty() {
    : >"$dir/empty.txt"
    run_segment "$dir/empty.txt"
    expect_error "empty file"
    printf ' \n\t\n\n' >"$dir/blank.txt"
    run_segment - "$dir/blank.txt"
    expect_error "white space on stdin"
}

case_explain() {
    # each decision with its rule and the input it read, as text
    "$podium" segment --explain "$report" >"$dir/out" 2>"$dir/err"
    status=$?
    [ "$status" -eq 0 ] || fail "--explain: exit $status, want 0"
    [ -s "$dir/err" ] && fail "--explain: wrote to stderr"
    for want in \
        'person 1: 林知遠 (speaker), affiliation 江州学院环境学院院长' \
        '  rule person.title-before: ' \
        '  evidence bytes [0-9]*-[0-9]*: 江州学院环境学院院长林知遠$' \
        '    rule remark.cue: ' \
        '    evidence bytes [0-9]*-[0-9]*: 表示$' \
        '    rule remark.pronoun: ' \
        '  recommendation 2, paragraph 2, bytes [0-9]*-[0-9]*: 二是完善湖区水质监测网络$' \
        '    rule item.enumeration: ' \
        '    evidence bytes [0-9]*-[0-9]*: 二是$' \
        '    rule item.modal-inside: ' \
        '    evidence bytes [0-9]*-[0-9]*: 要$'; do
        grep -q -- "^$want" "$dir/out" || fail "--explain: no line matching '$want'"
    done
    # evidence spans cut from the original bytes what they quote
    "$python" - "$dir/out" "$report" <<'PY' || fail "--explain: an evidence span does not match the input"
import re, sys
raw = open(sys.argv[2], "rb").read()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"\s*evidence bytes (\d+)-(\d+): (.*)$", line)
    if m:
        cut = raw[int(m.group(1)):int(m.group(2))].decode("utf-8")
        assert cut == m.group(3), (cut, m.group(3))
PY
    run_segment --explain-all
    expect_error "an unknown option" "usage:"
    "$podium" segment --explain "$dir/no-such-report.txt" </dev/null >"$dir/out" 2>"$dir/err"
    status=$?
    expect_error "--explain of a missing file" "no-such-report.txt"
}

all_cases=$(sed -n 's/^case_\([a-z0-9_]*\)() {$/\1/p' "$0" | tr '\n' ' ')
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $all_cases
for case_name in "$@"; do
    case " $all_cases " in
    *" $case_name "*) ;;
    *) echo "cli.sh: no case named $case_name (cases: $all_cases)" >&2; exit 2 ;;
    esac
done
echo "1..$#"
number=0 failed_cases=0
for case_name in "$@"; do
    number=$((number + 1))
    failures=0
    "case_$case_name"
    if [ "$failures" -eq 0 ]; then
        echo "ok $number $case_name"
    else
        echo "not ok $number $case_name"
        failed_cases=$((failed_cases + 1))
    fi
done
[ "$failed_cases" -eq 0 ]
