#!/usr/bin/python3
"""Prints bench/run's table from the raw outputs in OUT_DIR.

usage: table.py OUT_DIR QUICK(0|1)

One row per figure: what podium measured, the reference measured in the same
run, their ratio, the target of issue 6, and whether it is met. A Markdown
table, so BENCHMARKS.md can take it as printed.
"""
import os
import re
import sys

SEGMENT_ROW = re.compile(r"^(?P<label>.+?)\s{2,}(?P<podium>\S.*?)\s+(?P<ref>\S+)\s+(?P<ratio>\S+)$")


def read_kv(out, name):
    values = {}
    path = os.path.join(out, name + ".kv")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    try:
                        values[parts[0]] = float(parts[1])
                    except ValueError:
                        pass
    return values


def segment_rows(out):
    """bench/segment.sh's table as (label, columns) pairs."""
    rows = []
    path = os.path.join(out, "segment.table")
    if os.path.exists(path):
        with open(path) as f:
            for line in f.read().splitlines()[1:]:
                m = SEGMENT_ROW.match(line)
                if m:
                    rows.append((m.group("label"), m.groupdict()))
    return rows


def find(rows, *words):
    """The first row whose label contains every word."""
    return next((cols for label, cols in rows if all(w in label for w in words)), None)


def number(text):
    m = re.match(r"[-+]?[0-9.]+", text or "")
    return float(m.group(0)) if m else None


class Table:
    def __init__(self):
        self.rows = []

    def add(self, figure, podium, ref="-", ratio="-", target="-", met=None):
        self.rows.append((figure, podium, ref, ratio, target,
                          "-" if met is None else ("yes" if met else "**no**")))

    def print(self):
        head = ("figure", "Podium", "reference", "ratio", "target", "met")
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def fmt(v, digits=0):
    return "-" if v is None else "{:,.{d}f}".format(v, d=digits)


def main():
    out, quick = sys.argv[1], sys.argv[2] == "1"
    t = Table()

    seg = segment_rows(out)
    for words, label in ((("throughput, seed",), "segmenter, seed, MB/s (ref: jieba cut)"),
                         (("throughput, dev corpus",), "segmenter, dev corpus, MB/s (ref: jieba cut)")):
        row = find(seg, *words)
        if row is None:
            t.add(label, "missing")
            continue
        mbps, ref = number(row["podium"]), number(row["ref"])
        ratio = mbps / ref if mbps and ref else None
        t.add(label, fmt(mbps, 1), fmt(ref, 2), fmt(ratio) + "x", ">= 50 MB/s, >= 50x",
              mbps is not None and ratio is not None and mbps >= 50 and ratio >= 50)
    row = find(seg, "instructions per input byte")
    if row is not None:
        t.add("segmenter, instructions per input byte (callgrind)", row["podium"])
    row = find(seg, "peak heap", "MB input")
    if row is not None:
        m = re.search(r"\(([0-9.]+)x\)", row["podium"])
        t.add("segmenter, peak heap on a ~5 MB input", row["podium"], target="< 10x input + a few MB",
              met=m is not None and float(m.group(1)) < 10)

    start = read_kv(out, "para0").get("seconds")
    one, five = read_kv(out, "para1").get("seconds"), read_kv(out, "para5").get("seconds")
    if start is not None and one and five and one > start:
        one, five = one - start, five - start
        t.add("podium segment, 5 MB single paragraph, s (ref: 5 x 1 MB; start-up excluded)",
              fmt(five, 2), fmt(5 * one, 2), fmt(five / (5 * one), 2), "<= 1.2 (linear)",
              five <= 1.2 * 5 * one)

    pod, ref = read_kv(out, "ingest"), read_kv(out, "ref_ingest")
    if pod and ref:
        ratio = pod["per_second"] / ref["per_second"] if ref.get("per_second") else None
        t.add("ingest, POST /reports, reports/s, 16 conn. (ref: one CTE statement per report)",
              fmt(pod["per_second"]), fmt(ref["per_second"]), fmt(ratio, 2), ">= 0.7",
              ratio is not None and ratio >= 0.7)
        t.add("ingest, p50 / p99 latency, ms", "%s / %s" % (fmt(pod["p50_ms"], 1), fmt(pod["p99_ms"], 1)),
              "%s / %s" % (fmt(ref["p50_ms"], 1), fmt(ref["p99_ms"], 1)))

    reads = (("speakers", "GET /speakers/{id}", "ref_people", 0.6),
             ("reports", "GET /reports/{id}", "ref_people", None),
             ("list", "GET /reports?limit=20", "ref_people", None),
             ("search", "GET /recommendations?q= (3 chars)", "ref_people", None),
             ("healthz", "GET /healthz (ref: constant body)", "const", 0.8))
    for name, label, ref_name, target in reads:
        pod, ref = read_kv(out, name + ".small"), read_kv(out, ref_name + ".small")
        if not pod:
            continue
        ratio = pod["per_second"] / ref["per_second"] if ref.get("per_second") else None
        t.add("%s, req/s, 64 conn., 1 000 reports" % label, fmt(pod["per_second"]),
              fmt(ref.get("per_second")), fmt(ratio, 2),
              ">= %.1f" % target if target else "-",
              (ratio is not None and ratio >= target) if target else None)
        t.add("%s, p50 / p99 ms, 1 000 reports" % label,
              "%s / %s" % (fmt(pod["p50_ms"], 2), fmt(pod["p99_ms"], 2)),
              "%s / %s" % (fmt(ref.get("p50_ms"), 2), fmt(ref.get("p99_ms"), 2)))

    stored = read_kv(out, "scale_count").get("stored")
    for name, label, _, _ in reads[:4]:
        pod_small, pod_large = read_kv(out, name + ".small"), read_kv(out, name + ".large")
        if not pod_small or not pod_large:
            continue
        r50 = pod_large["p50_ms"] / pod_small["p50_ms"] if pod_small["p50_ms"] else None
        r99 = pod_large["p99_ms"] / pod_small["p99_ms"] if pod_small["p99_ms"] else None
        t.add("%s, p50 / p99 ms at %s reports (ref: at 1 000)" % (label, fmt(stored)),
              "%s / %s" % (fmt(pod_large["p50_ms"], 2), fmt(pod_large["p99_ms"], 2)),
              "%s / %s" % (fmt(pod_small["p50_ms"], 2), fmt(pod_small["p99_ms"], 2)),
              "%s / %s" % (fmt(r50, 2), fmt(r99, 2)), "<= 1.5",
              r50 is not None and r99 is not None and r50 <= 1.5 and r99 <= 1.5)

    load = read_kv(out, "load")
    if load.get("posted"):
        per_report = load["load_seconds"] / load["posted"]
        projected = per_report * 100000
        t.add("time to POST 100 000 reports, s%s" % (" (extrapolated from %s posted)"
                                                     % fmt(load["posted"])
                                                     if load["posted"] < 100000 else ""),
              fmt(projected), "-", "-", "< 300 s", projected < 300)
    plans = read_kv(out, "plans")
    if plans:
        t.add("EXPLAIN of %d list/search plans: seq scans on big tables" % plans.get("plans", 0),
              fmt(plans.get("seq_scans")), "-", "-", "0, trigram indexes used",
              plans.get("seq_scans") == 0 and plans.get("trgm") == 2 and plans.get("plans", 0) > 0)
    for size in ("small", "large"):
        mem = read_kv(out, "memory." + size)
        if mem:
            t.add("podium peak RSS after 64-connection reads at %s reports, MiB"
                  % ("1 000" if size == "small" else fmt(stored)),
                  fmt(mem["VmHWM"] / 1024, 1), "-", "-", "< 64 MiB", mem["VmHWM"] / 1024 < 64)
    t.print()
    if quick:
        print("\n(--quick: short runs and a smaller database; figures are indicative only)")


if __name__ == "__main__":
    main()
