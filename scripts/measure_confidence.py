#!/usr/bin/env python3
"""Measure the precision of each attribution rule of the segmenter.

Usage: scripts/measure_confidence.py PODIUM CORPUS_DIR [--lang zh]

Runs `PODIUM segment` on every CORPUS_DIR/NAME.txt that has a gold file and
counts, per rule, how many remark paragraphs it attributed and how many of
those the gold has for the same person. Each remark carries its rule's
confidence, so the rule is read back from that value: the remark rules'
confidences in src/segment/rules.h must stay distinct. The confidence is
the smoothed precision (right + 1) / (attributed + 2), so that a rule seen
a few times does not claim certainty; round it to two decimals and update
rules.h when it moves.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "src", "segment", "rules.h")
ANNOT = re.compile(r"\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})\)")


def norm(name):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", ANNOT.sub("", name or "")))


def rules():
    out = {}
    with open(RULES, encoding="utf-8") as f:
        for line in f:
            m = re.search(r'X\(REMARK_\w+, "([\w.-]+)", ([0-9.]+),', line)
            if m:
                out[float(m.group(2))] = m.group(1)
    return out


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    podium, corpus = sys.argv[1], sys.argv[2]
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "zh"
    by_value = rules()
    counts = {}
    for gold_name in sorted(os.listdir(corpus)):
        if not gold_name.endswith(".gold.json"):
            continue
        gold = json.load(open(os.path.join(corpus, gold_name), encoding="utf-8"))
        if not (gold.get("language") or "").startswith(lang):
            continue
        txt = os.path.join(corpus, gold_name[: -len(".gold.json")] + ".txt")
        out = subprocess.run([podium, "segment", txt], capture_output=True, check=True).stdout
        pred = json.loads(out)
        truth = {(norm(p["name"]), i) for p in gold["speakers"] for i in p.get("remark_paragraphs") or []}
        seen = set()
        for p in pred["people"]:
            for r in p["remarks"]:
                key = (norm(p["name"]), r["paragraph"])
                rule = by_value.get(round(r["confidence"], 4), "unknown %s" % r["confidence"])
                if (key, rule) in seen:
                    continue
                seen.add((key, rule))
                right, total = counts.get(rule, (0, 0))
                counts[rule] = (right + (key in truth), total + 1)
    for rule, (right, total) in sorted(counts.items()):
        print("%-20s %4d/%4d  precision %.2f  smoothed %.2f"
              % (rule, right, total, right / total, (right + 1) / (total + 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
