#!/usr/bin/python3
"""Distinct reports for the ingest and scale benchmarks.

Variant k of the dev corpus is corpus file k mod F with every speaker name of
its gold file replaced by a name drawn from a pool of POOL people (so people
recur across reports, as in real news), every "M月D日" and "YYYY年" date moved,
and one line appended that makes the text unique. The corpus and gold files
are read at run time from ../shared; nothing of them is stored in the repo.

usage:
  load.py dump CORPUS_DIR FIRST COUNT OUT
      writes variants FIRST..FIRST+COUNT-1 to OUT, each followed by a NUL byte
      (the input of bench/post and bench/ref_ingest)
  load.py paragraph CORPUS_DIR BYTES OUT
      writes one line of about BYTES bytes: the Chinese corpus files joined
      without line breaks and repeated (a single-paragraph stress input)
"""
import glob
import json
import os
import re
import sys

# Characters written the same in simplified and traditional script, so a
# generated name reads naturally in reports of either script.
SURNAMES = "王李周林徐朱胡高何郭梁宋唐曹彭曾田董潘袁蔡杜丁余程魏姚方石廖熊金孔白崔康毛邱秦江史侯邵孟段雷尹黎易常武文"
GIVEN = "文明中正平安永一天山玉光成宇志子思雨立新友春秋冬夏和世家佳美英奇海青清月星晨金林森松竹梅芳仁信忠德良善博才杰勇"
FIRST_NAMES = ["Alice", "Brian", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Irene",
               "James", "Karen", "Louis", "Maria", "Nigel", "Olive", "Peter", "Rachel", "Simon",
               "Tessa", "Victor"]
LAST_NAMES = ["Adams", "Baker", "Clarke", "Dixon", "Evans", "Fisher", "Graham", "Hughes",
              "Irving", "Jones", "Knight", "Lewis", "Morgan", "Norris", "Owen", "Parker",
              "Quinn", "Reid", "Stone", "Turner", "Upton", "Walsh", "Young"]
POOL = 20000
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"(?<!\d)20\d\d年")


def mix(*values):
    """A cheap deterministic hash of small integers (FNV-1a over their text)."""
    h = 2166136261
    for b in ",".join(map(str, values)).encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def person_name(person, english):
    if english:
        return "%s %s" % (FIRST_NAMES[person % len(FIRST_NAMES)],
                          LAST_NAMES[person // len(FIRST_NAMES) % len(LAST_NAMES)])
    g = len(GIVEN)
    return (SURNAMES[person % len(SURNAMES)] + GIVEN[person // len(SURNAMES) % g] +
            GIVEN[person // (len(SURNAMES) * g) % g])


class Corpus:
    def __init__(self, directory):
        self.docs = []
        for path in sorted(glob.glob(os.path.join(directory, "*.txt"))):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            gold_path = path[:-4] + ".gold.json"
            names, english = [], False
            if os.path.exists(gold_path):
                with open(gold_path, encoding="utf-8") as f:
                    gold = json.load(f)
                english = gold.get("language") == "en"
                # Longest first, so a name inside a longer one is not cut.
                names = sorted({s["name"] for s in gold.get("speakers", []) if len(s["name"]) >= 2},
                               key=len, reverse=True)
            pattern = re.compile("|".join(map(re.escape, names))) if names else None
            self.docs.append((text, pattern, names, english))
        if not self.docs:
            sys.exit("load.py: no *.txt under %s" % directory)

    def variant(self, k):
        text, pattern, names, english = self.docs[k % len(self.docs)]
        if pattern is not None:
            new = {n: person_name(mix(k, i) % POOL, english) for i, n in enumerate(names)}
            text = pattern.sub(lambda m: new[m.group(0)], text)
        if not english:
            text = MONTH_DAY.sub(lambda m: "%d月%d日" % (1 + mix(k, "m") % 12, 1 + mix(k, "d") % 28),
                                 text)
            text = YEAR.sub(lambda m: "%d年" % (2015 + mix(k, "y") % 10), text)
        tail = "(report %d)" % k if english else "（稿件编号 %d）" % k
        return text.rstrip("\n") + "\n" + tail + "\n"


def dump(corpus, first, count, out):
    with open(out, "wb") as f:
        for k in range(first, first + count):
            f.write(corpus.variant(k).encode("utf-8") + b"\0")


def paragraph(corpus, size, out):
    text = "".join(t.replace("\n", "") for t, _, _, english in corpus.docs if not english)
    data = (text * (size // len(text.encode("utf-8")) + 1)).encode("utf-8")[:size]
    with open(out, "wb") as f:
        f.write(data.decode("utf-8", "ignore").encode("utf-8") + b"\n")


def main():
    args = sys.argv[1:]
    if len(args) >= 5 and args[0] == "dump":
        dump(Corpus(args[1]), int(args[2]), int(args[3]), args[4])
        return
    if len(args) >= 4 and args[0] == "paragraph":
        paragraph(Corpus(args[1]), int(args[2]), args[3])
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
