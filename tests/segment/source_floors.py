#!/usr/bin/env python3
"""Per-source floors of the corpus suite: no newsroom may fall.

Usage: source_floors.py SCORE CORPUS_DEV PODIUM FLOORS [--update]

Runs score.py --by-source over every report and compares each source's
measures with its row in FLOORS (tab-separated: source, then one column per
measure; '#' lines are comments). A rule written for one newsroom that
costs another fails here even when the totals rise. The floors are a
ratchet: --update rewrites FLOORS with today's values, rounded down to three
places, wherever they are higher, and never lowers one.
"""
import math
import subprocess
import sys

MEASURES = ("person_f1", "speaker_f1", "affiliation_acc", "attribution_f1",
            "recommendation_f1")


def measure(score, corpus, podium):
    out = subprocess.run([sys.executable, score, "--corpus", corpus, "--cmd",
                          podium + " segment", "--by-source"],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        if not line.startswith("SOURCE "):
            continue
        # SOURCE name  files N  crashes N  metric value ...; the name may hold spaces
        head, _, tail = line[len("SOURCE "):].partition(" files ")
        words = ("files " + tail).split()
        values = dict(zip(words[0::2], words[1::2]))
        found[head.strip()] = {m: float(values[m]) for m in MEASURES}
        found[head.strip()]["crashes"] = int(values["crashes"])
    return found


def read_floors(path):
    floors = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            floors[cells[0]] = dict(zip(MEASURES, map(float, cells[1:])))
    return floors


def write_floors(path, floors, header):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for source in sorted(floors):
            f.write("\t".join([source] + ["%.3f" % floors[source][m] for m in MEASURES]) + "\n")


def main(argv):
    if len(argv) not in (5, 6) or (len(argv) == 6 and argv[5] != "--update"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    score, corpus, podium, path = argv[1:5]
    now = measure(score, corpus, podium)
    floors = read_floors(path)
    if len(argv) == 6:
        with open(path, encoding="utf-8") as f:
            header = "".join(line for line in f if line.startswith("#"))
        for source, values in now.items():
            old = floors.get(source, {m: 0.0 for m in MEASURES})
            floors[source] = {m: max(old[m], math.floor(values[m] * 1000) / 1000)
                              for m in MEASURES}
        write_floors(path, floors, header)
        return 0
    failed = 0
    print("%-40s %s" % ("source", " ".join("%17s" % m for m in MEASURES)))
    for source in sorted(now):
        cells = []
        for m in MEASURES:
            floor = floors.get(source, {}).get(m)
            low = floor is not None and now[source][m] < floor
            failed += low
            cells.append("%17s" % ("%.4f%s" % (now[source][m], " < %.3f" % floor if low else "")))
        failed += now[source]["crashes"] > 0
        print("%-40s %s" % (source, " ".join(cells)))
    for source in sorted(set(floors) - set(now)):
        print("no reports scored for %s, which has floors" % source)
        failed += 1
    print("%d source measures under their floors" % failed if failed else
          "every source at or above its floors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
